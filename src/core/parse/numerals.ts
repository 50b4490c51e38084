/**
 * Reading numerals and Vietnamese number words from folded text: the building blocks that
 * parseInteger, parseDecimal and parseMoney share.
 */
import type { Word } from "./shared.js";

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

/**
 * What a count may be counted in, folded, by head noun ("12 hộ", "3 vụ việc", "5 người"). A
 * question that names some of these heads ("Số hộ được vận động?") takes only those: "5 người"
 * is not an answer to how many households.
 */
const COUNT_UNITS: string[][] = [
  "ho", "ho gia dinh", "ho dan", "gia dinh", "nguoi", "nguoi dan", "nhan khau", "khau", "vu", "vu viec", "viec",
  "truong hop", "luot", "luot nguoi", "lan", "don", "don thu", "to", "to dan pho", "buoi", "cuoc", "hoi nghi",
  "y kien", "kien nghi", "suat", "phan", "phan qua", "cai", "chiec", "thanh vien", "hoc sinh", "chau", "em", "cu",
  "nha", "can", "can ho", "doan vien", "hoi vien", "dang vien", "dot", "tin", "bai", "diem", "ca",
].map((u) => u.split(" "));
const COUNT_HEADS = new Set(COUNT_UNITS.map((u) => u[0]!));

/** A word of the question that may name a unit: letters, and not a number word ("một hai" is no "1 hai"). */
const isUnitWord = (w: string) => /^\p{L}+$/u.test(w) && !NUMBER_WORDS.has(w);

const matchesAt = (words: string[], at: number, phrase: string[]) => phrase.every((p, k) => words[at + k] === p);

/**
 * How many words from `at` name what was counted: "%", a count unit the question allows, or a
 * run of words taken from the question itself ("12 kg" when it asks "Khối lượng rác (kg)?").
 */
function unitLength(words: string[], at: number, question: string[]): number {
  if (at >= words.length) return 0;
  if (words[at] === "%") return 1;
  const heads = question.filter((w) => COUNT_HEADS.has(w));
  let best = 0;
  for (const unit of COUNT_UNITS)
    if (unit.length > best && (heads.length === 0 || heads.includes(unit[0]!)) && matchesAt(words, at, unit)) best = unit.length;
  for (let start = 0; start < question.length; start++) {
    let n = 0;
    while (at + n < words.length && isUnitWord(words[at + n]!) && question[start + n] === words[at + n]) n++;
    best = Math.max(best, n);
  }
  return best;
}

export type Quantity = { negative: boolean; int: string; frac: string };

/** A quantity read from the words of a reply, or why not: a dot that cannot group thousands, or words it does not know. */
export type QuantityReading = { kind: "ok"; value: Quantity; used: number } | { kind: "dot"; numeral: string } | { kind: "unknown"; at: number };

const adjacent = (a: Word, b: Word) => b.at === a.at + a.raw.length + 1;

/**
 * A count or measurement from the start of a reply: an optional sign, a numeral ("12", "1.200",
 * "1 200", "12,5") or number words ("mười hai", "hai chục"), then optionally what was counted
 * (see unitLength). Says how many words it used; the caller refuses a reply with more.
 */
export function readQuantity(words: Word[], question: string[] = []): QuantityReading {
  const folded = words.map((w) => w.folded);
  let i = 0;
  const sign = words[0]?.raw;
  const negative = sign === "-" || sign === "−";
  if (negative || sign === "+") i++;
  let int: string;
  let frac = "";
  const first = words[i];
  if (first && /^\d/.test(first.raw)) {
    // Thousands grouped by single spaces ("12 345 678") are one numeral: take the longest run that reads as one.
    let end = i + 1;
    let numeral = readNumeral(first.raw);
    for (let j = i + 1; j < words.length && /^\d{3}(?:,\d+)?$/.test(words[j]!.raw) && adjacent(words[j - 1]!, words[j]!); j++) {
      const grouped = readNumeral(words.slice(i, j + 1).map((w) => w.raw).join(" "));
      if (grouped.kind !== "ok") break;
      numeral = grouped;
      end = j + 1;
    }
    if (numeral.kind === "dot") return { kind: "dot", numeral: first.raw };
    if (numeral.kind === "invalid") return { kind: "unknown", at: i };
    int = numeral.int;
    frac = numeral.frac;
    i = end;
  } else if (i === 0 && folded[0] === "khong" && folded[1] === "co" && folded.length === 2) {
    return { kind: "ok", value: { negative: false, int: "0", frac: "" }, used: 2 };
  } else {
    if (i > 0) return { kind: "unknown", at: 0 };
    const lead = readLeadingNumberWords(folded);
    if (!lead) return { kind: "unknown", at: 0 };
    int = String(lead.value);
    i = lead.used;
  }
  // "hai chục", "3 chục": tens, said exactly.
  if (folded[i] === "chuc" && isZeros(frac) && Number(int) >= 1 && Number(int) <= 9) {
    int = String(Number(int) * 10);
    i++;
  }
  i += unitLength(folded, i, question);
  return { kind: "ok", value: { negative, int, frac }, used: i };
}
