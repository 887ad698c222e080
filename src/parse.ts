/**
 * Parse: seed bytes → plain front-matter data. The only module that imports gray-matter and js-yaml.
 *
 * gray-matter is always called with options: without them it caches every file's text, and its
 * default engines turn timestamps into Dates (dropping offsets) and `eval` `---js` front matter.
 * Here YAML is read with js-yaml's core schema (no timestamps, no `!!js/*` tags), and every other
 * front-matter language is refused before gray-matter sees it.
 */
import matter from "gray-matter";
import yaml from "js-yaml";
import { createLocator } from "./locate.ts";
import { readSeedYaml, type ScalarType } from "./seed-yaml.ts";
import { SeedSyntaxError } from "./errors.ts";
import type { ParsedSeed, Problem, SeedFile } from "./types.ts";
import { PARSE_LIMITS } from "./limits.ts";

export { PARSE_LIMITS };

const refuseCode = (): never => {
  throw new Error("front matter that runs code is not allowed");
};

/** Reads a seed file's front matter into plain data, or throws a SeedSyntaxError that says why not. */
export function parseSeed(file: SeedFile): ParsedSeed {
  const problems: Problem[] = [];
  const text = decodeSeedText(file, problems);
  checkOpening(file, text);
  const frontMatter = readFrontMatter(file, text);
  const data = loadYaml(file, frontMatter);
  return { file, data, locate: budgetedLocator(frontMatter), problems };
}

