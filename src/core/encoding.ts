/**
 * Which text encoding a spreadsheet export from a ward office is in. Excel on Vietnamese
 * Windows saves "CSV" in the legacy code page Windows-1258, "CSV UTF-8" with a BOM, and
 * "Unicode Text" as UTF-16 LE with a BOM. Bytes are decoded strictly: text that cannot be read
 * with certainty is refused, never stored with replacement characters (a name such as
 * "Nguy�n V�n Tu�n" would go to every message and document).
 */

export type DecodedText =
  | { ok: true; text: string; encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1258" }
  /** `line` is the first line (1-based) holding bytes that could not be read. */
  | { ok: false; line: number };

const strict = (encoding: string) => new TextDecoder(encoding, { fatal: true, ignoreBOM: true });

/** Byte offset of the first byte that is not part of valid UTF-8, or -1 when all of it is. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: how many continuation bytes follow, and the range the first one must be in
    // (which excludes overlong forms, surrogates and code points above U+10FFFF).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

const lineAt = (bytes: Uint8Array, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
};

/** Marks Vietnamese writes on a Latin letter: tones, circumflex, breve and horn. */
const VIETNAMESE_MARKS = /^[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]*$/;
/** Punctuation a Vietnamese spreadsheet holds besides ASCII: curly quotes, dashes, ellipsis, nbsp. */
const TYPOGRAPHY = new Set(["\u00a0", "\u2013", "\u2014", "\u2018", "\u2019", "\u201c", "\u201d", "\u2026"]);

/**
 * True when every non-ASCII character of `text` is a Vietnamese letter (or common typography)
 * and there is at least one: what a Windows-1258 file of names and group names decodes to. Text
 * from another legacy encoding (TCVN3, VNI, a Western code page) read as Windows-1258 shows
 * letters such as "ª", "Ð" or "ü" that Vietnamese does not use.
 */
export function looksVietnamese(text: string): boolean {
  let letters = 0;
  for (const ch of text.normalize("NFC")) {
    if (ch < "\u0080") continue;
    if (TYPOGRAPHY.has(ch)) continue;
    if (ch === "đ" || ch === "Đ") {
      letters++;
      continue;
    }
    const [base, ...marks] = ch.normalize("NFD");
    if (!base || !/[A-Za-z]/.test(base) || !marks.length || !VIETNAMESE_MARKS.test(marks.join(""))) return false;
    letters++;
  }
  return letters > 0;
}

/**
 * Decodes an uploaded text file: UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM, or
 * Windows-1258 when the bytes are not UTF-8 and read as Vietnamese in that code page. Anything
 * else, or text with NUL characters (UTF-16 without a BOM, a binary file), is refused.
 * Windows-1258 writes tones as combining marks, so the text is returned in NFC, the form every
 * name typed in the API or in a chat has.
 */
export function decodeUploadedText(bytes: Uint8Array): DecodedText {
  const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  let decoded: DecodedText;
  if (starts(0xef, 0xbb, 0xbf)) decoded = tryDecode(bytes, 3, "utf-8");
  else if (starts(0xff, 0xfe)) decoded = tryDecode(bytes, 2, "utf-16le");
  else if (starts(0xfe, 0xff)) decoded = tryDecode(bytes, 2, "utf-16be");
  else {
    const bad = firstInvalidUtf8(bytes);
    if (bad === -1) decoded = { ok: true, text: strict("utf-8").decode(bytes), encoding: "utf-8" };
    else {
      const legacy = new TextDecoder("windows-1258").decode(bytes);
      // Undefined bytes of the code page come out as U+FFFD or C1 controls: not Windows-1258.
      decoded = !/[\ufffd\u0080-\u009f]/.test(legacy) && looksVietnamese(legacy)
        ? { ok: true, text: legacy, encoding: "windows-1258" }
        : { ok: false, line: lineAt(bytes, bad) };
    }
  }
  if (!decoded.ok) return decoded;
  const nul = decoded.text.indexOf("\u0000");
  if (nul !== -1) return { ok: false, line: decoded.text.slice(0, nul).split("\n").length };
  return { ...decoded, text: decoded.text.normalize("NFC") };
}

function tryDecode(bytes: Uint8Array, skip: number, encoding: "utf-8" | "utf-16le" | "utf-16be"): DecodedText {
  try {
    return { ok: true, text: strict(encoding).decode(bytes.subarray(skip)), encoding };
  } catch {
    // A BOM followed by bytes that do not match it: say where, as far as UTF-8 lines go.
    const bad = encoding === "utf-8" ? firstInvalidUtf8(bytes.subarray(skip)) : -1;
    return { ok: false, line: bad === -1 ? 1 : lineAt(bytes.subarray(skip), bad) };
  }
}
