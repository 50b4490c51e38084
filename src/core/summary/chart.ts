import { formatDateTimeInZone } from "../format.js";
import { standingLabel } from "../group-standing.js";
import { ROLE_SHORT_LABELS } from "../roles.js";
import type { GroupStanding, NumericFigure, Summary } from "./compute.js";
import { CHART_WIDTH, INK, INNER, MUTED, PAD, figureBars, type ChartBar } from "./chart-bars.js";
import { escapeXml, fitText, r1, svgText, textWidth } from "./svg.js";

export { CHART_WIDTH, niceScale, type ChartBar } from "./chart-bars.js";

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
/** Cells per row in the submission panel: "Tổ dân phố số 12" fits a sixth of the width. */
const GRID_COLUMNS = 6;
const CELL_H = 30;
const CELL_GAP = 6;

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

export interface ChartCell {
  group: string;
  standing: GroupStanding;
  x: number;
  y: number;
  width: number;
  height: number;
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
