/**
 * Serve: a tiny static file server for a built site, used by the audit and screenshot scripts and
 * the browser tests. Folders answer with their `index.html`; anything missing gets the site's
 * `404.html` with status 404, as a static host would. An optional path prefix mounts the site in
 * a sub-folder (`/news/`), to check that every link honours it.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, sep } from "node:path";

/** A running server: the site's base URL (prefix included) and a way to stop it. */
export interface StaticServer {
  url: string;
  origin: string;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** Serves `dir` on 127.0.0.1 at a free port, under `prefix` (default `/`). */
export async function serveStatic(dir: string, prefix = "/"): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const file = path.startsWith(prefix) ? resolveFile(dir, path.slice(prefix.length - 1)) : null;
    if (file === null) {
      const notFound = join(dir, "404.html");
      response.writeHead(404, { "content-type": TYPES[".html"]! });
      if (existsSync(notFound)) createReadStream(notFound).pipe(response);
      else response.end("Not found");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "max-age=3600" });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url: `${origin}${prefix}`, origin, close: () => closeServer(server) };
}

/** The file a URL path names inside `dir`, or null; folders mean their index.html. */
export function resolveFile(dir: string, path: string): string | null {
  const target = normalize(join(dir, path));
  if (target !== dir && !target.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
  if (!existsSync(target)) return null;
  if (statSync(target).isDirectory()) {
    const index = join(target, "index.html");
    return path.endsWith("/") && existsSync(index) ? index : null;
  }
  return target;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
