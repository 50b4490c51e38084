import { initWasm, Resvg } from "@resvg/resvg-wasm";
// Bundled by wrangler: the .wasm as a compiled module (Workers cannot compile WebAssembly from
// bytes at run time), the fonts as bytes (the `rules` of wrangler.toml).
import resvgModule from "@resvg/resvg-wasm/index_bg.wasm";
import regular from "dejavu-fonts-ttf/ttf/DejaVuSans.ttf";
import bold from "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf";
import { CHART_FONT_FAMILY } from "../../core/summary/chart.js";
import type { Png } from "./png.js";

export type { Png } from "./png.js";

/**
 * SVG → PNG on Cloudflare Workers (package.json maps `#chart-png` here under the `workerd`
 * condition): resvg compiled to WebAssembly, with the same DejaVu Sans as on Node, bundled,
 * so the chart is drawn the same. Synchronous inside (no threads on Workers): a tall chart
 * takes its few hundred milliseconds of the request's CPU time.
 */
let ready: Promise<void> | undefined;
const fontBuffers = [new Uint8Array(regular), new Uint8Array(bold)];

export async function svgToPng(svg: string): Promise<Png> {
  ready ??= initWasm(resvgModule);
  await ready;
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontBuffers, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
    fitTo: { mode: "original" },
    background: "#FFFFFF",
  });
  const image = resvg.render();
  const png = { data: image.asPng(), width: image.width, height: image.height };
  image.free();
  resvg.free();
  return png;
}
