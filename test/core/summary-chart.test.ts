import { describe, expect, it } from "vitest";
import type { Question } from "../../src/core/form.js";
import { computeSummary, type SummaryGroup, type SummaryInput } from "../../src/core/summary/compute.js";
import { CHART_WIDTH, STANDING_STYLE, chartFigure, niceScale, summaryChart } from "../../src/core/summary/chart.js";
import { escapeXml, fitText, textWidth } from "../../src/core/summary/svg.js";

const QUESTIONS: Question[] = [
  { key: "ho", text: "Số hộ được vận động?", type: "integer", required: true },
  { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"], required: true },
  { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
];

function summaryOf(groups: SummaryGroup[], overrides: Partial<SummaryInput> = {}) {
  return computeSummary({
    wardName: "Phường Ngọc Lâm",
    zone: "Asia/Ho_Chi_Minh",
    cycle: { label: "Tuần 48/2026", dueAt: new Date("2026-11-27T10:00:00Z"), status: "closed" },
    questions: QUESTIONS,
    groups,
    ...overrides,
  });
}

const group = (name: string, status: string, answers: Record<string, number | string> = {}, absent = false): SummaryGroup => ({
  name,
  reports: [{ role: "leader", status, absent, answers }],
});

/** Enough of an XML check for our own output: balanced tags, nothing unescaped in text. */
function expectWellFormed(svg: string) {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z0-9-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/g;
  let last = 0;
  for (const m of svg.matchAll(tag)) {
    const between = svg.slice(last, m.index);
    expect(between, `text before ${m[0]}`).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos);)/);
    last = m.index + m[0].length;
    if (m[4]) continue;
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else stack.push(m[2]!);
  }
  expect(svg.slice(last).trim()).toBe("");
  expect(stack).toEqual([]);
  expect(svg.startsWith("<svg ")).toBe(true);
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
}

describe("summaryChart: the submission panel", () => {
  it("has a title, the count, and one cell per group styled by its standing", () => {
    const s = summaryOf([
      group("Tổ dân phố số 1", "submitted", { ho: 10, antt: "Ổn định" }),
      group("Tổ dân phố số 2", "late", { ho: 20, antt: "Ổn định" }),
      group("Tổ dân phố số 3", "pending"),
      group("Tổ dân phố số 4", "pending", {}, true),
    ]);
    const chart = summaryChart(s);
    expectWellFormed(chart.svg);
    expect(chart.width).toBe(CHART_WIDTH);
    expect(chart.svg).toContain(`width="${CHART_WIDTH}" height="${chart.height}"`);
    expect(chart.svg).toContain(">Tuần 48/2026 — Phường Ngọc Lâm</text>");
    expect(chart.svg).toContain(">Đã báo cáo 2/4 tổ (50%)</text>");
    expect(chart.svg).toContain(">Hạn chót: 17:00 Thứ Sáu 27/11/2026</text>");
    expect(chart.cells.map((c) => [c.group, c.standing])).toEqual([
      ["Tổ dân phố số 1", "done"],
      ["Tổ dân phố số 2", "late"],
      ["Tổ dân phố số 3", "missing"],
      ["Tổ dân phố số 4", "absent"],
    ]);
    for (const c of chart.cells) {
      const { fill, stroke } = STANDING_STYLE[c.standing];
      expect(chart.svg).toContain(`<rect x="${c.x}" y="${c.y}" width="${c.width}" height="${c.height}" rx="4" fill="${fill}" stroke="${stroke}"`);
    }
    // Not by colour alone: missing is dashed, and the legend says each standing in words with its count.
    expect(chart.svg).toMatch(new RegExp(`fill="#FFFFFF" stroke="${STANDING_STYLE.missing.stroke}" stroke-width="1.5" stroke-dasharray`));
    for (const label of ["Đã báo cáo (1)", "Nộp muộn (1)", "Chưa báo cáo (1)", "Vắng (1)"]) expect(chart.svg).toContain(`>${label}</text>`);
    // With one role there is no "chưa đủ"; five different fills and icons in all.
    expect(chart.svg).not.toContain("Báo cáo chưa đủ");
    expect(new Set(Object.values(STANDING_STYLE).map((s) => s.fill)).size).toBe(5);
    expect(chart.svg).toContain("<circle");
  });

  it("marks a provisional summary", () => {
    const s = summaryOf([group("Tổ 1", "pending")], { cycle: { label: "Tuần 49/2026", dueAt: new Date("2026-12-04T10:00:00Z"), status: "open" } });
    expect(summaryChart(s).svg).toContain("Số liệu tạm tính, kỳ báo cáo chưa đóng");
  });
});

