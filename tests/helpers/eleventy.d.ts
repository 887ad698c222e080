// Eleventy 3 ships no TypeScript declarations; this is the part of its programmatic API the tests use.
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: { quietMode?: boolean; pathPrefix?: string; configPath?: string; config?: (eleventyConfig: unknown) => void });
    write(): Promise<unknown>;
    toJSON(): Promise<{ url: string; inputPath: string; outputPath: string; content: string }[]>;
  }
}
