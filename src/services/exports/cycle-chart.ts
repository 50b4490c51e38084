import { summaryChart, type SummaryChart } from "../../core/summary/chart.js";
import type { Summary } from "../../core/summary/compute.js";
import type { ServiceContext } from "../context.js";
import { cycleSummary } from "../summaries.js";
import { asciiSlug } from "../../core/text.js";
import { svgToPng, type Png } from "#chart-png";

/**
 * A cycle's summary chart as a PNG: the admin download, the signed link and the picture posted
 * with the summary. Drawing takes a few hundred milliseconds, so the last few pictures are kept
 * by their SVG (which determines every pixel): a link opened by several chairs, or the summary
 * post drawing what it drew a moment before, costs one drawing.
 */

export interface CycleChart {
  filename: string;
  data: Uint8Array;
  width: number;
  height: number;
  /** What was drawn where (the groups, their values and bar lengths). */
  layout: SummaryChart;
}

const KEEP = 8;
const drawn = new Map<string, Promise<Png>>();

function pngOf(svg: string): Promise<Png> {
  let png = drawn.get(svg);
  if (png) {
    drawn.delete(svg); // refreshed: the oldest entry is the one to drop
  } else {
    png = svgToPng(svg);
    png.catch(() => drawn.delete(svg)); // a failure is not kept
  }
  drawn.set(svg, png);
  if (drawn.size > KEEP) drawn.delete(drawn.keys().next().value!);
  return png;
}

export async function renderSummaryChart(summary: Summary): Promise<CycleChart> {
  const layout = summaryChart(summary);
  const png = await pngOf(layout.svg);
  return { filename: `bieu-do-${asciiSlug(summary.cycle.label)}.png`, data: png.data, width: png.width, height: png.height, layout };
}

export async function cycleChart(ctx: ServiceContext, cycleId: string): Promise<CycleChart> {
  return renderSummaryChart(await cycleSummary(ctx, ctx.db, cycleId));
}
