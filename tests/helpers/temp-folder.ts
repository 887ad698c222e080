/**
 * Vitest's global set-up: the temporary folders of every test file (made in `os.tmpdir()`) and of
 * the processes the tests start (builds, `npm start`, Chromium) go into one folder for the run,
 * removed when the run ends, so a test run leaves nothing behind in the system's temporary folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "broadsheet-tests-"));
  // Read by os.tmpdir() in this process, and inherited by the test processes and theirs.
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
