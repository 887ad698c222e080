/**
 * Seed errors: a small hierarchy with stable names, and the text people read.
 *
 * Messages are position first (`file:line:col`), then what happened, then what to do.
 */
import type { Problem } from "./types.ts";

/** Any problem that keeps a seed file out of the site. */
export class SeedError extends Error {
  override name = "SeedError";
  /** Path of the seed file as shown to people. */
  readonly file: string;
  /** Every problem found, positioned where known. */
  readonly problems: Problem[];

  constructor(file: string, message: string, problems: Problem[], options?: { cause?: unknown }) {
    super(message, options);
    this.file = file;
    this.problems = problems;
  }
}

/** The file cannot be read as a seed at all: encoding, size, front matter or YAML syntax. */
export class SeedSyntaxError extends SeedError {
  override name = "SeedSyntaxError";

  /** One problem at one place, with an optional code frame and hint below the first line. */
  constructor(file: string, problem: Problem, detail: { frame?: string; hint?: string; cause?: unknown } = {}) {
    const head = `${position(file, problem)} cannot be read: ${problem.message}.`;
    const message = [head, detail.frame, detail.hint].filter(Boolean).join("\n");
    super(file, message, [{ ...problem, severity: "error" }], { cause: detail.cause });
  }
}

/** The front matter is valid YAML but does not match the seed format. */
export class SeedSchemaError extends SeedError {
  override name = "SeedSchemaError";

  constructor(file: string, problems: Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  ${formatProblem(file, p)}`);
    super(file, [`${file} does not match the seed format (${count}):`, ...lines].join("\n"), problems);
  }
}

/** `file:line:col`, or `file` alone when the problem has no position. */
export function position(file: string, problem: Pick<Problem, "line" | "col">): string {
  if (problem.line === undefined) return file;
  return `${file}:${problem.line}:${problem.col ?? 1}`;
}

/** One problem on one line: `file:line:col field: message`. */
export function formatProblem(file: string, problem: Problem): string {
  const field = problem.field ? `${problem.field}: ` : "";
  return `${position(file, problem)} ${field}${problem.message}`;
}
