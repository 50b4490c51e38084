/** What both chart renderers (png.ts on Node, png-wasm.ts on Workers) give and throw. */
export interface Png {
  data: Uint8Array;
  width: number;
  height: number;
}

export class ChartFontMissing extends Error {
  constructor(detail: string) {
    super(`The chart font (DejaVu Sans from the npm package dejavu-fonts-ttf) is missing: ${detail}. Run npm install.`);
    this.name = "ChartFontMissing";
  }
}
