import { initWasm, Resvg } from "@resvg/resvg-wasm";
// A compiled WebAssembly module, bundled by wrangler (Workers cannot compile from bytes at run time).
import resvgModule from "@resvg/resvg-wasm/index_bg.wasm";
import { env } from "cloudflare:workers";
import { CHART_FONT_FAMILY } from "../../core/summary/chart.js";
import { ChartFontMissing, type Png } from "./png-types.js";

export type { Png } from "./png-types.js";

/**
 * SVG → PNG on Cloudflare Workers (package.json maps `#chart-png` here under the `workerd`
 * condition): resvg compiled to WebAssembly, with the same DejaVu Sans files as on Node, so the
 * chart is drawn the same. The fonts (725 KiB gzipped) are not in the bundle, which must stay
 * under Cloudflare's 3 MiB: `npm run worker:build` copies them among the static assets
 * (/fonts/), and the first chart of an isolate reads them through the ASSETS binding.
 */
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];
export const CHART_FONTS_PATH = "/fonts/";

let ready: Promise<Uint8Array[]> | undefined;

async function load(): Promise<Uint8Array[]> {
  const assets = (env as { ASSETS?: { fetch(request: Request): Promise<Response> } }).ASSETS;
  if (!assets) throw new ChartFontMissing("the ASSETS binding is missing ([assets] in wrangler.toml)");
  const [, fonts] = await Promise.all([
    initWasm(resvgModule),
    Promise.all(
      FONT_FILES.map(async (file) => {
        const res = await assets.fetch(new Request(`https://assets.invalid${CHART_FONTS_PATH}${file}`));
        if (!res.ok) throw new ChartFontMissing(`${CHART_FONTS_PATH}${file} is not among the static assets (run npm run worker:build)`);
        return new Uint8Array(await res.arrayBuffer());
      }),
    ),
  ]);
  return fonts;
}

export async function svgToPng(svg: string): Promise<Png> {
  ready ??= load();
  ready.catch(() => (ready = undefined)); // a failure is tried again by the next chart
  const fontBuffers = await ready;
  // Synchronous inside (no threads on Workers): a tall chart costs its few hundred ms of CPU.
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
