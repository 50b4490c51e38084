import { describe, expect, it } from "vitest";
import { addDays, parseIsoDate, startOfLocalDay } from "../../src/core/calendar.js";
import { AppError } from "../../src/core/errors.js";
import { numericQuestions, resolvePeriod, rollupBuilder, submissionRate, type RollupVersionInput } from "../../src/core/rollup.js";

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return ((e as AppError).details as { field: string }[]).map((d) => d.field);
  }
  throw new Error("did not throw");
};

describe("local days", () => {
  it("parses only real days, adds days across months and years, and finds local midnight", () => {
    expect(parseIsoDate("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsoDate("2026-02-29")).toBeNull();
    expect(parseIsoDate("2026-1-05")).toBeNull();
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(startOfLocalDay("2026-11-23", "Asia/Ho_Chi_Minh").toISOString()).toBe("2026-11-22T17:00:00.000Z");
  });
});

describe("the period", () => {
  it("defaults to the four weeks up to today, or up to `to`", () => {
    expect(resolvePeriod({}, "2026-11-28")).toEqual({ from: "2026-11-01", to: "2026-11-28" });
    expect(resolvePeriod({ to: "2026-03-01" }, "2026-11-28")).toEqual({ from: "2026-02-02", to: "2026-03-01" });
    expect(resolvePeriod({ from: "2026-11-20" }, "2026-11-28")).toEqual({ from: "2026-11-20", to: "2026-11-28" });
    expect(resolvePeriod({ from: "2026-11-20", to: "2026-11-20" }, "2026-11-28")).toEqual({ from: "2026-11-20", to: "2026-11-20" });
  });

  it("names the bad field: malformed or unreal dates, from after to, more than a year", () => {
    expect(fieldsOf(() => resolvePeriod({ from: "20/11/2026", to: "2026-02-30" }, "2026-11-28"))).toEqual(["from", "to"]);
    expect(fieldsOf(() => resolvePeriod({ from: "2026-11-21", to: "2026-11-20" }, "2026-11-28"))).toEqual(["from"]);
    expect(fieldsOf(() => resolvePeriod({ from: "2026-12-01" }, "2026-11-28"))).toEqual(["from"]);
    expect(resolvePeriod({ from: "2028-01-01", to: "2028-12-31" }, "2026-11-28").from).toBe("2028-01-01");
    expect(fieldsOf(() => resolvePeriod({ from: "2026-01-01", to: "2027-01-02" }, "2026-11-28"))).toEqual(["from"]);
  });
});

const v = (id: string, createdAt: string, questions: [string, string, string][], version = 1): RollupVersionInput => ({
  id,
  version,
  createdAt: new Date(createdAt),
  questions: questions.map(([key, text, type]) => ({ key, text, type })),
});

describe("the questions of a roll-up", () => {
  it("are the numeric ones, one per key, worded as in the newest version, in its order", () => {
    const old = v("v1", "2026-01-01", [["ho", "Số hộ được vận động?", "integer"], ["quy", "Tiền quỹ?", "money"], ["hoa_giai", "Số vụ hòa giải?", "integer"], ["ghi_chu", "Ghi chú", "text"]]);
    const renamed = v("v2", "2026-06-01", [["quy", "Số tiền ủng hộ Quỹ Vì người nghèo?", "money"], ["ho", "Số hộ đã vận động trong tuần?", "integer"], ["ty_le", "Tỉ lệ?", "number"]], 2);
    expect(numericQuestions([old, renamed])).toEqual([
      { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money" },
      { key: "ho", text: "Số hộ đã vận động trong tuần?", type: "integer" },
      { key: "ty_le", text: "Tỉ lệ?", type: "number" },
      { key: "hoa_giai", text: "Số vụ hòa giải?", type: "integer" },
    ]);
  });
});

describe("rolling up", () => {
  const version = v("v1", "2026-01-01", [["ho", "Số hộ?", "integer"], ["quy", "Quỹ?", "money"], ["ty_le", "Tỉ lệ?", "number"], ["antt", "ANTT?", "choice"]]);
  const wards = [{ id: "w10", name: "Phường 10" }, { id: "w2", name: "Phường 2" }, { id: "wE", name: "Xã Ấp Bắc" }];
  const cycles = [
    { id: "c1", wardId: "w2", formVersionId: "v1" },
    { id: "c2", wardId: "w2", formVersionId: "v1" },
    { id: "c3", wardId: "w10", formVersionId: "v1" },
    { id: "other", wardId: "elsewhere", formVersionId: "v1" },
  ];

  it("counts expected, submitted (late included), late and missing, and sums submitted numeric answers by key", () => {
    const builder = rollupBuilder(wards, cycles, [version]);
    builder.add([
      { cycleId: "c1", groupId: "g1", role: "leader", status: "submitted", late: false, answers: { ho: 10, quy: 1_500_000, ty_le: 0.1, antt: "Ổn định" } },
      { cycleId: "c1", groupId: "g2", role: "leader", status: "submitted", late: true, answers: { ho: 5, quy: 500_000, ty_le: 0.2 } },
      { cycleId: "c1", groupId: "g3", role: "leader", status: "missed", late: false, answers: {} },
    ]);
    // Fed in chunks, as the service does; drafts and unknown cycles are not counted.
    builder.add([
      { cycleId: "c2", groupId: "g4", role: "leader", status: "in_progress", late: false, answers: { ho: 99 } },
      { cycleId: "c2", groupId: "g5", role: "leader", status: "submitted", late: false, answers: { ho: "7", quy: null } },
      { cycleId: "c3", groupId: "g6", role: "leader", status: "pending", late: false, answers: {} },
      { cycleId: "other", groupId: "g7", role: "leader", status: "submitted", late: false, answers: { ho: 1000 } },
    ]);
    const result = builder.result();
    expect(result.questions.map((q) => q.key)).toEqual(["ho", "quy", "ty_le"]);
    expect(result.wards).toEqual([
      {
        wardId: "w2", name: "Phường 2", cycles: 2, reports: { expected: 5, submitted: 3, late: 1, missing: 2 },
        groups: { expected: 5, complete: 3, late: 1, partial: 0, missing: 2 }, byRole: { leader: { expected: 5, submitted: 3 } },
        submissionRate: 0.6, totals: { ho: 15, quy: 2_000_000, ty_le: 0.3 },
      },
      {
        wardId: "w10", name: "Phường 10", cycles: 1, reports: { expected: 1, submitted: 0, late: 0, missing: 1 },
        groups: { expected: 1, complete: 0, late: 0, partial: 0, missing: 1 }, byRole: { leader: { expected: 1, submitted: 0 } },
        submissionRate: 0, totals: { ho: 0, quy: 0, ty_le: 0 },
      },
      {
        wardId: "wE", name: "Xã Ấp Bắc", cycles: 0, reports: { expected: 0, submitted: 0, late: 0, missing: 0 },
        groups: { expected: 0, complete: 0, late: 0, partial: 0, missing: 0 }, byRole: {}, submissionRate: null, totals: { ho: 0, quy: 0, ty_le: 0 },
      },
    ]);
    expect(result.totals).toEqual({
      cycles: 3, expected: 6, submitted: 3, late: 1, missing: 3, groups: { expected: 6, complete: 3, late: 1, partial: 0, missing: 3 },
      byRole: { leader: { expected: 6, submitted: 3 } }, submissionRate: 0.5, totals: { ho: 15, quy: 2_000_000, ty_le: 0.3 },
    });
  });

  it("sums a key only where the cycle's version asked it as a number", () => {
    const asText = v("v0", "2025-01-01", [["ho", "Số hộ (ghi chữ)", "text"]]);
    const builder = rollupBuilder(wards, [{ id: "c0", wardId: "w2", formVersionId: "v0" }, ...cycles], [asText, version]);
    builder.add([
      { cycleId: "c0", groupId: "g8", role: "leader", status: "submitted", late: false, answers: { ho: 3 } },
      { cycleId: "c1", groupId: "g9", role: "leader", status: "submitted", late: false, answers: { ho: 4 } },
    ]);
    expect(builder.result().totals.totals.ho).toBe(4);
  });

  it("keeps big money sums exact and rounds rates to three decimals", () => {
    const builder = rollupBuilder([{ id: "w", name: "Phường A" }], [{ id: "c", wardId: "w", formVersionId: "v1" }], [version]);
    builder.add([
      { cycleId: "c", groupId: "g10", role: "leader", status: "submitted", late: false, answers: { quy: 10_000_000_000_001 } },
      { cycleId: "c", groupId: "g11", role: "leader", status: "submitted", late: false, answers: { quy: 2 } },
      { cycleId: "c", groupId: "g12", role: "leader", status: "missed", late: false, answers: {} },
    ]);
    const { wards: [ward] } = builder.result();
    expect(ward!.totals.quy).toBe(10_000_000_000_003);
    expect(ward!.submissionRate).toBe(0.667);
    expect(submissionRate(0, 0)).toBeNull();
    expect(submissionRate(1, 3)).toBe(0.333);
  });

  it("with two roles, counts a group as reported when both have, partly when one has, and still sums what came in", () => {
    const builder = rollupBuilder([{ id: "w", name: "Phường 2" }], [{ id: "c", wardId: "w", formVersionId: "v1" }], [version]);
    builder.add([
      { cycleId: "c", groupId: "t1", role: "leader", status: "submitted", late: false, answers: { ho: 4 } },
      { cycleId: "c", groupId: "t1", role: "front_head", status: "submitted", late: true, answers: { ho: 6 } },
      { cycleId: "c", groupId: "t2", role: "leader", status: "submitted", late: false, answers: { ho: 3 } },
      { cycleId: "c", groupId: "t2", role: "front_head", status: "missed", late: false, answers: {} },
      { cycleId: "c", groupId: "t3", role: "leader", status: "missed", late: false, answers: {} },
      { cycleId: "c", groupId: "t3", role: "front_head", status: "missed", late: false, answers: {} },
    ]);
    const { wards: [ward] } = builder.result();
    expect(ward).toMatchObject({
      reports: { expected: 6, submitted: 3, late: 1, missing: 3 },
      groups: { expected: 3, complete: 1, late: 1, partial: 1, missing: 1 },
      byRole: { leader: { expected: 3, submitted: 2 }, front_head: { expected: 3, submitted: 1 } },
      submissionRate: 0.333,
      totals: { ho: 13 },
    });
    // A cycle's reports split over two calls could not be judged group by group: refused.
    expect(() => builder.add([{ cycleId: "c", groupId: "t4", role: "leader", status: "missed", late: false, answers: {} }])).toThrow(/two parts/);
  });

  it("gives an empty roll-up for no wards", () => {
    expect(rollupBuilder([], [], []).result()).toEqual({
      questions: [],
      wards: [],
      totals: { cycles: 0, expected: 0, submitted: 0, late: 0, missing: 0, groups: { expected: 0, complete: 0, late: 0, partial: 0, missing: 0 }, byRole: {}, submissionRate: null, totals: {} },
    });
  });
});