describe("summaryChart: one key figure per group", () => {
  const groups = [
    group("Tổ dân phố số 1", "submitted", { ho: 12, antt: "Ổn định", quy: 2_500_000 }),
    group("Tổ dân phố số 2", "late", { ho: 30, antt: "Ổn định", quy: 1_000_000 }),
    group("Tổ dân phố số 3", "submitted", { ho: 6, antt: "Có vụ việc" }),
    group("Tổ dân phố số 4", "pending"),
    group("Tổ dân phố số 5", "pending", {}, true),
  ];

  it("prefers the money question, labels values the Vietnamese way, and draws lengths in proportion", () => {
    const chart = summaryChart(summaryOf(groups));
    expectWellFormed(chart.svg);
    expect(chart.figure).toEqual({ key: "quy", title: "Số tiền ủng hộ Quỹ Vì người nghèo", type: "money", total: 3_500_000 });
    expect(chart.svg).toContain(">Số tiền ủng hộ Quỹ Vì người nghèo</text>");
    expect(chart.svg).toContain("Tổng: 3.500.000 đồng · Trung bình: 1.750.000 đồng/tổ · Có số liệu: 2/5 tổ");
    expect(chart.bars.map((b) => [b.group, b.value, b.label])).toEqual([
      ["Tổ dân phố số 1", 2_500_000, "2.500.000 đồng"],
      ["Tổ dân phố số 2", 1_000_000, "1.000.000 đồng"],
      ["Tổ dân phố số 3", null, "— không trả lời"],
      ["Tổ dân phố số 4", null, "— chưa báo cáo"],
      ["Tổ dân phố số 5", null, "— vắng"],
    ]);
    const [one, two, ...rest] = chart.bars;
    expect(one!.width / two!.width).toBeCloseTo(2.5, 1);
    expect(rest.every((b) => b.width === 0)).toBe(true);
    expect(chart.scaleMax).toBe(2_500_000);
    for (const b of chart.bars) expect(chart.svg).toContain(`>${b.label}</text>`);
    // The bar itself is drawn at the layout's position and length.
    expect(chart.svg).toContain(`<rect x="${one!.x}" y="${one!.y + 5}" width="${one!.width}" height="14"`);
    // The scale's ticks speak money the way people do.
    expect(chart.svg).toContain(">2,5 triệu</text>");
    expect(chart.svg).toContain(">500 nghìn</text>");
  });

  it("takes the first numeric question without a money one, or the one asked for", () => {
    const noMoney = summaryOf(groups, { questions: QUESTIONS.filter((q) => q.key !== "quy") });
    const chart = summaryChart(noMoney);
    expect(chart.figure?.key).toBe("ho");
    expect(chart.bars.map((b) => b.label)).toEqual(["12", "30", "6", "— chưa báo cáo", "— vắng"]);
    expect(chart.bars[1]!.width / chart.bars[2]!.width).toBeCloseTo(5, 1);
    expect(summaryChart(summaryOf(groups), { figureKey: "ho" }).figure?.key).toBe("ho");
    expect(chartFigure(summaryOf(groups), "antt")).toBeUndefined();
  });

  it("adds up a group's reports from its two roles, as the total does", () => {
    const s = summaryOf([
      { name: "Tổ 1", reports: [{ role: "leader", status: "submitted", absent: false, answers: { ho: 4 } }, { role: "front_head", status: "submitted", absent: false, answers: { ho: 3 } }] },
    ]);
    expect(summaryChart(s).bars[0]).toMatchObject({ value: 7, label: "7" });
  });

  it("cuts an outlier's bar at the scale of the others and flags it", () => {
    const s = summaryOf([
      { ...group("Tổ 1", "submitted", { ho: 1, quy: 10_000_000_000 }), usual: { quy: 1_000_000 } },
      group("Tổ 2", "submitted", { ho: 1, quy: 2_000_000 }),
      group("Tổ 3", "submitted", { ho: 1, quy: 1_000_000 }),
    ]);
    const chart = summaryChart(s);
    const [outlier, two, three] = chart.bars;
    expect(outlier).toMatchObject({ value: 10_000_000_000, clipped: true, label: "10.000.000.000 đồng ⚠" });
    expect(chart.scaleMax).toBe(2_000_000);
    expect(two!.width).toBe(outlier!.width); // the full scale
    expect(two!.width / three!.width).toBeCloseTo(2, 1);
    expect(chart.svg).toContain("Gấp hơn 10 lần mức thường của tổ");
  });
});

