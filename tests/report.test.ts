import { describe, expect, it } from "vitest";
import { countTotals, reportProblems, summaryLine, type BuildReport, type ReportEntry } from "../src/report.ts";

const entry = (status: ReportEntry["status"], repairs = 0): ReportEntry => ({
  file: "seeds/x.txt", status, errors: [], warnings: [], notes: [],
  repairs: Array.from({ length: repairs }, () => ({ at: "seeds/x.txt:1:1", message: "r" })),
});

describe("report", () => {
  it("splits problems by severity and positions them as file:line:col", () => {
    const problems = reportProblems("seeds/x.txt", [
      { severity: "error", line: 3, col: 21, field: "title", message: "bad" },
      { severity: "repair", message: "removed 1 NUL byte" },
      { severity: "warning", line: 9, col: 5, message: "w" },
    ]);
    expect(problems).toEqual({
      errors: [{ at: "seeds/x.txt:3:21", field: "title", message: "bad" }],
      warnings: [{ at: "seeds/x.txt:9:5", message: "w" }],
      repairs: [{ at: "seeds/x.txt", message: "removed 1 NUL byte" }],
    });
  });

  it("ends the console with a one-line summary", () => {
    const entries = [entry("published", 2), entry("unpublished"), entry("unpublished"), entry("unpublished"), entry("unpublished")];
    const totals = countTotals(entries, { ignored: 0, articles: 5, stories: 0, storylines: 0, pages: 9 });
    expect(totals).toMatchObject({ files: 5, published: 1, unpublished: 4, rejected: 0, duplicate: 0, repairs: 2 });
    const report = { preview: false, totals } as BuildReport;
    expect(summaryLine(report)).toBe("5 seeds: 1 published, 4 unpublished (UNPUBLISHED=1 to include), 0 rejected");
    expect(summaryLine({ ...report, preview: true, totals: { ...totals, duplicate: 1, ignored: 2 } })).toBe(
      "5 seeds: 1 published, 4 unpublished (included, marked), 0 rejected, 1 duplicate, 2 other files or folders ignored",
    );
  });
});
