/**
 * Finds where a field path (`related[2].webUrl`) is written in block-style YAML text,
 * so schema problems can be reported as `file:line:col`.
 *
 * Seeds are simple block YAML; when a path cannot be followed (flow style, odd indentation)
 * the position of the deepest part that was found is returned.
 */

interface YamlLine {
  /** Column (0-based) where a key or scalar starts, after any `- ` item markers. */
  indent: number;
  /** Column (0-based) of the last `- ` item marker on the line, or -1. */
  dash: number;
  text: string;
}

/** 1-based position in the seed file. */
export interface FilePosition {
  line: number;
  col: number;
}

/**
 * Builds a locator for YAML text whose first line is line `firstLine` of the file. The text is
 * split into lines on the first lookup: most seeds have no problem to position.
 */
export function createLocator(yaml: string, firstLine: number): (path: readonly (string | number)[]) => FilePosition {
  let described: YamlLine[] | undefined;
  return (path) => {
    const lines = (described ??= yaml.split("\n").map(describeLine));
    let from = 0;
    let to = lines.length;
    let found: FilePosition = { line: firstLine, col: 1 };
    for (const segment of path) {
      const hit = typeof segment === "number" ? findItem(lines, from, to, segment) : findKey(lines, from, to, segment);
      if (!hit) break;
      found = { line: firstLine + hit.index, col: hit.col + 1 };
      // A key's value block starts on the next line; an item's first key sits on its own line.
      from = typeof segment === "number" ? hit.index : hit.index + 1;
      to = blockEnd(lines, hit.index, hit.indent, to);
    }
    return found;
  };
}

function describeLine(text: string): YamlLine {
  let i = 0;
  let dash = -1;
  for (;;) {
    while (text[i] === " ") i++;
    if (text[i] === "-" && (text[i + 1] === " " || i + 1 === text.length)) {
      dash = i;
      i++;
      continue;
    }
    break;
  }
  return { indent: i, dash, text };
}

function isContent(line: YamlLine): boolean {
  const rest = line.text.slice(line.indent);
  return rest.length > 0 && !rest.startsWith("#");
}

interface Hit {
  index: number;
  col: number;
  indent: number;
}

function findKey(lines: YamlLine[], from: number, to: number, key: string): Hit | null {
  const indent = childIndent(lines, from, to, "key");
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^(["']?)${escaped}\\1\\s*:(\\s*)`);
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (line.indent !== indent || !isContent(line)) continue;
    const match = pattern.exec(line.text.slice(line.indent));
    if (!match) continue;
    const valueCol = line.indent + match[0].length;
    const col = valueCol < line.text.length ? valueCol : line.indent;
    return { index: i, col, indent: line.indent };
  }
  return null;
}

function findItem(lines: YamlLine[], from: number, to: number, item: number): Hit | null {
  const dash = childIndent(lines, from, to, "dash");
  let seen = -1;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (line.dash !== dash || line.text.slice(0, dash).trim() !== "") continue;
    seen++;
    if (seen === item) return { index: i, col: line.indent, indent: dash };
  }
  return null;
}

/** Smallest key indentation (or item marker column) among the content lines of a block. */
function childIndent(lines: YamlLine[], from: number, to: number, kind: "key" | "dash"): number {
  let best = Infinity;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (!isContent(line)) continue;
    const value = kind === "key" ? line.indent : line.dash;
    if (value >= 0 && value < best) best = value;
  }
  return best;
}

/** Index after the last line that belongs to the block opened at `start`. */
function blockEnd(lines: YamlLine[], start: number, indent: number, limit: number): number {
  for (let i = start + 1; i < limit; i++) {
    const line = lines[i]!;
    if (!isContent(line)) continue;
    const lead = line.dash >= 0 ? line.dash : line.indent;
    if (lead <= indent) return i;
  }
  return limit;
}
