import { formatNumber } from "../format.js";
import { OUTLIER_FACTOR, type GroupStanding, type NumericFigure, type Summary } from "./compute.js";
import { fitText, r1, svgText, textWidth } from "./svg.js";
import { formatAmount } from "./text.js";

/**
 * The bar panel of the summary chart (./chart.ts): one key figure per group as horizontal bars,
 * with ticks the way people say amounts, and outliers cut at the scale of the others.
 */

export const CHART_WIDTH = 1200;
export const PAD = 40;
export const INNER = CHART_WIDTH - 2 * PAD;
export const INK = "#1A1A1A";
export const MUTED = "#555555";
const ROW_H = 24;
const BAR_H = 14;
/**
 * Above this many groups the bars go in two columns. Telegram shrinks photos to about 1280 px on
 * the long side; a single column of 60 rows would be 1,500 px tall and its text would shrink
 * below what a phone shows legibly.
 */
const ONE_COLUMN_MAX = 30;
const COLUMN_GAP = 40;

const GRID = "#DDDDDD";
const BAR = "#0072B2";
export const BAR_OUTLIER = "#D55E00";

/** Why a group has no bar, after the dash. */
const NO_VALUE: Record<GroupStanding, string> = {
  done: "không trả lời",
  late: "không trả lời",
  partial: "không trả lời",
  missing: "chưa báo cáo",
  absent: "vắng",
};

export interface ChartBar {
  group: string;
  standing: GroupStanding;
  /** The group's value (summed over its reports), or null: no bar, a dash and the reason. */
  value: number | null;
  /** The text drawn after the bar: "12.500.000 đồng", or "— chưa báo cáo". */
  label: string;
  x: number;
  y: number;
  width: number;
  /** An outlier longer than the scale: drawn to the end with a break mark. */
  clipped: boolean;
}

/**
 * A scale end and a tick step of 1, 2, 2.5 or 5 × 10ⁿ giving about `ticks` steps up to `top`;
 * whole steps for counts and money.
 */
export function niceScale(top: number, integral: boolean, ticks = 5): { max: number; step: number } {
  if (!(top > 0)) return { max: 1, step: 1 };
  const raw = top / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw && (!integral || Number.isInteger(s))) ??
    Math.max(1, Math.ceil(raw));
  // toPrecision drops float noise: 3 × 0.1 is 0.30000000000000004.
  const tidy = (n: number) => Number(n.toPrecision(12));
  return { max: tidy(Math.ceil(top / step - 1e-9) * step), step: tidy(step) };
}

/** Tick labels: money in "triệu"/"tỷ" as people say it, other figures as plain numbers. */
function tickLabel(value: number, money: boolean): string {
  if (money)
    for (const [unit, word] of [[1e9, "tỷ"], [1e6, "triệu"], [1e3, "nghìn"]] as const)
      if (Math.abs(value) >= unit) return `${formatNumber(Math.round((value / unit) * 100) / 100)} ${word}`;
  return formatNumber(Math.round(value * 100) / 100);
}

