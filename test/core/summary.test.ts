import { describe, expect, it } from "vitest";
import type { Question } from "../../src/core/form.js";
import { computeSummary, type SummaryGroup, type SummaryInput } from "../../src/core/summary/compute.js";
import { summaryHtml, summaryText } from "../../src/core/summary/text.js";
import { splitMessage } from "../../src/core/text.js";

const questions: Question[] = [
  { key: "ho", text: "Số hộ được vận động?", type: "integer", required: true },
  { key: "quy", text: "Tiền ủng hộ quỹ?", type: "money", required: false },
  { key: "antt", text: "An ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"], required: true },
  { key: "chi_tiet", text: "Mô tả vụ việc", type: "text", required: false, showIf: { key: "antt", equals: "Có vụ việc" } },
  { key: "kien_nghi", text: "Kiến nghị?", type: "text", required: false },
];

const report = (status: string, answers: SummaryGroup["reports"][number]["answers"] = {}, absent = false) => ({
  role: "leader" as const,
  status,
  absent,
  answers,
});

const input = (groups: SummaryGroup[], extra: Partial<SummaryInput> = {}): SummaryInput => ({
  wardName: "Phường Ngọc Lâm",
  zone: "Asia/Ho_Chi_Minh",
  cycle: { label: "Tuần 48/2026", dueAt: new Date("2026-11-27T10:00:00Z"), status: "closed" },
  questions,
  groups,
  ...extra,
});

describe("computeSummary", () => {
  it("sorts groups by standing and totals by key, and keeps each group's value for the chart", () => {
    const s = computeSummary(
      input(
        [
          { name: "Tổ 1", reports: [report("submitted", { ho: 10, quy: 500_000, antt: "Có vụ việc", chi_tiet: "Mất trộm <xe>" })] },
          { name: "Tổ 2", reports: [report("late", { ho: 5, antt: "Ổn định", kien_nghi: "Sửa đèn & cống" })] },
          { name: "Tổ 3", reports: [report("missed")] },
          { name: "Tổ 4", reports: [report("pending", {}, true)] },
        ],
        { previousTotals: { ho: 20 } },
      ),
    );
    expect(s.groups.map((g) => g.standing)).toEqual(["done", "late", "missing", "absent"]);
    expect(s.rate).toBe(0.5);
    const ho = s.figures.find((f) => f.key === "ho");
    expect(ho).toMatchObject({ total: 15, average: 7.5, previousTotal: 20, byGroup: [{ group: "Tổ 1", value: 10 }, { group: "Tổ 2", value: 5 }] });
    expect(s.figures.find((f) => f.key === "antt")).toMatchObject({ counts: [{ label: "Ổn định", count: 1 }, { label: "Có vụ việc", count: 1 }], details: [{ group: "Tổ 1", text: "Mất trộm <xe>" }] });
    expect(s.requests).toEqual([{ group: "Tổ 2", question: "Kiến nghị", text: "Sửa đèn & cống" }]);
  });

  it("gives no rate rather than NaN when the ward has no groups in the cycle", () => {
    const s = computeSummary(input([]));
    expect(s.rate).toBeNull();
    expect(summaryText(s)).toContain("Đã báo cáo: 0/0 tổ (0%).");
    expect(summaryText(s)).not.toMatch(/NaN|undefined/);
  });
});

describe("the summary message", () => {
  const groups = [
    { name: "Tổ 1", reports: [report("submitted", { ho: 10, antt: "Có vụ việc", chi_tiet: "Mất trộm <xe>" })] },
    { name: "Tổ 2", reports: [report("late", { ho: 5, antt: "Ổn định", kien_nghi: "Sửa đèn & cống" })] },
  ];

  it("says the same in plain text and in Telegram HTML, with markup escaped", () => {
    const s = computeSummary(input(groups));
    const text = summaryText(s);
    const html = summaryHtml(s);
    expect(html).toContain("<b>BÁO CÁO TỔNG HỢP TUẦN 48/2026 — Phường Ngọc Lâm</b>");
    expect(html).toContain("Mất trộm &lt;xe&gt;");
    expect(html).toContain("Sửa đèn &amp; cống");
    // Stripping the tags and entities of the HTML gives back the plain text, line for line.
    const unhtml = html.replace(/<\/?b>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    expect(unhtml).toBe(text);
  });

  it("cuts a 60-group summary into Telegram and Zalo sized parts without breaking a line or a tag", () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      name: `Tổ dân phố số ${i + 1}`,
      reports: [report("submitted", { ho: i, antt: "Có vụ việc", chi_tiet: `Vụ việc ${"rất dài ".repeat(8)}ở ngõ ${i + 1}`, kien_nghi: `Đề nghị <sửa> đường ngõ ${i + 1}, ${"lát lại gạch ".repeat(6)}` })],
    }));
    const s = computeSummary(input(many));
    const html = summaryHtml(s);
    const text = summaryText(s);
    const telegram = splitMessage(html, 4096);
    const zalo = splitMessage(text, 1999);
    expect(telegram.length).toBeGreaterThan(1);
    expect(zalo.length).toBeGreaterThan(telegram.length);
    for (const part of telegram) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.match(/<b>/g)?.length ?? 0).toBe(part.match(/<\/b>/g)?.length ?? 0);
    }
    for (const part of zalo) expect(part.length).toBeLessThan(2000);
    // Nothing is lost or cut mid-line: the parts' lines are the message's lines.
    expect(zalo.join("\n").split("\n").filter(Boolean)).toEqual(text.split("\n").filter(Boolean));
    expect(text).toContain("• Tổ dân phố số 60: Đề nghị <sửa> đường ngõ 60");
  });
});

