/**
 * Test helper: seed files built in memory. `seedText({ title: "x" })` gives a valid seed's text
 * with fields overridden (undefined removes a field); `seedFile(text)` wraps text or bytes as a SeedFile.
 */
import yaml from "js-yaml";
import type { SeedFile } from "../../src/types.ts";

/** A valid seed's fields, close to the real ones. */
export const BASE_SEED: Record<string, unknown> = {
  category: "news",
  title: "Police Commission approves new oversight for facial recognition",
  excerpt: "The Police Commission approved a policy Tuesday that set new parameters.",
  publishedDateTime: "2021-01-13T00:17:00Z",
  originalUrl: "https://ktla.com/news/local-news/oversight/",
  webUrl: "https://ktla.com/news/local-news/oversight/",
  type: "article",
  quality: 38,
  heat: -1,
  published: true,
  provider: { name: "KTLA", domain: "ktla.com" },
  topics: ["Computer Vision", "AI"],
  images: [{ url: "https://ktla.com/image.jpeg", width: 840, height: 473, isCached: true }],
  related: [
    {
      title: "Police use of Clearview AI spiked after Capitol raid",
      excerpt: "Clearview AI's app has seen a spike in use.",
      publishedDateTime: "2021-01-10T22:40:00Z",
      webUrl: "https://gizmodo.com/police-use-of-clearview-1846030687",
      type: "article",
      provider: { name: "Gizmodo", domain: "gizmodo.com" },
      quality: 100,
    },
  ],
  secured: "c2VjcmV0LXZhbHVlLW5ldmVyLXNob3du;c2FsdA==",
};

/** The text of a seed: BASE_SEED with overrides (an override of `undefined` removes the field). */
export function seedText(overrides: Record<string, unknown> = {}): string {
  const fields: Record<string, unknown> = { ...BASE_SEED };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete fields[key];
    else fields[key] = value;
  }
  return `---\n${yaml.dump(fields, { schema: yaml.CORE_SCHEMA, lineWidth: -1 })}---\n`;
}

/** Wraps text (encoded as UTF-8) or raw bytes as a seed file named `seeds/<name>`. */
export function seedFile(content: string | Uint8Array, name = "000_0123456789abcdef.txt"): SeedFile {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return { path: `seeds/${name}`, name, bytes };
}
