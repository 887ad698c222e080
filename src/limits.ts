/**
 * Limits: how much of a seed file is read and parsed. A module of its own so that load.ts (which
 * reads files) needs nothing of the parser.
 */
/** Limits that keep a hostile file from exhausting time or memory. */
export const PARSE_LIMITS = {
  /** Largest seed file read, in bytes. */
  fileBytes: 4 * 1024 * 1024,
  /** Most values the front matter may expand to (YAML aliases are counted each time they are used). */
  values: 200_000,
  /** Most problem positions looked up exactly per file; later ones get the line of their top-level field. */
  located: 500,
} as const;
