/**
 * Cleaning of seed text fields (titles, excerpts, names). Text stays text: templates escape it
 * anyway, so this is repair and tidying, not sanitising.
 */

import { DecodingMode, decodeHTML } from "entities";

/** Options of `cleanText`. */
export interface CleanTextOptions {
  /** Longest result in code points, "…" included; longer text is cut and ends in "…". */
  maxLength?: number;
}

/** What `cleanText` returns: the clean text and, in words, each repair it made. */
export interface CleanedText {
  text: string;
  /** Short messages for the build report; tidying whitespace is not a repair. */
  repairs: string[];
}

const NEEDS_REPAIR = /[&<\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// Bidirectional embeddings, overrides and isolates: they can make a headline read differently
// from what it says ("\u202Egnp.exe" shows as "exe.png"). Right-to-left text needs none of them.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// C0 controls except tab, newline and carriage return (they are whitespace), and DEL.
const C0_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// The same plus C1 controls, once mojibake repair has had its chance to read them as bytes.
const ALL_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

// Half a character: a UTF-16 surrogate without its other half, as a YAML escape like `\ud83d`
// gives. No page, feed or search index can carry one (Pagefind refuses the record outright).
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** Whether the text has half a character; the quick test first (an emoji is a whole pair). */
function hasHalfCharacter(raw: string): boolean {
  return ANY_SURROGATE.test(raw) && LONE_SURROGATE.test(raw);
}

/** The text without half characters, and whether it had any. */
function wholeCharacters(raw: string): { text: string; removed: boolean } {
  return hasHalfCharacter(raw) ? { text: raw.replace(LONE_SURROGATES, ""), removed: true } : { text: raw, removed: false };
}

const HALF_CHARACTERS = "removed half characters (unpaired UTF-16 surrogates, as a \\ud83d escape gives)";

/**
 * Cleans one text field and says what it repaired.
 *
 * In order: removes half characters (unpaired surrogates); removes NUL and control characters; decodes HTML entities once (strict: only
 * `&name;` with its semicolon, so "AT&T" and "&notation" stay); strips markup (after decoding,
 * so `&lt;script&gt;` cannot survive as a tag); repairs mojibake; removes C1 controls left
 * over and bidirectional overrides; collapses whitespace (NBSP included) to single spaces and trims; truncates.
 * `&amp;lt;` becomes the literal text `&lt;`: entities are decoded once, never in a loop.
 */
export function cleanText(raw: string, options: CleanTextOptions = {}): CleanedText {
  // Most text has no entity, tag or control character and nothing that could be mojibake: no
  // step but the last two would change it. 44% of our synthetic seeds' text has accented letters.
  if (!NEEDS_REPAIR.test(raw) && !MAYBE_MOJIBAKE.test(raw) && !hasHalfCharacter(raw)) return truncate(collapseSpaces(raw), options.maxLength, []);
  return repairText(raw, options);
}

/** `cleanText` with every step run whatever the text: the exact path its fast path must agree with. */
export function repairText(raw: string, options: CleanTextOptions = {}): CleanedText {
  const repairs: string[] = [];
  const whole = wholeCharacters(raw);
  let text = whole.text.replace(C0_CONTROLS, "");
  let removedControls = text !== whole.text;
  const decoded = decodeHTML(text, DecodingMode.Strict);
  if (decoded !== text) repairs.push("decoded HTML entities");
  text = stripMarkup(decoded);
  if (text !== decoded) repairs.push("removed markup");
  const repaired = repairMojibake(text);
  if (repaired !== text) repairs.push(describeMojibake(text, repaired));
  text = repaired.replace(ALL_CONTROLS, "");
  removedControls ||= text !== repaired;
  if (removedControls) repairs.unshift("removed NUL/control characters");
  if (whole.removed) repairs.unshift(HALF_CHARACTERS);
  const unbidi = text.replace(BIDI_CONTROLS, "");
  if (unbidi !== text) repairs.push("removed bidirectional override characters");
  return truncate(collapseSpaces(unbidi), options.maxLength, repairs);
}

/**
 * The same text in a string of its own. js-yaml returns values as slices of the front matter, and
 * V8 keeps the whole text a slice was cut from alive, so each article would otherwise hold its
 * seed's front matter until the build ends (~115 MB at 50,000 seeds, measured in a heap snapshot).
 */
export function ownCopy(text: string): string {
  // Slicing a concatenation flattens it into a new string first; the slice keeps only that alive.
  return (" " + text).slice(1);
}

/** Runs of whitespace (NBSP included) as one space, trimmed; always a string of its own. */
function collapseSpaces(text: string): string {
  // Replacing every single space just to get a new string: 0.35 s for the text of 10,000 synthetic seeds; 0.14 s so.
  return text.includes("  ") || OTHER_SPACE.test(text) ? text.replace(/\s+/g, " ").trim() : ownCopy(text).trim();
}

const OTHER_SPACE = /[^\S ]/;

/**
 * Removes markup from text: `<script>` and `<style>` elements with their content, comments,
 * and every other tag (keeping the text between tags). Block tags such as `<p>` and `<br>`
 * become a space so words do not run together. A tag cut off by the end of the text or by the
 * next `<` (`…<a href="x`, a topic `<A`) goes too: shown after it, " · Broadsheet" in a page's title made
 * `<A · Broadsheet`, an anchor's start to a feed reader that takes titles for HTML (found by
 * `tests/property.test.ts`). A `<` that does not open a tag ("a < b", "5<10") stays.
 */
export function stripMarkup(text: string): string {
  if (!text.includes("<")) return text;
  return removeElement(removeElement(text, "script"), "style")
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
    .replace(/<[!?][^<>]*>/g, "")
    .replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?:[\s/][^<>]*)?(?=<|$)/g, "")
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^<>]*>/g, (_, name: string) =>
      BLOCK_TAGS.has(name.toLowerCase()) ? " " : "",
    );
}

