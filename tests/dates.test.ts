import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { dateLabel, dayKey, dayLabel, gapLabel, monthLabel, parseDateTime, rangeLabel } from "../src/dates.ts";

const DAY = 86_400_000;

describe("parseDateTime", () => {
  it("keeps the +05:30 offset as given and computes the instant", () => {
    expect(parseDateTime("2023-03-14T14:24:00+05:30")).toEqual({ ok: true, iso: "2023-03-14T14:24:00+05:30", time: Date.UTC(2023, 2, 14, 8, 54) });
  });

  it.each([
    ["2023-13-14T14:24:00Z", "is not a valid date-time (month 13 is invalid)"],
    ["2023-02-30T10:00:00Z", "is not a valid date-time (day 30 is invalid)"],
    ["2023-03-14T25:00:00Z", "is not a valid date-time (hour 25 is invalid)"],
    ["14/03/2023", "is not an ISO 8601 date-time such as 2021-04-13T16:17:00Z"],
    ["1970-01-01T00:00:00Z", "is before 1990-01-01, which looks like a placeholder date"],
    ["2150-01-01T00:00:00Z", "is after 2100-01-01, which is in the future"],
  ])("rejects %s: %s", (raw, reason) => {
    expect(parseDateTime(raw)).toEqual({ ok: false, reason });
  });

  it("reads every date-time with an offset as luxon does, valid or not (its fast path included)", () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
    const offset = fc.oneof(fc.constant("Z"), fc.constant("z"), fc.tuple(fc.constantFrom("+", "-"), two(25), two(61)).map(([sign, h, m]) => `${sign}${h}:${m}`));
    const text = fc
      .tuple(fc.integer({ min: 1989, max: 2101 }), two(13), two(32), two(25), two(61), two(61), fc.constantFrom("", ".5", ".123456"), offset)
      .map(([y, mo, d, h, mi, s, fraction, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${zone}`);
    const wide = { min: Date.UTC(1000, 0, 1), max: Date.UTC(3000, 0, 1) };
    fc.assert(
      fc.property(text, (raw) => {
        const luxon = DateTime.fromISO(raw, { setZone: true });
        const parsed = parseDateTime(raw, wide);
        expect(parsed.ok).toBe(luxon.isValid);
        if (parsed.ok) expect(parsed.time).toBe(luxon.toMillis());
      }),
      { numRuns: 20_000, seed: 8 },
    );
  });

  it("reads an offset-less value as UTC and says so", () => {
    expect(parseDateTime("2021-06-03T21:51:00")).toEqual({ ok: true, iso: "2021-06-03T21:51:00Z", time: Date.UTC(2021, 5, 3, 21, 51), repair: '"2021-06-03T21:51:00" has no time-zone offset; read as UTC (2021-06-03T21:51:00Z)' });
  });
});

describe("labels in the display time zone", () => {
  const lateUtc = Date.UTC(2021, 0, 13, 0, 17);

  it("decides the day by the display zone", () => {
    expect(dayKey(lateUtc, "UTC")).toBe("2021-01-13");
    expect(dayKey(lateUtc, "America/Los_Angeles")).toBe("2021-01-12");
  });

  it.each([
    [Date.UTC(2023, 2, 29), Date.UTC(2023, 2, 30), "29–30 March 2023"],
    [Date.UTC(2023, 2, 30), Date.UTC(2023, 3, 2), "30 March – 2 April 2023"],
    [Date.UTC(2021, 0, 13), Date.UTC(2023, 2, 30), "13 January 2021 – 30 March 2023"],
    [Date.UTC(2021, 0, 13, 1), Date.UTC(2021, 0, 13, 9), "13 January 2021"],
  ])("rangeLabel(%s, %s) = %s", (a, b, label) => {
    expect(rangeLabel(a, b, "UTC")).toBe(label);
  });

  it("formats dates and months in English", () => {
    expect(dateLabel(lateUtc, "UTC")).toBe("13 January 2021");
    expect(monthLabel(lateUtc, "UTC")).toBe("January 2021");
  });

  it.each([
    [1 * DAY, "a day later"],
    [12 * DAY, "12 days later"],
    [31 * DAY, "a month later"],
    [51 * DAY, "2 months later"],
    [91 * DAY, "3 months later"],
    [664 * DAY, "2 years later"],
    [360 * DAY, "a year later"],
    [(365 * 2 - 10) * DAY, "2 years later"],
  ])("gapLabel(%s ms) = %s", (ms, label) => {
    expect(gapLabel(ms)).toBe(label);
  });
});

describe("labels agree with luxon in every zone", () => {
  it.each(["UTC", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Kiritimati", "Europe/London"])("%s, across DST changes", async (zone) => {
    const { DateTime } = await import("luxon");
    for (let time = Date.UTC(2019, 0, 1); time < Date.UTC(2024, 0, 1); time += 3 * 3_600_000 + 7 * 60_000) {
      const d = DateTime.fromMillis(time, { zone }).setLocale("en-GB");
      expect(dayKey(time, zone)).toBe(d.toFormat("yyyy-MM-dd"));
      expect(dateLabel(time, zone)).toBe(d.toFormat("d LLLL yyyy"));
    }
    const d = DateTime.fromMillis(Date.UTC(2021, 2, 28, 1, 30), { zone }).setLocale("en-GB");
    expect(dayLabel(d.toMillis(), zone)).toBe(d.toFormat("cccc d LLLL yyyy"));
    expect(monthLabel(d.toMillis(), zone)).toBe(d.toFormat("LLLL yyyy"));
  });
});
