/**
 * Reading numerals and Vietnamese number words from folded text: the building blocks that
 * parseInteger, parseDecimal and parseMoney share.
 */

/**
 * A numeral as typed: plain digits ("1200"), thousands grouped by dots or single spaces
 * ("1.200", "1 200"), optionally a decimal part after a comma ("1.234,5").
 * "dot" marks a dot that cannot be a thousands separator ("12.5", "1,234.5"): Vietnamese readers
 * and English readers would disagree, so callers ask again.
 */
export type Numeral = { kind: "ok"; int: string; frac: string } | { kind: "dot" } | { kind: "invalid" };

const NUMERAL = /^(\d+|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?: \d{3})+)(?:,(\d+))?$/;

export function readNumeral(text: string): Numeral {
  const m = NUMERAL.exec(text);
  if (m) return { kind: "ok", int: m[1]!.replace(/[. ]/g, "").replace(/^0+(?=\d)/, ""), frac: m[2] ?? "" };
  if (/^\d+(?:\.\d+)+$/.test(text) || /^\d+(?:,\d{3})+\.\d+$/.test(text)) return { kind: "dot" };
  return { kind: "invalid" };
}

export const isZeros = (digits: string) => /^0*$/.test(digits);

/** Words for digits and their combinations, folded (no diacritics): "mười"/"mươi" both fold to "muoi". */
const DIGIT_WORD: Record<string, number> = {
  mot: 1, hai: 2, ba: 3, bon: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9,
};
/** Digits as they may follow "mười"/"mươi"/"linh": also "tư" (4), "lăm" (5), "mốt" (folds to "mot"). */
const UNIT_AFTER_TENS: Record<string, number> = { ...DIGIT_WORD, tu: 4, lam: 5 };
export const NUMBER_WORDS = new Set([...Object.keys(UNIT_AFTER_TENS), "khong", "muoi", "tram", "linh", "le"]);

/** "mười hai" → 12, "hai mươi mốt" → 21, "chín" → 9; null if the words are not exactly that. */
function readTensWords(words: string[]): number | null {
  const [a, b, c, ...more] = words;
  if (a === undefined || more.length > 0) return null;
  if (a === "muoi") {
    if (b === undefined) return 10;
    const u = UNIT_AFTER_TENS[b];
    return c === undefined && u !== undefined ? 10 + u : null;
  }
  const d = DIGIT_WORD[a];
  if (d === undefined) return null;
  if (b === undefined) return d;
  if (b !== "muoi" || d < 2) return null;
  if (c === undefined) return d * 10;
  const u = UNIT_AFTER_TENS[c];
  return u === undefined ? null : d * 10 + u;
}

/**
 * Vietnamese number words from 0 to 999, folded: "không" → 0, "mười lăm" → 15,
 * "hai mươi tư" → 24, "một trăm linh năm" → 105, "năm trăm" → 500. Colloquial short forms
 * ("hai mốt", "trăm rưỡi", "một trăm năm" for 150) are not read: they are easy to mishear.
 */
function readNumberWords(words: string[]): number | null {
  if (words.length === 0) return null;
  if (words.length === 1 && words[0] === "khong") return 0;
  if (words[1] !== "tram") return readTensWords(words);
  const h = words[0] === "khong" ? 0 : DIGIT_WORD[words[0]!];
  if (h === undefined) return null;
  const rest = words.slice(2);
  if (rest.length === 0) return h === 0 ? null : h * 100;
  if (rest[0] === "linh" || rest[0] === "le") {
    const u = rest.length === 2 ? UNIT_AFTER_TENS[rest[1]!] : undefined;
    return u === undefined || rest[1] === "lam" ? null : h * 100 + u;
  }
  const tens = readTensWords(rest);
  return tens === null || tens < 10 ? null : h * 100 + tens;
}

/** The longest run of words from the start that reads as a number, and how many words it used. */
export function readLeadingNumberWords(words: string[]): { value: number; used: number } | null {
  for (let used = Math.min(words.length, 5); used > 0; used--) {
    const value = readNumberWords(words.slice(0, used));
    if (value !== null) return { value, used };
  }
  return null;
}

/** Words that scale a number: not allowed after a plain count ("12k" is money, not a count). */
export const MAGNITUDE: Record<string, bigint> = {
  k: 1000n, nghin: 1000n, ngan: 1000n,
  tr: 1_000_000n, trieu: 1_000_000n,
  ty: 1_000_000_000n, ti: 1_000_000_000n,
};
const SCALE_WORDS = new Set([...Object.keys(MAGNITUDE), "ruoi", "phay", "cham", "tram"]);

/** A unit after a number ("hộ", "vụ", "người", "%"): letters only, and no scaling word. */
function isUnitTail(words: string[]): boolean {
  return words.every((w) => (w === "%" || /^\p{L}+$/u.test(w)) && !SCALE_WORDS.has(w));
}

type Quantity =
  | { kind: "ok"; negative: boolean; int: string; frac: string }
  | { kind: "dot" }
  | { kind: "invalid" };

/**
 * A count or measurement: an optional sign, a numeral or number words, then an optional unit
 * ("12 hộ", "1.200 người", "mười hai vụ", "12,5 %"). Works on the folded text.
 */
export function readQuantity(folded: string): Quantity {
  const signed = /^([+\-−])\s*/.exec(folded);
  const negative = signed?.[1] === "-" || signed?.[1] === "−";
  const body = signed ? folded.slice(signed[0].length) : folded;
  const head = /^\d[\d.,]*(?: \d[\d.,]*)*/.exec(body);
  if (head) {
    const tail = body.slice(head[0].length).trim();
    const tailWords = tail ? tail.replace(/%/g, " % ").trim().split(/\s+/) : [];
    if (!isUnitTail(tailWords)) return { kind: "invalid" };
    const numeral = readNumeral(head[0]);
    return numeral.kind === "ok" ? { kind: "ok", negative, int: numeral.int, frac: numeral.frac } : numeral;
  }
  if (signed) return { kind: "invalid" };
  const words = body.split(" ");
  const lead = readLeadingNumberWords(words);
  if (!lead) return { kind: "invalid" };
  const tail = words.slice(lead.used);
  // "một hai" is not "1 (unit: hai)": a number word right after the number means we misread it.
  if (tail.length > 0 && NUMBER_WORDS.has(tail[0]!)) return { kind: "invalid" };
  if (!isUnitTail(tail)) return { kind: "invalid" };
  return { kind: "ok", negative: false, int: String(lead.value), frac: "" };
}
