import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CHART_FONT_FAMILY } from "../../core/summary/chart.js";
import { ChartFontMissing, type Png } from "./png-types.js";

export { ChartFontMissing, type Png } from "./png-types.js";

/**
 * SVG → PNG with resvg (a Rust renderer shipped as a prebuilt binary in the npm package, no
 * system libraries). Text is drawn with DejaVu Sans from the `dejavu-fonts-ttf` npm package
 * (full Vietnamese coverage), never with whatever fonts the host has: system fonts are not
 * loaded, so the picture is the same on every machine, and a missing font fails loudly here
 * instead of drawing empty boxes where the diacritics should be.
 */

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

let fontFiles: string[] | undefined;

/** The font files' paths, resolved once from node_modules. */
export function chartFontFiles(): string[] {
  if (fontFiles) return fontFiles;
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
  } catch {
    throw new ChartFontMissing("the package is not installed");
  }
  const files = FONT_FILES.map((f) => join(dir, f));
  const absent = files.filter((f) => !existsSync(f));
  if (absent.length) throw new ChartFontMissing(`${absent.join(", ")} not found`);
  return (fontFiles = files);
}

export async function svgToPng(svg: string): Promise<Png> {
  const files = chartFontFiles();
  // Loaded on first use: a native module most processes never need.
  const { renderAsync } = await import("@resvg/resvg-js");
  // Off the event loop: a tall chart takes a noticeable fraction of a second.
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
    fitTo: { mode: "original" },
    background: "#FFFFFF",
    logLevel: "off",
  });
  return { data: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}
