/**
 * Seed YAML: reads the plain block YAML that seeds are written in, about twice as fast as
 * js-yaml, or answers `undefined` for anything else, which parse.ts then gives to js-yaml.
 *
 * js-yaml was a third of parsing a seed, and its garbage a good part of the rest (a 10,000-seed
 * build spent 0.9 s in it). Seeds use a small part of YAML: block mappings with plain keys,
 * block sequences, and one-line scalars (double- or single-quoted, or plain). Within that part
 * this reader gives exactly what `yaml.load(text, { schema: CORE_SCHEMA })` gives. Whatever it is
 * not sure of — a comment, a tab, a flow collection, a block scalar, an anchor, a tag, a
 * multi-line scalar, a duplicated key, a key that is not a string, an indentation it did not
 * expect — it leaves to js-yaml, which also explains every error, so an
 * error message never comes from here. `tests/seed-yaml.test.ts` compares the two on the real
 * corpus, on the synthetic one and on random documents made to hit each edge.
 */

/** Thrown inside the reader to leave a document to js-yaml. */
const UNSURE: unique symbol = Symbol("unsure");

/** js-yaml refuses these characters in a document; it says so, this reader does not. */
const MAYBE_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF\uD800-\uDFFF]/;
/** The exact test (surrogates only when unpaired): slower, so run only when the quick one fires. */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** The end of a plain mapping key (`title`, `publishedDateTime`, `is_cached`) that starts at `at`, or -1. */
function keyEnd(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
    const digit = c >= 48 && c <= 57; // both false past the text's end (NaN)
    if (!letter && (i === at || !digit)) return i === at ? -1 : i;
    i++;
  }
}

/**
 * The key written at `at`–`end`, as the same string each time it recurs: a string cut from the
 * text is hashed afresh each time it names a property, a known one is not (measured: 15 % less
 * time in `mapping`).
 * Keys are kept by first letter and length, at most a few of each, so no input can grow this.
 */
const knownKeys = new Map<number, string[]>();
function keyAt(text: string, at: number, end: number): string {
  const slot = text.charCodeAt(at) * 256 + Math.min(end - at, 255);
  const known = knownKeys.get(slot);
  if (known !== undefined) {
    for (const key of known) if (key.length === end - at && text.startsWith(key, at)) return key;
  }
  const key = text.slice(at, end);
  if (known === undefined) knownKeys.set(slot, [key]);
  else if (known.length < 4) known.push(key);
  return key;
}

/**
 * How js-yaml reads a plain scalar: its schema's implicit types, tried in order, the first that
 * resolves the text constructs the value (null, booleans, integers, floats for the core schema);
 * else the text is a string. parse.ts hands over js-yaml's own, so numbers, nulls and booleans are
 * read here exactly as js-yaml reads them.
 */
export interface ScalarType {
  resolve(text: string): boolean;
  construct(text: string): unknown;
}

/** A plain scalar may not start with these here (YAML's indicators; `-` only before a digit). */
const INDICATORS = new Set([..."-?:,[]{}#&*!|>'\"%@`"]);

/** YAML's one-character escapes in double-quoted scalars. */
const ESCAPES = new Map([
  ["0", "\x00"], ["a", "\x07"], ["b", "\x08"], ["t", "\x09"], ["n", "\x0A"], ["v", "\x0B"], ["f", "\x0C"],
  ["r", "\x0D"], ["e", "\x1B"], [" ", " "], ['"', '"'], ["/", "/"], ["\\", "\\"], ["N", "\x85"],
  ["_", "\xA0"], ["L", "\u2028"], ["P", "\u2029"],
]);
const HEX_DIGITS = new Map([["x", 2], ["u", 4], ["U", 8]]);

/**
 * The mapping a seed's front matter holds, or `undefined` when the text is not in the part of
 * YAML this reader knows (js-yaml reads it then).
 */