/** The bar panel from `top`: heading, gridlines with ticks, a row per group in one or two columns. */
export function figureBars(summary: Summary, figure: NumericFigure, top: number) {
  const out: string[] = [];
  const groups = summary.groups;
  const money = figure.type === "money";
  let y = top;
  out.push(svgText(PAD, y, fitText(figure.title, INNER, 18, true), { size: 18, bold: true, fill: INK }));
  y += 24;
  const facts = `Tổng: ${formatAmount(figure, figure.total)} · Trung bình: ${formatAmount(figure, figure.average)}/tổ · Có số liệu: ${figure.answered}/${groups.length} tổ`;
  out.push(svgText(PAD, y, fitText(facts, INNER, 15), { size: 15, fill: MUTED }));
  y += 18;

  // A group answering through two roles (tổ trưởng and trưởng ban) is one value: both added up.
  const values = new Map(figure.byGroup.map((g) => [g.group, g.value]));
  const outliers = new Set(figure.outliers.map((o) => o.group));
  const all = [...values.values()];
  const regular = [...values].filter(([g]) => !outliers.has(g)).map(([, v]) => v);
  // A mistyped 10-billion value must not flatten every other bar: scale to the others, clip it.
  const reach = Math.max(0, ...(regular.some((v) => v > 0) ? regular : all));

  const labels = groups.map((g) => {
    const value = values.get(g.name);
    if (value === undefined) return `— ${NO_VALUE[g.standing]}`;
    return formatAmount(figure, value) + (outliers.has(g.name) ? " ⚠" : "");
  });
  const columns = groups.length > ONE_COLUMN_MAX ? 2 : 1;
  const perColumn = Math.ceil(groups.length / columns);
  const colW = (INNER - (columns - 1) * COLUMN_GAP) / columns;
  const labelW = Math.min(Math.max(...groups.map((g) => textWidth(g.name, 14))) + 4, colW * 0.34);
  // Room after the longest bar for its value; the dashes of groups without one sit at the start.
  const valueLabels = labels.filter((_, i) => values.has(groups[i]!.name));
  const valueW = Math.min(Math.max(0, ...valueLabels.map((l) => textWidth(l, 13, true))) + 10, colW * 0.3);
  const barMax = colW - labelW - 10 - valueW;
  // Fewer ticks when their labels ("2,5 triệu") would touch in a narrow column.
  let scale = niceScale(reach, figure.type !== "number");
  for (let ticks = 4; ticks >= 1; ticks--) {
    const widest = Math.max(...[scale.max, scale.max - scale.step].map((v) => textWidth(tickLabel(v, money), 12)));
    if ((barMax * scale.step) / scale.max >= widest + 12) break;
    scale = niceScale(reach, figure.type !== "number", ticks);
  }
  const { max: scaleMax, step } = scale;
  const rowsTop = y + 8;
  const rowsBottom = rowsTop + perColumn * ROW_H;

  for (let col = 0; col < columns; col++) {
    const x0 = PAD + col * (colW + COLUMN_GAP) + labelW + 10;
    for (let k = 0; k <= Math.round(scaleMax / step); k++) {
      const t = k * step;
      const x = x0 + (t / scaleMax) * barMax;
      out.push(`<line x1="${r1(x)}" y1="${r1(rowsTop)}" x2="${r1(x)}" y2="${r1(rowsBottom)}" stroke="${t === 0 ? "#888888" : GRID}" stroke-width="1"/>`);
      out.push(svgText(x, rowsBottom + 16, tickLabel(t, money), { size: 12, fill: MUTED, anchor: t === 0 ? "start" : "middle" }));
    }
  }

  const bars: ChartBar[] = groups.map((g, i) => {
    const col = Math.floor(i / perColumn);
    const colX = PAD + col * (colW + COLUMN_GAP);
    const rowY = rowsTop + (i % perColumn) * ROW_H;
    const x0 = colX + labelW + 10;
    const value = values.get(g.name) ?? null;
    const clipped = value !== null && value > scaleMax;
    const width = value === null ? 0 : Math.min(Math.max(value, 0) / scaleMax, 1) * barMax;
    out.push(svgText(colX + labelW, rowY + 17, fitText(g.name, labelW, 14), { size: 14, fill: value === null ? MUTED : INK, anchor: "end" }));
    if (value === null) {
      out.push(svgText(x0 + 6, rowY + 17, labels[i]!, { size: 13, fill: MUTED }));
    } else {
      if (width > 0)
        out.push(`<rect x="${r1(x0)}" y="${r1(rowY + (ROW_H - BAR_H) / 2)}" width="${r1(width)}" height="${BAR_H}" fill="${outliers.has(g.name) ? BAR_OUTLIER : BAR}"/>`);
      if (clipped) {
        // A white zig-zag near the end says "this bar goes on".
        const bx = x0 + width - 14;
        const by = rowY + (ROW_H - BAR_H) / 2;
        out.push(`<path d="M${r1(bx)} ${r1(by - 1)} L${r1(bx + 4)} ${r1(by + BAR_H / 2)} L${r1(bx)} ${r1(by + BAR_H + 1)}" fill="none" stroke="#FFFFFF" stroke-width="3"/>`);
      }
      out.push(svgText(x0 + width + 6, rowY + 17, labels[i]!, { size: 13, bold: outliers.has(g.name), fill: INK }));
    }
    return { group: g.name, standing: g.standing, value, label: labels[i]!, x: r1(x0), y: r1(rowY), width: r1(width), clipped };
  });

  let bottom = rowsBottom + 22;
  if (outliers.size) {
    bottom += 22;
    out.push(svgText(PAD, bottom, `⚠ Gấp hơn ${OUTLIER_FACTOR} lần mức thường của tổ: xin kiểm tra lại (cột dài quá thang đo được cắt bớt).`, { size: 14, fill: BAR_OUTLIER }));
  }
  return { svg: out, bars, scaleMax, bottom };
}