describe("summaryChart: edge cases", () => {
  it("says 'Chưa có số liệu' for a ward without groups", () => {
    const chart = summaryChart(summaryOf([]));
    expectWellFormed(chart.svg);
    expect(chart.svg).toContain(">Chưa có số liệu</text>");
    expect(chart.svg).toContain("Chưa có tổ dân phố nào trong kỳ này");
    expect(chart).toMatchObject({ cells: [], bars: [], figure: null });
  });

  it("says 'Chưa có số liệu' when nobody reported, still showing every group as missing", () => {
    const chart = summaryChart(summaryOf([group("Tổ 1", "pending"), group("Tổ 2", "missed")]));
    expectWellFormed(chart.svg);
    expect(chart.svg).toContain(">Chưa có số liệu</text>");
    expect(chart.svg).toContain("Chưa có tổ nào gửi báo cáo trong kỳ này.");
    expect(chart.cells.map((c) => c.standing)).toEqual(["missing", "missing"]);
    expect(chart.bars).toEqual([]);
  });

  it("says so when the form has no numeric question", () => {
    const s = summaryOf([group("Tổ 1", "submitted", { antt: "Ổn định" })], { questions: QUESTIONS.filter((q) => q.type === "choice") });
    expect(summaryChart(s).svg).toContain("Biểu mẫu báo cáo không có câu hỏi dạng số");
  });

  it("escapes names and drops characters XML forbids", () => {
    const nasty = `Tổ <3> & "Hòa" 'Bắc'\u0001`;
    const chart = summaryChart(summaryOf([group(nasty, "submitted", { ho: 5 })], { wardName: "Phường <A&B>" }));
    expectWellFormed(chart.svg);
    expect(chart.svg).toContain("Tổ &lt;3&gt; &amp; &quot;Hòa&quot; &apos;Bắc&apos;");
    expect(chart.svg).toContain("Tuần 48/2026 — Phường &lt;A&amp;B&gt;");
    expect(chart.svg).not.toContain("<3>");
    expect(chart.svg).not.toContain("\u0001");
    expect(chart.bars[0]!.group).toBe(nasty); // the layout keeps the real name
  });

  it("fits 60 groups: bars in two columns, everything inside the picture, long names shortened", () => {
    const groups = Array.from({ length: 60 }, (_, i) =>
      group(i === 59 ? "Tổ dân phố Hòa Khánh Bắc số 60 (khu tái định cư Phước Lý mở rộng)" : `Tổ dân phố số ${i + 1}`, i % 9 === 0 ? "pending" : "submitted", { ho: i + 1, quy: (i + 1) * 80_000 }),
    );
    const chart = summaryChart(summaryOf(groups));
    expectWellFormed(chart.svg);
    expect(chart.cells).toHaveLength(60);
    expect(chart.bars).toHaveLength(60);
    expect(chart.height).toBeLessThan(1600); // Telegram shrinks to about 1280 px: stay close
    for (const item of [...chart.cells, ...chart.bars]) {
      expect(item.x).toBeGreaterThanOrEqual(0);
      expect(item.x + item.width).toBeLessThanOrEqual(chart.width);
      expect(item.y).toBeGreaterThanOrEqual(0);
      expect(item.y + 24).toBeLessThanOrEqual(chart.height);
    }
    const columns = [...new Set(chart.bars.map((b) => b.x))];
    expect(columns).toHaveLength(2);
    // Rows of a column do not overlap.
    for (const x of columns) {
      const ys = chart.bars.filter((b) => b.x === x).map((b) => b.y);
      for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(24);
    }
    // The scale's labels under each column do not run into each other.
    const ticks = [...chart.svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" font-size="12" fill="#555555" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), label: m[2]! }));
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < ticks.length; i++) {
      const [a, b] = [ticks[i - 1]!, ticks[i]!];
      if (b.x > a.x) expect(b.x - a.x).toBeGreaterThan((textWidth(a.label, 12) + textWidth(b.label, 12)) / 2 + 10);
    }
    expect(chart.svg).toMatch(/>Tổ dân phố Hòa K[^<]*…<\/text>/);
    expect(chart.svg).not.toContain("Phước Lý");
  });
});

