import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // One temporary folder for the run, removed at its end (tests/helpers/temp-folder.ts).
    globalSetup: ["tests/helpers/temp-folder.ts"],
  },
});
