/**
 * The printed width of a line in Times New Roman Bold, from the font's advance widths (Adobe's
 * Times-Bold metrics, which Times New Roman and Liberation Serif share), for the short rules the
 * decree draws under the motto, the issuing body and the summary line: a document file cannot
 * ask the word processor how wide a line came out. Vietnamese letters are measured by their base
 * letter (the tone marks sit above or below it); ư and ơ get the width of their horn.
 */

// Thousandths of an em, for the characters official headings use.
const UPPER = [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667];
const LOWER = [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444];
const OTHER: Record<string, number> = {
  " ": 250, "-": 333, ".": 250, ",": 250, ":": 333, ";": 333, "/": 278, "(": 333, ")": 333, "…": 1000, "Đ": 722, "đ": 556,
};
const HORN = 90;

function advance(ch: string): number {
  if (OTHER[ch] !== undefined) return OTHER[ch];
  const base = ch.normalize("NFD");
  const letter = base[0] ?? "";
  const horn = base.includes("\u031b") ? HORN : 0;
  const code = letter.charCodeAt(0);
  if (code >= 65 && code <= 90) return UPPER[code - 65]! + horn;
  if (code >= 97 && code <= 122) return LOWER[code - 97]! + horn;
  if (code >= 48 && code <= 57) return 500;
  return 500;
}

/** Width in millimetres of `text` set in Times New Roman Bold at `sizePt`. */
export function boldTextWidthMm(text: string, sizePt: number): number {
  let em = 0;
  for (const ch of text.normalize("NFC")) em += advance(ch);
  return ((em / 1000) * sizePt * 25.4) / 72;
}