describe("chart helpers", () => {
  it("niceScale picks 1, 2, 2.5 or 5 × 10ⁿ steps, whole ones for counts", () => {
    expect(niceScale(44, true)).toEqual({ max: 50, step: 10 });
    expect(niceScale(4_350_000, true)).toEqual({ max: 5_000_000, step: 1_000_000 });
    expect(niceScale(2_500_000, true)).toEqual({ max: 2_500_000, step: 500_000 });
    expect(niceScale(3, true)).toEqual({ max: 3, step: 1 });
    expect(niceScale(0.3, false)).toEqual({ max: 0.3, step: 0.1 });
    expect(niceScale(0, true)).toEqual({ max: 1, step: 1 });
  });

  it("escapeXml escapes the five characters", () => {
    expect(escapeXml(`<a href="x">Tôi & 'bạn'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tôi &amp; &apos;bạn&apos;&lt;/a&gt;");
  });

  it("measures Vietnamese like its base letters and cuts with an ellipsis", () => {
    expect(textWidth("Tổ dân phố", 14)).toBeCloseTo(textWidth("To dan pho", 14));
    expect(textWidth("Tổ", 14, true)).toBeGreaterThan(textWidth("Tổ", 14));
    expect(fitText("Tổ dân phố số 1", 500, 14)).toBe("Tổ dân phố số 1");
    const cut = fitText("Tổ dân phố số 1 khu Phước Lý", 100, 14);
    expect(cut.endsWith("…")).toBe(true);
    expect(textWidth(cut, 14)).toBeLessThanOrEqual(100);
  });
});

describe("summaryChart: a form answered by two roles", () => {
  const by = (role: "leader" | "front_head", status: string, answers: Record<string, number | string> = {}) => ({ role, status, absent: false, answers });
  /** Ten groups; the tổ trưởng of groups 1–3 have sent their report, no trưởng ban has yet. */
  const s = summaryOf(
    Array.from({ length: 10 }, (_, i) => ({
      name: `Tổ dân phố số ${i + 1}`,
      reports: [by("leader", i < 3 ? "submitted" : "missed", i < 3 ? { ho: 10 * (i + 1) } : {}), by("front_head", "missed")],
    })),
  );
  const chart = summaryChart(s);

  it("heads it with the groups complete, each role's count and what complete means", () => {
    expectWellFormed(chart.svg);
    expect(chart.svg).toContain(">Đã báo cáo đủ 0/10 tổ (0%)</text>");
    expect(chart.svg).toContain(">Tổ trưởng: 3/10 · Trưởng ban CTMT: 0/10 · Tổ báo cáo đủ khi có báo cáo của tất cả người báo cáo</text>");
    for (const label of ["Đã báo cáo đủ (0)", "Báo cáo chưa đủ (3)", "Chưa báo cáo (7)"]) expect(chart.svg).toContain(`>${label}</text>`);
  });

  it("shows the groups that sent something as partly reported, with their figures, never as missing", () => {
    expect(chart.cells.slice(0, 4).map((c) => c.standing)).toEqual(["partial", "partial", "partial", "missing"]);
    const { fill, stroke } = STANDING_STYLE.partial;
    expect(chart.svg).toContain(`width="${chart.cells[0]!.width}" height="${chart.cells[0]!.height}" rx="4" fill="${fill}" stroke="${stroke}"`);
    expect(chart.bars.slice(0, 4).map((b) => [b.standing, b.label])).toEqual([["partial", "10"], ["partial", "20"], ["partial", "30"], ["missing", "— chưa báo cáo"]]);
    expect(chart.svg).toContain("Có số liệu: 3/10 tổ");
  });
});
