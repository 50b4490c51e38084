import { formatDateTimeInZone, formatNumber } from "../format.js";
import { standingLabel } from "../group-standing.js";
import { ROLE_SHORT_LABELS } from "../roles.js";
import { OUTLIER_FACTOR, type GroupStanding, type NumericFigure, type Summary } from "./compute.js";
import { escapeXml, fitText, r1, svgText, textWidth } from "./svg.js";
import { formatAmount } from "./text.js";

/**
 * A cycle's summary as one picture for the ward chair: who reported (a cell per group) and one
 * key figure per group (horizontal bars). Built as an SVG string from the Summary model alone,
 * so it says what the text says; the PNG is drawn from it outside the core. The layout numbers
 * come back with the SVG so tests can check what is drawn, not just that something is.
 *
 * Readable in black and white and for colour-blind readers: every standing has its own icon
 * (tick, clock, half-filled circle, cross, dash), fill and border style (missing is white with a
 * dashed border), and the legend gives the counts in words; bars carry their value as text.
 */

/** The PNG renderer must load this font (it has every Vietnamese glyph). */
export const CHART_FONT_FAMILY = "DejaVu Sans";
export const CHART_WIDTH = 1200;
const PAD = 40;
const INNER = CHART_WIDTH - 2 * PAD;
/** Cells per row in the submission panel: "Tổ dân phố số 12" fits a sixth of the width. */
const GRID_COLUMNS = 6;
const CELL_H = 30;
const CELL_GAP = 6;
const ROW_H = 24;
const BAR_H = 14;
/**
 * Above this many groups the bars go in two columns. Telegram shrinks photos to about 1280 px on
 * the long side; a single column of 60 rows would be 1,500 px tall and its text would shrink
 * below what a phone shows legibly.
 */
const ONE_COLUMN_MAX = 30;
const COLUMN_GAP = 40;

const INK = "#1A1A1A";
const MUTED = "#555555";
const GRID = "#DDDDDD";
const BAR = "#0072B2";
const BAR_OUTLIER = "#D55E00";

/**
 * Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), light fills for
 * print. The labels are those of a single-role form; several roles say "Đã báo cáo đủ".
 */
export const STANDING_STYLE: Record<GroupStanding, { label: string; fill: string; stroke: string; dashed?: boolean }> = {
  done: { label: standingLabel("done", false), fill: "#D6E8F5", stroke: "#0072B2" },
  late: { label: standingLabel("late", false), fill: "#FBE3B0", stroke: "#A65F00" },
  partial: { label: standingLabel("partial", true), fill: "#FFF6DB", stroke: "#B07800" },
  missing: { label: standingLabel("missing", false), fill: "#FFFFFF", stroke: "#D55E00", dashed: true },
  absent: { label: standingLabel("absent", false), fill: "#E4E4E4", stroke: "#666666" },
};

/** Why a group has no bar, after the dash. */
const NO_VALUE: Record<GroupStanding, string> = {
  done: "không trả lời",
  late: "không trả lời",
  partial: "không trả lời",
  missing: "chưa báo cáo",
  absent: "vắng",
};

export interface ChartCell {
  group: string;
  standing: GroupStanding;
  x: number;
  y: number;
  width: number;
  height: number;
}

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

export interface SummaryChart {
  svg: string;
  width: number;
  height: number;
  /** The figure the bars show, or null when there is none ("Chưa có số liệu"). */
  figure: Pick<NumericFigure, "key" | "title" | "type" | "total"> | null;
  /** The value at the end of the bar scale. */
  scaleMax: number;
  cells: ChartCell[];
  bars: ChartBar[];
}

/**
 * The figure worth a bar per group: the first money question if the form has one (the fund
 * collections chairs compare between groups at review meetings), else its first numeric one;
 * `key` picks another. Questions nobody answered have no figure and are passed over.
 */