/** Bytes → text: size limit, BOM, UTF-8 (else Windows-1252, reported), NUL bytes, CRLF. */
function decodeSeedText(file: SeedFile, problems: Problem[]): string {
  const { bytes } = file;
  if (bytes.length === 0) throw new SeedSyntaxError(file.path, { severity: "error", message: "the file is empty" }, { hint: "A seed starts with a line `---`, then YAML front matter, then `---`." });
  if (bytes.length > PARSE_LIMITS.fileBytes) {
    // load.ts reads at most one byte past the limit, so the size shown is "over", not exact.
    const message = `the file is over the limit of ${PARSE_LIMITS.fileBytes.toLocaleString("en-US")} bytes`;
    throw new SeedSyntaxError(file.path, { severity: "error", message });
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    text = WINDOWS_1252.decode(bytes);
    problems.push({ severity: "repair", message: "the file is not valid UTF-8; it was read as Windows-1252" });
  }
  if (text.includes("\u0000")) {
    const count = text.split("\u0000").length - 1;
    text = text.replaceAll("\u0000", "");
    problems.push({ severity: "repair", message: `removed ${count} NUL byte${count === 1 ? "" : "s"}` });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

// A decoder is reset by every call to decode() without `stream`, a failed one included.
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const WINDOWS_1252 = new TextDecoder("windows-1252");

/** The first line must be `---` (YAML); `---js`, `---javascript` and other languages are refused. */
function checkOpening(file: SeedFile, text: string): void {
  const first = text.slice(0, text.indexOf("\n") === -1 ? text.length : text.indexOf("\n"));
  const language = /^---\s*(\S+)\s*$/.exec(first)?.[1];
  if (language !== undefined && language.toLowerCase() !== "yaml") {
    const message = `its front matter is declared as "${language}", and only YAML front matter is read (nothing in a seed is ever run)`;
    throw new SeedSyntaxError(file.path, { severity: "error", line: 1, col: 4, message }, { hint: "Start the file with a line `---` followed by YAML." });
  }
  if (!/^---\s*$/.test(first)) {
    throw new SeedSyntaxError(file.path, { severity: "error", line: 1, col: 1, message: "it has no front matter" }, { hint: "A seed starts with a line `---`, then YAML front matter, then a closing `---` line." });
  }
  if (!/\n---\s*(\n|$)/.test(text.slice(first.length))) {
    throw new SeedSyntaxError(file.path, { severity: "error", line: 1, col: 1, message: "its front matter is never closed" }, { hint: "End the front matter with a line `---`." });
  }
}

/** The raw YAML between the `---` lines; its first line is line 1 of the file (the rest of `---`). */
function readFrontMatter(file: SeedFile, text: string): string {
  try {
    return splitFrontMatter(text);
  } catch (cause) {
    throw new SeedSyntaxError(file.path, { severity: "error", line: 1, col: 1, message: "its front matter cannot be split from the body" }, { cause });
  }
}

/**
 * The text gray-matter hands its YAML engine: what follows the opening `---` up to the first line
 * that starts with `---`, or "" when that is only whitespace and `#` comments.
 *
 * A file that opens with a bare `---` line and whose front matter starts with a value is split
 * here, with one search; gray-matter splits the others. Its split copies the file into a Buffer,
 * looks the whole text up in its cache and runs a regex over the front matter: 0.17 s for our
 * 10,000 synthetic seeds, against 0.01 s here. tests/parse.test.ts checks this split against
 * gray-matter's on random files.
 */
export function splitFrontMatter(text: string): string {
  const close = text.startsWith("---\n") ? text.indexOf("\n---", 3) : -1;
  const source = close === -1 ? "" : text.slice(3, close);
  // gray-matter skips a front matter of comments alone, so one that starts with a value is never skipped.
  const first = /\S/.exec(source);
  return first !== null && first[0] !== "#" ? source : splitWithGrayMatter(text);
}

function splitWithGrayMatter(text: string): string {
  let raw = "";
  matter(text, {
    language: "yaml",
    engines: {
      yaml: (source: string) => {
        raw = source;
        return {};
      },
      js: refuseCode,
      javascript: refuseCode,
      coffee: refuseCode,
    },
  });
  return raw;
}

/**
 * How js-yaml's core schema reads a plain scalar: its implicit types (null, bool, int, float), in
 * the order js-yaml itself tries them, for seed-yaml.ts. Not in js-yaml's typings; in a js-yaml
 * without them, every seed goes to js-yaml.
 */
export const CORE_SCALARS = (yaml.CORE_SCHEMA as unknown as { compiledImplicit?: readonly (ScalarType & { tag: string })[] }).compiledImplicit;

/** YAML → plain data with the core schema; syntax errors carry the file position and a code frame. */
function loadYaml(file: SeedFile, source: string): Record<string, unknown> {
  let data: unknown;
  try {
    // Seeds' usual block YAML is read by seed-yaml.ts, anything else (and every error) by js-yaml.
    data = (CORE_SCALARS && readSeedYaml(source, CORE_SCALARS)) ?? yaml.load(source, { schema: yaml.CORE_SCHEMA, filename: file.path, json: false });
  } catch (cause) {
    throw yamlError(file, source, cause);
  }
  if (data === null || data === undefined) {
    throw new SeedSyntaxError(file.path, { severity: "error", line: 2, col: 1, message: "its front matter is empty" });
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    const kind = Array.isArray(data) ? "a list" : `a ${typeof data}`;
    throw new SeedSyntaxError(file.path, { severity: "error", line: 2, col: 1, message: `its front matter is ${kind}, not a mapping of field names to values` });
  }
  checkSize(file, data);
  return data as Record<string, unknown>;
}

function yamlError(file: SeedFile, source: string, cause: unknown): SeedSyntaxError {
  if (cause instanceof yaml.YAMLException) {
    const mark = cause.mark as { line: number; column: number } | undefined;
    const line = (mark?.line ?? 0) + 1;
    const col = (mark?.column ?? 0) + 1;
    const lineText = source.split("\n")[line - 1] ?? "";
    const tabbed = /^\s*\t/.test(lineText);
    const reason = tabbed ? "a tab is used for indentation" : cause.reason.replace(/\s+/g, " ").slice(0, 200);
    const unsafe = /unknown tag/.test(reason);
    const message = unsafe
      ? `its front matter uses a YAML tag that is not allowed (${reason}); tags such as !!js/function and !!python/object are refused, never run`
      : `its front matter is not valid YAML (${reason})`;
    const hint = unsafe ? undefined : hintFor(reason, lineText) ?? unclosedQuoteHint(source, line, reason);
    return new SeedSyntaxError(file.path, { severity: "error", line, col, message }, { frame: codeFrame(source, line, col), hint, cause });
  }
  const message = cause instanceof RangeError ? "its front matter is nested too deeply to read" : "its front matter cannot be read";
  return new SeedSyntaxError(file.path, { severity: "error", line: 1, col: 1, message }, { cause });
}

function hintFor(reason: string, lineText: string): string | undefined {
  if (/bad indentation|incomplete explicit mapping|mapping values/.test(reason)) {
    // `title: a: b` is a colon to quote; `   domain: x` under `  name: y` is an indentation slip.
    const value = lineText.slice(lineText.indexOf(":") + 1);
    if (!value.includes(": ") && /^\s+\S/.test(lineText)) return "Indent the fields of one mapping by the same number of spaces.";
    return 'Quote values that contain ": ", e.g. title: "Privacy rules: what changes in 2024".';
  }
  if (/\btab\b/.test(reason)) return "Indent with spaces; YAML does not allow tabs for indentation.";
  if (/end of the stream|unexpected end/.test(reason)) return "Close every quote and bracket that is opened.";
  if (/duplicated mapping key/.test(reason)) return "Each field may appear once; remove the repeated one.";
  return undefined;
}

/**
 * A quote opened and never closed is reported by js-yaml where it gives up, lines later; this
 * names the line where the quote was opened.
 */
function unclosedQuoteHint(source: string, line: number, reason: string): string | undefined {
  if (!/multiline key|end of the stream|quoted scalar/.test(reason)) return undefined;
  const lines = source.split("\n").slice(0, line);
  for (let i = lines.length - 1; i >= 0; i--) {
    const value = /^\s*(?:- )?[^\s:"'][^:]*:\s+(["'])(.*)$/.exec(lines[i]!);
    if (value && !value[2]!.replace(/\\./g, "").includes(value[1]!)) {
      return `The quote opened on line ${i + 1} is never closed; end the value with ${value[1]}.`;
    }
  }
  return undefined;
}

/** The offending line with a caret under the column, like ` 3 | title: …` / `----^`. */
function codeFrame(source: string, line: number, col: number): string {
  // A window of 160 characters around the column, so a megabyte-long line gives a short frame.
  const start = Math.max(0, col - 120);
  const text = (source.split("\n")[line - 1] ?? "").slice(start, start + 160);
  const gutter = ` ${line} | `;
  return `${gutter}${text}\n${"-".repeat(gutter.length + col - 1 - start)}^`;
}

/**
 * Each exact lookup scans the front matter, so a file with 100,000 problems would take minutes:
 * after `PARSE_LIMITS.located` lookups, a position is the line of the path's top-level field.
 */
function budgetedLocator(frontMatter: string): ParsedSeed["locate"] {
  const exact = createLocator(frontMatter, 1);
  let budget: number = PARSE_LIMITS.located;
  let topLevel: Map<string, { line: number; col: number }> | undefined;
  return (path) => {
    if (budget-- > 0) return exact(path);
    topLevel ??= topLevelFields(frontMatter);
    return topLevel.get(String(path[0])) ?? { line: 1, col: 1 };
  };
}

/** Line of each top-level field of block YAML (first occurrence), in one pass. */
function topLevelFields(frontMatter: string): Map<string, { line: number; col: number }> {
  const fields = new Map<string, { line: number; col: number }>();
  frontMatter.split("\n").forEach((text, i) => {
    const key = /^(["']?)([^\s"'#:-][^:]*?)\1\s*:/.exec(text)?.[2];
    if (key !== undefined && !fields.has(key)) fields.set(key, { line: i + 1, col: 1 });
  });
  return fields;
}

/** Counts values, following aliases every time they are used, and stops at the limit. */
function checkSize(file: SeedFile, data: object): void {
  let budget = PARSE_LIMITS.values;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (--budget < 0) {
      const message = `its front matter expands to more than ${PARSE_LIMITS.values.toLocaleString("en-US")} values (a YAML alias bomb?)`;
      throw new SeedSyntaxError(file.path, { severity: "error", line: 1, col: 1, message });
    }
    // A loop, not push(...values): spreading a list of 150,000 items overflows the call stack.
    if (value !== null && typeof value === "object") for (const item of Object.values(value)) stack.push(item);
  }
}
