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

/** Names as stored: NFC, single spaces, trimmed. */
export function tidyName(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}
