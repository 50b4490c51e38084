import { cleanName } from "./names.js";

/**
 * Vietnamese text as people type it: with or without diacritics, any case, extra spaces.
 * `foldVietnamese("Tổ Trưởng ") === foldVietnamese("to truong")`.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Names as stored: see cleanName (invisible characters dropped, NFC, single spaces, trimmed). */
export const tidyName = cleanName;

/**
 * A long message cut into parts of at most `limit` characters, for platforms that cap a message
 * (Telegram 4,096, Zalo under 2,000): at a blank line when one is in the second half of the
 * part, else at a line break, and only mid-line for a single line longer than the limit.
 */
export function splitMessage(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const paragraph = rest.lastIndexOf("\n\n", limit);
    const line = rest.lastIndexOf("\n", limit);
    const at = paragraph > limit / 2 ? paragraph : line > 0 ? line : limit;
    parts.push(rest.slice(0, at).replace(/\n+$/, ""));
    rest = rest.slice(at).replace(/^\n+/, "");
  }
  return [...parts, rest];
}

/** "Tuần 48/2026" → "tuan-48-2026": a file name every browser and mail client keeps as it is. */
export function asciiSlug(text: string): string {
  return foldVietnamese(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