export function readSeedYaml(text: string, types: readonly ScalarType[]): Record<string, unknown> | undefined {
  if (text.includes("\t") || text.includes("\r") || (MAYBE_NON_PRINTABLE.test(text) && NON_PRINTABLE.test(text))) return undefined;
  const reader = new BlockReader(text, types);
  try {
    reader.skipBlankLines();
    if (reader.atEnd() || reader.indent() !== 0) return undefined;
    const data = reader.mapping(0, -1);
    return reader.atEnd() ? data : undefined;
  } catch (error) {
    if (error === UNSURE) return undefined;
    throw error;
  }
}

/** Seeds nest four deep; js-yaml refuses a hundred, and deeper documents are left to it. */
const MAX_DEPTH = 16;

class BlockReader {
  /** Start of the current line. */
  private line = 0;
  /** Collections open around the current line. */
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly types: readonly ScalarType[],
  ) {}

  atEnd(): boolean {
    return this.line >= this.text.length;
  }

  /** Spaces at the start of the current line. */
  indent(): number {
    let i = this.line;
    while (this.text.charCodeAt(i) === 32) i++;
    return i - this.line;
  }

  private lineEnd(from: number): number {
    const end = this.text.indexOf("\n", from);
    return end === -1 ? this.text.length : end;
  }

  private nextLine(from: number): void {
    this.startLine(this.lineEnd(from) + 1);
  }

  private startLine(at: number): void {
    this.line = at;
    this.skipBlankLines();
  }

  /** Moves past lines of spaces alone; a comment or a document marker is left to js-yaml. */
  skipBlankLines(): void {
    const { text } = this;
    while (this.line < text.length) {
      const start = this.line + this.indent();
      const code = text.charCodeAt(start);
      if (code === 10) this.line = start + 1;
      else if (start >= text.length) this.line = text.length;
      else if (code === 35 /* # */ || (this.line === start && (text.startsWith("---", start) || text.startsWith("...", start)))) throw UNSURE;
      else return;
    }
  }

  /**
   * A block mapping whose keys stand at column `indent`. Its first key may start mid-line, after
   * a sequence's `- ` (`first`, the offset of that key), else at the current line.
   */
  mapping(indent: number, first: number): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) throw UNSURE;
    const { text } = this;
    const data: Record<string, unknown> = {};
    let at = first;
    for (;;) {
      if (at === -1) {
        const own = this.atEnd() ? -1 : this.indent();
        if (own < indent) {
          this.depth--;
          return data;
        }
        if (own > indent) throw UNSURE;
        at = this.line + own;
      }
      const end = keyEnd(text, at);
      if (end === -1) throw UNSURE;
      const key = keyAt(text, at, end);
      // A key is a scalar too: js-yaml reads `True:` or `null:` as a boolean or null key (left to
      // it here), and `__proto__` specially.
      if (text.charCodeAt(end) !== 58 /* : */ || typeof this.resolve(key) !== "string" || key === "__proto__" || Object.hasOwn(data, key)) throw UNSURE;
      let value = end + 1;
      if (text.charCodeAt(value) === 32) while (text.charCodeAt(value) === 32) value++;
      else if (value < text.length && text.charCodeAt(value) !== 10) throw UNSURE; // `key:value` is a plain scalar in YAML
      if (value < text.length && text.charCodeAt(value) !== 10) {
        const lineEnd = this.lineEnd(value);
        data[key] = this.scalar(value, lineEnd);
        this.startLine(lineEnd + 1);
      } else {
        this.nextLine(end);
        data[key] = this.nested(indent);
      }
      at = -1;
    }
  }

  /** What a key with nothing after its colon holds: a block below it, or null. */
  private nested(indent: number): unknown {
    if (this.atEnd()) return null;
    const own = this.indent();
    const dash = this.isDash(this.line + own);
    if (own > indent) return dash ? this.sequence(own) : this.mapping(own, -1);
    // A sequence may stand at its key's own column.
    if (own === indent && dash) return this.sequence(own);
    return null;
  }

  private isDash(at: number): boolean {
    return this.text.charCodeAt(at) === 45 /* - */ && this.text.charCodeAt(at + 1) === 32;
  }

  /** A block sequence whose `- ` stand at column `indent`. */
  private sequence(indent: number): unknown[] {
    if (++this.depth > MAX_DEPTH) throw UNSURE;
    const { text } = this;
    const items: unknown[] = [];
    while (!this.atEnd()) {
      const own = this.indent();
      if (own < indent) break;
      if (own > indent) throw UNSURE;
      const dash = this.line + own;
      if (!this.isDash(dash)) break;
      let item = dash + 1;
      while (text.charCodeAt(item) === 32) item++;
      const code = text.charCodeAt(item);
      if (item >= text.length || code === 10 || (code === 45 && this.isDash(item))) throw UNSURE;
      if (this.startsMappingEntry(item)) {
        items.push(this.mapping(item - this.line, item));
      } else {
        const lineEnd = this.lineEnd(item);
        items.push(this.scalar(item, lineEnd));
        this.startLine(lineEnd + 1);
      }
    }
    this.depth--;
    return items;
  }

  /** `key:` then a space or the line's end. */
  private startsMappingEntry(at: number): boolean {
    const colon = keyEnd(this.text, at);
    if (colon === -1 || this.text.charCodeAt(colon) !== 58) return false;
    const next = this.text.charCodeAt(colon + 1);
    return next === 32 || next === 10 || colon + 1 >= this.text.length;
  }

  /** A scalar that starts at `at` and ends with its line, at `end`. */
  private scalar(at: number, end: number): unknown {
    const code = this.text.charCodeAt(at);
    if (code === 34 /* " */) return this.closedBy(this.doubleQuoted(at + 1, end), end);
    if (code === 39 /* ' */) return this.closedBy(this.singleQuoted(at + 1, end), end);
    let last = end;
    while (last > at && this.text.charCodeAt(last - 1) === 32) last--;
    const raw = this.text.slice(at, last);
    const first = raw.charCodeAt(0);
    const digitAfterDash = first === 45 && raw.charCodeAt(1) >= 48 && raw.charCodeAt(1) <= 57;
    if ((INDICATORS.has(raw[0]!) && !digitAfterDash) || raw.includes(": ") || raw.includes(" #") || raw.endsWith(":")) throw UNSURE;
    return this.resolve(raw);
  }

  /** A plain scalar's value, as js-yaml's implicit types make it. */
  private resolve(raw: string): unknown {
    for (const type of this.types) if (type.resolve(raw)) return type.construct(raw);
    return raw;
  }

  /** After a quoted scalar, only spaces may follow on its line. */
  private closedBy([value, after]: [string, number], end: number): string {
    for (let i = after; i < end; i++) if (this.text.charCodeAt(i) !== 32) throw UNSURE;
    return value;
  }

  private doubleQuoted(from: number, end: number): [string, number] {
    const { text } = this;
    const close = text.indexOf('"', from);
    if (close === -1 || close > end) throw UNSURE; // the quote goes on past its line
    const backslash = text.indexOf("\\", from);
    if (backslash === -1 || backslash > close) return [text.slice(from, close), close + 1];
    let value = "";
    let run = from;
    for (let i = from; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === 34) return [value + text.slice(run, i), i + 1];
      if (code !== 92 /* \ */) continue;
      value += text.slice(run, i);
      const escape = text[i + 1] ?? "";
      const simple = ESCAPES.get(escape);
      if (simple !== undefined) {
        value += simple;
        i += 1;
      } else {
        const digits = HEX_DIGITS.get(escape);
        const hex = digits === undefined ? "" : text.slice(i + 2, i + 2 + digits);
        if (digits === undefined || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw UNSURE;
        const point = parseInt(hex, 16);
        if (point > 0x10ffff) throw UNSURE;
        value += point <= 0xffff ? String.fromCharCode(point) : String.fromCodePoint(point);
        i += 1 + digits;
      }
      run = i + 1;
    }
    throw UNSURE; // the quote goes on past its line
  }

  private singleQuoted(from: number, end: number): [string, number] {
    const { text } = this;
    let value = "";
    let run = from;
    for (let i = from; i < end; i++) {
      if (text.charCodeAt(i) !== 39) continue;
      if (text.charCodeAt(i + 1) !== 39) return [value + text.slice(run, i), i + 1];
      value += text.slice(run, i + 1);
      i += 1;
      run = i + 1;
    }
    throw UNSURE;
  }
}
