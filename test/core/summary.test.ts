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