/**
 * Removes each `<name …>…</name>` element with its content, in one pass: a lazy regex would
 * rescan to the end for every unclosed opening tag, quadratic on hostile input.
 */
function removeElement(text: string, name: string): string {
  const open = new RegExp(`<${name}\\b[^<>]*>`, "gi");
  const close = new RegExp(`</${name}\\s*>`, "gi");
  let out = "";
  let at = 0;
  for (let start = open.exec(text); start !== null; start = open.exec(text)) {
    close.lastIndex = open.lastIndex;
    const end = close.exec(text);
    if (end === null) break; // no closing tag after this one, nor after any later opening
    out += `${text.slice(at, start.index)} `;
    at = open.lastIndex = close.lastIndex;
  }
  return out + text.slice(at);
}

const BLOCK_TAGS = new Set([
  "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
  "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
  "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "script", "style",
]);

/**
 * Tells whether a title marks an opinion piece or editorial: a leading "Opinion:",
 * "Opinion |", "Editorial:", "Op-Ed:", "Commentary:", "Column:", "Letter(s):" or "View:";
 * a trailing section label such as "| COMMENTARY", "- Opinion" or "— Editorial"; or
 * "(opinion)" anywhere. Case-insensitive. "Analysis:" is not opinion.
 */
export function isOpinion(title: string): boolean {
  const text = title.trim();
  return (
    OPINION_PREFIX.test(text) || OPINION_SECTION.test(text) || OPINION_PARENTHESIS.test(text)
  );
}

const OPINION_WORDS = "opinion|editorial|op-ed|commentary";
const OPINION_PREFIX = new RegExp(
  `^(?:${OPINION_WORDS}|column|letters?(?: to the editor)?|view)\\s*[:|]`,
  "i",
);
// A section label between separators, or at the end: "… | COMMENTARY | Baltimore Sun".
const OPINION_SECTION = new RegExp(`\\s[|\\-–—]\\s*(?:${OPINION_WORDS})\\s*(?:$|[|\\-–—])`, "i");
const OPINION_PARENTHESIS = new RegExp(`\\((?:${OPINION_WORDS})\\)`, "i");

function truncate(text: string, maxLength: number | undefined, repairs: string[]): CleanedText {
  // A string never has more code points than UTF-16 units, so short text needs no counting.
  if (maxLength === undefined || text.length <= maxLength) return { text, repairs };
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return { text, repairs };
  const kept = codePoints.slice(0, Math.max(0, maxLength - 1)).join("").trimEnd();
  const count = (n: number) => n.toLocaleString("en-US");
  repairs.push(`truncated from ${count(codePoints.length)} to ${count(maxLength)} characters`);
  return { text: `${kept}…`, repairs };
}

// Bytes 0x80–0x9F in Windows-1252; the five it leaves undefined are read as the C1 control of
// the same number, which is also how Latin-1 reads every byte of that range.
const CP1252_80_9F = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
const BYTE_OF = new Map<string, number>();
for (let byte = 0x80; byte <= 0xff; byte++) BYTE_OF.set(String.fromCharCode(byte), byte);
for (const [i, char] of Array.from(CP1252_80_9F).entries()) BYTE_OF.set(char, 0x80 + i);

// Punctuation that legitimately follows a word ending in a capital like É or Ã ("CAFÉ…",
// "IRMÃ”"); such a pair is only repaired when the text has surer signs of mojibake.
const LEGIT_FOLLOWERS = new Set(Array.from("’”“…»™®°–—•‹›´"));
const UTF8 = new TextDecoder("utf-8", { fatal: true });
// A UTF-8 lead byte read as Windows-1252 (Â–ô) followed by a continuation byte read the same way
// (U+0080–U+00BF or one of the 0x80–0x9F specials), or a lossy `Â `/`Ã `: the cheap pre-check
// before the character-by-character scan.
const MAYBE_MOJIBAKE = new RegExp(`[\u00C2-\u00F4]([\u0080-\u00BF${CP1252_80_9F.replace(/[\u0080-\u009F]/g, "")}]|(?<=[ÂÃ]) )`);

/** One damaged character found in a list of code points: chars[start, end) → text. */
interface MojibakeFix {
  start: number;
  end: number;
  text: string;
  /** False when the characters could also be legitimate Latin-1 text. */
  sure: boolean;
}

