/**
 * Report: every seed file with its status, problems, repairs, story and page; plus totals.
 */
import { position } from "./errors.ts";
import type { Problem } from "./types.ts";

/** What became of one seed file. */
export type SeedStatus = "published" | "unpublished" | "rejected" | "duplicate";

/** One problem as written in the report: `at` is `file:line:col`. */
export interface ReportProblem {
  at: string;
  field?: string;
  message: string;
}

/** One seed file in the report. */
export interface ReportEntry {
  file: string;
  status: SeedStatus;
  /** Id of its story; absent for a story of one. */
  story?: string;
  /** Id of its storyline; absent when it is in none. */
  storyline?: string;
  /** Site-relative URL of its page, when it has one in this build. */
  url?: string;
  /** For duplicates: the file whose article this one repeats. */
  duplicateOf?: string;
  errors: ReportProblem[];
  warnings: ReportProblem[];
  repairs: ReportProblem[];
  /** Notes such as "cited by a published seed; shown as that seed gives it". */
  notes: string[];
}

/** The whole build report. */
export interface BuildReport {
  seedsDir: string;
  buildTime: string;
  preview: boolean;
  totals: {
    files: number;
    published: number;
    unpublished: number;
    rejected: number;
    duplicate: number;
    ignored: number;
    articles: number;
    stories: number;
    storylines: number;
    pages: number;
    repairs: number;
    warnings: number;
  };
  /** Files in the seeds folder that are not seeds. */
  ignored: string[];
  seeds: ReportEntry[];
}

/** Splits problems by severity into report form. */
export function reportProblems(file: string, problems: readonly Problem[]): Pick<ReportEntry, "errors" | "warnings" | "repairs"> {
  const pick = (severity: Problem["severity"]) =>
    problems.filter((p) => p.severity === severity).map((p) => ({ at: position(file, p), ...(p.field ? { field: p.field } : {}), message: p.message }));
  return { errors: pick("error"), warnings: pick("warning"), repairs: pick("repair") };
}

/** Counts statuses, repairs and warnings over the entries. */
export function countTotals(entries: readonly ReportEntry[], extra: Pick<BuildReport["totals"], "ignored" | "articles" | "stories" | "storylines" | "pages">): BuildReport["totals"] {
  const count = (status: SeedStatus) => entries.filter((e) => e.status === status).length;
  return {
    files: entries.length,
    published: count("published"),
    unpublished: count("unpublished"),
    rejected: count("rejected"),
    duplicate: count("duplicate"),
    repairs: entries.reduce((s, e) => s + e.repairs.length, 0),
    warnings: entries.reduce((s, e) => s + e.warnings.length, 0),
    ...extra,
  };
}

/** The console's last line: `5 seeds: 1 published, 4 unpublished (UNPUBLISHED=1 to include), 0 rejected`. */
export function summaryLine(report: BuildReport): string {
  const t = report.totals;
  const unpublished = report.preview ? `${t.unpublished} unpublished (included, marked)` : `${t.unpublished} unpublished (UNPUBLISHED=1 to include)`;
  const parts = [`${t.published} published`, unpublished, `${t.rejected} rejected`];
  if (t.duplicate > 0) parts.push(`${t.duplicate} duplicate`);
  if (t.ignored > 0) parts.push(`${t.ignored} other ${t.ignored === 1 ? "file or folder" : "files or folders"} ignored`);
  return `${t.files} seed${t.files === 1 ? "" : "s"}: ${parts.join(", ")}`;
}
