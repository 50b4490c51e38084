/**
 * Small SVG helpers for the charts: escaping, and text widths estimated without a font engine.
 * The core cannot measure text (no canvas, no font files), so widths come from a table of
 * DejaVu Sans advances (the font the PNG is drawn with), rounded up so a label that is said to
 * fit does fit; a narrower fallback font only leaves more room.
 */

/** Text for an SVG element or attribute; drops the control characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Advance widths in em of DejaVu Sans, by class of character (diacritics do not widen a letter). */
const NARROW = new Set([..."iljIf!|.,:;'`"]);
const SEMI = new Set([..."rt()[]{}/\\-*\"J"]);
const WIDE = new Set([..."mwMW%—…@"]);
const UPPER_WIDE = new Set([..."NĐDHOQGCUV"]);

function charEm(ch: string): number {
  if (ch === " ") return 0.32;
  if (NARROW.has(ch)) return 0.3;
  if (SEMI.has(ch)) return 0.41;
  if (WIDE.has(ch)) return 1.0;
  if (/[0-9]/.test(ch)) return 0.64;
  if (UPPER_WIDE.has(ch)) return 0.78;
  if (/[A-Z]/.test(ch)) return 0.7;
  if (/[a-z]/.test(ch)) return 0.63;
  return 0.7;
}

/** The estimated width in px of `text` at `size` px; bold DejaVu is about 10 % wider. */
export function textWidth(text: string, size: number, bold = false): number {
  // Vietnamese letters are a base letter plus marks: measure the base letter.
  const base = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  let em = 0;
  for (const ch of base) em += charEm(ch);
  return em * size * (bold ? 1.1 : 1);
}

/** `text` cut with an ellipsis so that it fits `max` px (whole text when it fits). */
export function fitText(text: string, max: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = Array.from(text.normalize("NFC"));
  while (chars.length && textWidth(chars.join("").trimEnd() + "…", size, bold) > max) chars.pop();
  return chars.length ? chars.join("").trimEnd() + "…" : "";
}

/** Rounds layout numbers so the SVG stays short and tests compare plain numbers. */
export const r1 = (n: number) => Math.round(n * 10) / 10;

export interface TextStyle {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: "start" | "middle" | "end";
}

/** A <text> element; `content` is escaped here. */
export function svgText(x: number, y: number, content: string, style: TextStyle): string {
  const attrs = [
    `x="${r1(x)}"`,
    `y="${r1(y)}"`,
    `font-size="${style.size}"`,
    style.bold ? `font-weight="bold"` : "",
    style.fill ? `fill="${style.fill}"` : "",
    style.anchor && style.anchor !== "start" ? `text-anchor="${style.anchor}"` : "",
  ].filter(Boolean);
  return `<text ${attrs.join(" ")}>${escapeXml(content)}</text>`;
}