/**
 * Repairs text that was UTF-8 but got read as Windows-1252 or Latin-1: "Baltimoreâ€™s" →
 * "Baltimore’s", "CafÃ©" → "Café", "ðŸ˜€" → "😀". Runs up to three times, for text damaged
 * twice.
 *
 * Works one UTF-8 sequence at a time rather than on whole runs, because a run that mixes
 * damage with correct “curly quotes” never decodes as a whole. Each lead character (Â–ô) and
 * the continuation characters after it are turned back into bytes and decoded with a fatal
 * UTF-8 decoder, so legitimate words ("Café", "Zürich", "naïve", "Ærø") are left alone: they
 * are not valid UTF-8. Two lossy forms are repaired as well: "â€" whose third byte was dropped
 * (Windows-1252 has no character for 0x9D) becomes ”, and "Â"/"Ã" before a plain space
 * (its NBSP byte became a space) becomes a space/"à", unless it ends an all-caps word.
 * A two-character sequence that could be a capital plus punctuation ("CAFÉ…") is repaired
 * only when the same text also has a sure sign of mojibake.
 */
export function repairMojibake(text: string): string {
  if (!MAYBE_MOJIBAKE.test(text)) return text;
  let current = text;
  for (let pass = 0; pass < 3; pass++) {
    const chars = Array.from(current);
    const fixes = findMojibake(chars);
    if (!fixes.some((fix) => fix.sure)) break;
    let out = "";
    let at = 0;
    for (const fix of fixes) {
      out += chars.slice(at, fix.start).join("") + fix.text;
      at = fix.end;
    }
    current = out + chars.slice(at).join("");
  }
  return current;
}

function findMojibake(chars: string[]): MojibakeFix[] {
  const fixes: MojibakeFix[] = [];
  for (let i = 0; i < chars.length; ) {
    const fix = sequenceAt(chars, i) ?? lossySequenceAt(chars, i);
    if (fix) fixes.push(fix);
    i = fix ? fix.end : i + 1;
  }
  return fixes;
}

function sequenceAt(chars: string[], i: number): MojibakeFix | null {
  const lead = BYTE_OF.get(chars[i] ?? "") ?? 0;
  const size = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? (lead <= 0xef ? 3 : 0) : 2;
  if (lead < 0xc2 || size === 0) return null;
  const bytes = [lead];
  for (let k = i + 1; k < i + size; k++) {
    const byte = BYTE_OF.get(chars[k] ?? "");
    if (byte === undefined || byte > 0xbf) return null;
    bytes.push(byte);
  }
  let decoded: string;
  try {
    // A valid sequence always decodes to one non-ASCII character, shorter than its mojibake.
    decoded = UTF8.decode(new Uint8Array(bytes));
  } catch {
    return null; // overlong, surrogate or out of range: not UTF-8, so not mojibake
  }
  return { start: i, end: i + size, text: decoded, sure: size > 2 || !couldBeLatin1(chars, i) };
}

/** A capital ending a word, then punctuation, then the end of the word: "CAFÉ…", "IRMÃ”". */
function couldBeLatin1(chars: string[], i: number): boolean {
  const follower = chars[i + 1] ?? "";
  return (
    /[\p{L}\p{N}]/u.test(chars[i - 1] ?? "") &&
    LEGIT_FOLLOWERS.has(follower) &&
    !/[\p{L}\p{N}]/u.test(chars[i + 2] ?? "")
  );
}

function lossySequenceAt(chars: string[], i: number): MojibakeFix | null {
  const [char, next] = [chars[i], chars[i + 1]];
  const third = BYTE_OF.get(chars[i + 2] ?? "") ?? 0;
  if (char === "â" && next === "€" && (third < 0x80 || third > 0xbf)) {
    const end = chars[i + 2] === "\uFFFD" ? i + 3 : i + 2;
    return { start: i, end, text: "”", sure: true };
  }
  if ((char === "Â" || char === "Ã") && next === " ") {
    const allCaps = /\p{Lu}/u.test(chars[i - 1] ?? "");
    return allCaps ? null : { start: i, end: i + 1, text: char === "Â" ? "" : "à", sure: true };
  }
  return null;
}

/** Words the first repaired word, before and after: “Baltimoreâ€™s” → “Baltimore’s”. */
function describeMojibake(before: string, after: string): string {
  const prefix = "repaired mojibake (UTF-8 read as Windows-1252)";
  const [wordsBefore, wordsAfter] = [before.split(/[ \t\n\r]+/), after.split(/[ \t\n\r]+/)];
  const changed = wordsBefore.flatMap((word, i) => (word !== wordsAfter[i] ? [i] : []));
  const first = changed[0];
  if (wordsBefore.length !== wordsAfter.length || first === undefined) return prefix;
  const more = changed.length > 1 ? ` and ${changed.length - 1} more` : "";
  return `${prefix}: “${shorten(wordsBefore[first])}” → “${shorten(wordsAfter[first])}”${more}`;
}

function shorten(word = ""): string {
  const chars = Array.from(word);
  return chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : word;
}
