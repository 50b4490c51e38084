import { describe, expect, it } from "vitest";
import { checkCron, nextRuns, nextRunsOfAll } from "../../src/core/schedule.js";

const VN = "Asia/Ho_Chi_Minh";
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("checkCron", () => {
  it("accepts ordinary five-field crons", () => {
    for (const expression of ["0 8 * * 1", "*/15 * * * *", "0 8 1 * *", "30 17 * * 1-5", "0 0 29 2 *", "  0 8 * * 1  "])
      expect(checkCron(expression, VN), expression).toEqual({ ok: true });
  });

  it("requires exactly five fields", () => {
    const six = checkCron("0 0 8 * * 1", VN);
    expect(six.ok).toBe(false);
    if (!six.ok) expect(six.message).toMatch(/5 phần.*đang có 6/);
    const four = checkCron("0 8 * *", VN);
    expect(four.ok).toBe(false);
    if (!four.ok) expect(four.message).toContain("đang có 4");
    expect(checkCron("", VN).ok).toBe(false);
  });

  it("says an expression with five fields of garbage does not parse", () => {
    for (const expression of ["a b c d e", "61 * * * *", "0 25 * * *", "0 8 * 13 *"]) {
      const result = checkCron(expression, VN);
      expect(result.ok, expression).toBe(false);
      if (!result.ok) expect(result.message, expression).toMatch(/^không đọc được/);
    }
  });

  it("says a cron on a day that never comes never fires", () => {
    expect(checkCron("0 0 31 2 *", VN)).toEqual({ ok: false, message: "không bao giờ đến lượt chạy" });
    expect(checkCron("0 0 30 2 *", VN)).toEqual({ ok: false, message: "không bao giờ đến lượt chạy" });
  });
});

describe("nextRuns", () => {
  it("evaluates in the ward's zone: Monday 08:00 in Vietnam is 01:00Z", () => {
    const runs = nextRuns("0 8 * * 1", VN, new Date("2026-11-22T00:00:00Z"), 3);
    expect(iso(runs)).toEqual(["2026-11-23T01:00:00.000Z", "2026-11-30T01:00:00.000Z", "2026-12-07T01:00:00.000Z"]);
  });

  it("treats `from` as exclusive", () => {
    const runs = nextRuns("0 8 * * 1", VN, new Date("2026-11-23T01:00:00Z"), 1);
    expect(iso(runs)).toEqual(["2026-11-30T01:00:00.000Z"]);
  });

  it("uses the local date, not the UTC date, for day-of-month", () => {
    // 06:00 on the 1st in Vietnam is still the previous day (23:00) in UTC.
    const runs = nextRuns("0 6 1 * *", VN, new Date("2026-11-15T00:00:00Z"), 2);
    expect(iso(runs)).toEqual(["2026-11-30T23:00:00.000Z", "2026-12-31T23:00:00.000Z"]);
  });

  it("keeps the wall-clock hour across a daylight-saving change", () => {
    const runs = nextRuns("0 8 * * *", "Europe/Berlin", new Date("2026-03-27T12:00:00Z"), 3);
    expect(iso(runs)).toEqual(["2026-03-28T07:00:00.000Z", "2026-03-29T06:00:00.000Z", "2026-03-30T06:00:00.000Z"]);
  });

  it("returns as many runs as asked", () => {
    expect(nextRuns("*/15 * * * *", VN, new Date("2026-11-22T00:00:00Z"), 5)).toHaveLength(5);
    expect(nextRuns("0 8 * * 1", VN, new Date("2026-11-22T00:00:00Z"), 0)).toEqual([]);
  });
});

describe("nextRunsOfAll", () => {
  const from = new Date("2026-11-22T00:00:00Z"); // Sunday

  it("merges several crons in time order", () => {
    const runs = nextRunsOfAll(["0 17 * * 5", "0 8 * * 1"], VN, from, 4);
    expect(iso(runs)).toEqual([
      "2026-11-23T01:00:00.000Z", // Mon 08:00
      "2026-11-27T10:00:00.000Z", // Fri 17:00
      "2026-11-30T01:00:00.000Z",
      "2026-12-04T10:00:00.000Z",
    ]);
  });

  it("does not repeat an instant two crons share", () => {
    const runs = nextRunsOfAll(["0 8 * * 1", "0 8 * * 1-5", "0 17 * * 5"], VN, from, 7);
    expect(iso(runs)).toEqual([
      "2026-11-23T01:00:00.000Z",
      "2026-11-24T01:00:00.000Z",
      "2026-11-25T01:00:00.000Z",
      "2026-11-26T01:00:00.000Z",
      "2026-11-27T01:00:00.000Z",
      "2026-11-27T10:00:00.000Z",
      "2026-11-30T01:00:00.000Z",
    ]);
    expect(new Set(iso(runs)).size).toBe(runs.length);
  });

  it("dedupes identical crons", () => {
    expect(iso(nextRunsOfAll(["0 8 * * 1", "0 8 * * 1"], VN, from, 2))).toEqual([
      "2026-11-23T01:00:00.000Z",
      "2026-11-30T01:00:00.000Z",
    ]);
  });

  it("is empty for no crons", () => {
    expect(nextRunsOfAll([], VN, from, 3)).toEqual([]);
  });
});