describe("splitMessage", () => {
  it("prefers a blank line, then a line break, and cuts mid-line only when it must", () => {
    expect(splitMessage("short", 10)).toEqual(["short"]);
    expect(splitMessage("aaaa\n\nbbbb\ncc", 11)).toEqual(["aaaa\n\nbbbb", "cc"]);
    expect(splitMessage("aaaaaa\n\nbb\ncccc", 12)).toEqual(["aaaaaa\n\nbb", "cccc"]);
    expect(splitMessage("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });
});

describe("a form answered by the tổ trưởng and the trưởng ban CTMT", () => {
  const by = (role: "leader" | "front_head", status: string, answers: SummaryGroup["reports"][number]["answers"] = {}, absent = false) => ({ role, status, absent, answers });
  /** Ten groups; the tổ trưởng of groups 1–3 have sent their report, no trưởng ban has yet. */
  const threeLeaders = () =>
    computeSummary(
      input(
        Array.from({ length: 10 }, (_, i) => ({
          name: `Tổ dân phố số ${i + 1}`,
          reports: [by("leader", i < 3 ? "submitted" : "missed", i < 3 ? { ho: 10 * (i + 1), antt: "Ổn định" } : {}), by("front_head", "missed")],
        })),
      ),
    );

  it("says in words that a group has reported when both have, counts each role, and never calls a group that sent something unreported", () => {
    const s = threeLeaders();
    expect(s.groups.slice(0, 4).map((g) => [g.standing, g.owed])).toEqual([["partial", ["front_head"]], ["partial", ["front_head"]], ["partial", ["front_head"]], ["missing", ["leader", "front_head"]]]);
    const text = summaryText(s);
    expect(text).toContain("Đã báo cáo đủ (cả Tổ trưởng và Trưởng ban CTMT): 0/10 tổ (0%).");
    expect(text).toContain("  Tổ trưởng: 3/10; Trưởng ban CTMT: 0/10.");
    expect(text).toContain("Báo cáo chưa đủ, còn thiếu Trưởng ban công tác Mặt trận (3): Tổ dân phố số 1, Tổ dân phố số 2, Tổ dân phố số 3.");
    expect(text).toContain("Chưa báo cáo (7): Tổ dân phố số 4, ");
    expect(text).not.toMatch(/Chưa báo cáo[^\n]*Tổ dân phố số [123],/);
    // What the three sent is in the figures.
    expect(text).toContain("• Số hộ được vận động: tổng 60, trung bình 20/tổ.");
    expect(text).toContain("• An ninh trật tự: 3 Ổn định, 0 Có vụ việc.");
  });

  it("counts a group once in averages and spreads, with both reports added up", () => {
    const s = computeSummary(
      input([
        { name: "Tổ 1", reports: [by("leader", "submitted", { ho: 4, antt: "Ổn định" }), by("front_head", "late", { ho: 6, antt: "Ổn định" })] },
        { name: "Tổ 2", reports: [by("leader", "missed"), by("front_head", "submitted", { ho: 2, antt: "Có vụ việc", chi_tiet: "Cãi nhau" })] },
        { name: "Tổ 3", reports: [by("leader", "missed", {}, true), by("front_head", "missed", {}, true)] },
        { name: "Tổ 4", reports: [by("leader", "missed", {}, true), by("front_head", "missed")] },
      ]),
    );
    expect(s.groups.map((g) => g.standing)).toEqual(["late", "partial", "absent", "missing"]);
    expect(s.rate).toBe(0.25);
    expect(s.byRole).toEqual([{ role: "leader", done: 1, total: 4 }, { role: "front_head", done: 2, total: 4 }]);
    expect(s.figures.find((f) => f.key === "ho")).toMatchObject({ total: 12, average: 6, answered: 2, byGroup: [{ group: "Tổ 1", value: 10 }, { group: "Tổ 2", value: 2 }] });
    expect(s.figures.find((f) => f.key === "antt")).toMatchObject({ counts: [{ label: "Ổn định", count: 1 }, { label: "Có vụ việc", count: 1 }] });
    const text = summaryText(s);
    expect(text).toContain("Đã báo cáo đủ (cả Tổ trưởng và Trưởng ban CTMT): 1/4 tổ (25%), trong đó nộp muộn 1.");
    expect(text).toContain("Báo cáo chưa đủ, còn thiếu Tổ trưởng tổ dân phố (1): Tổ 2.");
    expect(text).toContain("Chưa báo cáo (1): Tổ 4.");
    expect(text).toContain("Vắng (1): Tổ 3.");
  });

  it("keeps the single-role wording", () => {
    const s = computeSummary(input([{ name: "Tổ 1", reports: [report("submitted", { ho: 1 })] }, { name: "Tổ 2", reports: [report("missed")] }]));
    expect(s.byRole).toEqual([]);
    expect(summaryText(s)).toContain("Đã báo cáo: 1/2 tổ (50%).");
    expect(summaryText(s)).not.toMatch(/đủ|Tổ trưởng/);
  });
});