export function chartFigure(summary: Summary, key?: string): NumericFigure | undefined {
  const numeric = summary.figures.filter((f): f is NumericFigure => f.kind === "numeric");
  if (key !== undefined) return numeric.find((f) => f.key === key);
  return numeric.find((f) => f.type === "money") ?? numeric[0];
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

function icon(standing: GroupStanding, x: number, y: number): string {
  const { stroke } = STANDING_STYLE[standing];
  const line = (width: number) => `fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"`;
  const at = (dx: number, dy: number) => `${r1(x + dx)} ${r1(y + dy)}`;
  switch (standing) {
    case "done":
      return `<path d="M${at(2, 7.5)} L${at(5.5, 11)} L${at(12, 3)}" ${line(2.4)}/>`;
    case "late":
      return `<circle cx="${r1(x + 7)}" cy="${r1(y + 7)}" r="6" ${line(1.8)}/><path d="M${at(7, 3.5)} L${at(7, 7)} L${at(10, 7)}" ${line(1.8)}/>`;
    case "missing":
      return `<path d="M${at(3, 3)} L${at(11, 11)} M${at(11, 3)} L${at(3, 11)}" ${line(2.4)}/>`;
    case "partial":
      // A circle half filled: some of the group's reports are in.
      return `<circle cx="${r1(x + 7)}" cy="${r1(y + 7)}" r="6" ${line(1.8)}/><path d="M${at(7, 1)} A6 6 0 0 0 ${at(7, 13)} Z" fill="${stroke}"/>`;
    case "absent":
      return `<path d="M${at(2.5, 7)} L${at(11.5, 7)}" ${line(3)}/>`;
  }
}

function box(standing: GroupStanding, x: number, y: number, w: number, h: number): string {
  const s = STANDING_STYLE[standing];
  const dash = s.dashed ? ` stroke-dasharray="5 3"` : "";
  return `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(w)}" height="${r1(h)}" rx="4" fill="${s.fill}" stroke="${s.stroke}" stroke-width="1.5"${dash}/>`;
}

export function summaryChart(summary: Summary, options: { figureKey?: string } = {}): SummaryChart {
  const out: string[] = [];
  const groups = summary.groups;
  let y = PAD;

  // Title, submission count and deadline.
  const title = `${summary.cycle.label} — ${summary.wardName}`;
  y += 28;
  out.push(svgText(PAD, y, fitText(title, INNER, 28, true), { size: 28, bold: true, fill: INK }));
  const several = summary.byRole.length > 0;
  const count = groups.length
    ? `${standingLabel("done", several)} ${summary.reported.length}/${groups.length} tổ (${Math.round((summary.rate ?? 0) * 100)}%)`
    : "Chưa có tổ dân phố nào trong kỳ này";
  y += 34;
  out.push(svgText(PAD, y, count, { size: 20, bold: true, fill: INK }));
  if (several && groups.length) {
    // What "đủ" means, and how far each role has got.
    const byRole = summary.byRole.map((r) => `${ROLE_SHORT_LABELS[r.role]}: ${r.done}/${r.total}`).join(" · ");
    y += 24;
    out.push(svgText(PAD, y, fitText(`${byRole} · Tổ báo cáo đủ khi có báo cáo của tất cả người báo cáo`, INNER, 15), { size: 15, fill: INK }));
  }
  const deadline = `Hạn chót: ${formatDateTimeInZone(summary.cycle.dueAt, summary.zone)}`;
  y += 26;
  out.push(svgText(PAD, y, summary.provisional ? `${deadline} · Số liệu tạm tính, kỳ báo cáo chưa đóng` : deadline, { size: 15, fill: MUTED }));

  // Submission panel: heading, legend with counts, one cell per group.
  y += 40;
  out.push(svgText(PAD, y, "Tình hình nộp báo cáo", { size: 18, bold: true, fill: INK }));
  y += 14;
  let lx = PAD;
  // "Báo cáo chưa đủ" only exists when several roles report.
  const standings: GroupStanding[] = several ? ["done", "late", "partial", "missing", "absent"] : ["done", "late", "missing", "absent"];
  for (const standing of standings) {
    const label = `${standingLabel(standing, several)} (${groups.filter((g) => g.standing === standing).length})`;
    out.push(box(standing, lx, y, 22, 22), icon(standing, lx + 4, y + 4));
    out.push(svgText(lx + 30, y + 16, label, { size: 15, fill: INK }));
    lx += 30 + textWidth(label, 15) + 28;
  }
  y += 34;
  const cellW = (INNER - (GRID_COLUMNS - 1) * CELL_GAP) / GRID_COLUMNS;
  const cells: ChartCell[] = groups.map((g, i) => ({
    group: g.name,
    standing: g.standing,
    x: r1(PAD + (i % GRID_COLUMNS) * (cellW + CELL_GAP)),
    y: r1(y + Math.floor(i / GRID_COLUMNS) * (CELL_H + CELL_GAP)),
    width: r1(cellW),
    height: CELL_H,
  }));
  for (const c of cells) {
    out.push(box(c.standing, c.x, c.y, c.width, c.height), icon(c.standing, c.x + 8, c.y + 8));
    out.push(svgText(c.x + 28, c.y + 20, fitText(c.group, c.width - 34, 14), { size: 14, fill: INK }));
  }
  y += Math.ceil(groups.length / GRID_COLUMNS) * (CELL_H + CELL_GAP);

  // One key figure per group.
  const figure = chartFigure(summary, options.figureKey);
  y += 34;
  let bars: ChartBar[] = [];
  let scaleMax = 0;
  if (!figure || !groups.length) {
    out.push(svgText(PAD, y, "Chưa có số liệu", { size: 22, bold: true, fill: MUTED }));
    const why = !groups.length
      ? "Phường chưa có tổ dân phố nào trong kỳ báo cáo này."
      : !summary.hasFigures
        ? "Chưa có tổ nào gửi báo cáo trong kỳ này."
        : "Biểu mẫu báo cáo không có câu hỏi dạng số để vẽ biểu đồ.";
    y += 28;
    out.push(svgText(PAD, y, why, { size: 15, fill: MUTED }));
    y += 10;
  } else {
    const drawn = figureBars(summary, figure, y);
    out.push(...drawn.svg);
    bars = drawn.bars;
    scaleMax = drawn.scaleMax;
    y = drawn.bottom;
  }

  const height = Math.ceil(y + PAD);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${CHART_FONT_FAMILY}, sans-serif">`,
    `<title>${escapeXml(`${title}: ${count}`)}</title>`,
    // Without a background the PNG is transparent, and Telegram's dark theme shows it black.
    `<rect width="${CHART_WIDTH}" height="${height}" fill="#FFFFFF"/>`,
    ...out,
    `</svg>`,
  ].join("\n");
  return {
    svg,
    width: CHART_WIDTH,
    height,
    figure: figure && groups.length ? { key: figure.key, title: figure.title, type: figure.type, total: figure.total } : null,
    scaleMax,
    cells,
    bars,
  };
}

/** The bar panel from `top`: heading, gridlines with ticks, a row per group in one or two columns. */
function figureBars(summary: Summary, figure: NumericFigure, top: number) {
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
