/** Whole numbers and decimals, typed as digits or as Vietnamese number words. */
import { isZeros, readQuantity, type Quantity } from "./numerals.js";
import {
  TOO_LARGE, boundsReason, dropEndPunctuation, fail, guarded, ok, quote, readWhole, tidy, wordsOf,
  type ParseResult, type Reading, type Word,
} from "./shared.js";

const INTEGER_ASK = "Xin nhập một số nguyên, ví dụ: 12.";

/**
 * Bounds, and the text of the question: words from it may follow the number ("12 kg" when it
 * asks "Khối lượng rác (kg)?"), and the count nouns it names are the only ones taken
 * ("Số hộ…?": "12 hộ", not "12 người").
 */
export interface NumberOptions {
  min?: number;
  max?: number;
  question?: string;
}

function questionWords(question: string | undefined): string[] {
  return wordsOf(tidy(question)).map((w) => w.folded);
}

/** The quantity of the whole reply, or a reason naming the unclear dot. */
function readReply(input: string, ask: string, opts: NumberOptions | undefined, dotReason: (numeral: string) => string) {
  const question = questionWords(opts?.question);
  return readWhole<Quantity>(
    input,
    ask,
    (words: Word[]): Reading<Quantity> => {
      const q = readQuantity(words, question);
      if (q.kind === "dot") return { reason: dotReason(q.numeral) };
      if (q.kind === "unknown") return { reason: ask, at: q.at };
      return { value: q.value, used: q.used };
    },
    { explain: true },
  );
}

/**
 * A whole number: "12", " 12 ", "12 hộ", "1.200", "1 200", "mười hai", "hai chục", "-3". "12,0"
 * is 12; "12,5" and "12.5" are refused, and so is anything not understood in full ("khoảng 12",
 * "12 kg" unless the question is in kg, "5-6"). Bounds apply only when given.
 */
export function parseInteger(text: string, opts?: NumberOptions): ParseResult<number> {
  return guarded(INTEGER_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    const r = readReply(input, INTEGER_ASK, opts, () =>
      `Chưa rõ ${quote(input)} là số nào: dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 1.200. ${INTEGER_ASK}`);
    if (!r.ok) return r;
    const q = r.value;
    if (!isZeros(q.frac)) return fail(`${quote(input)} không phải số nguyên. ${INTEGER_ASK}`);
    if (q.int.length > 15) return fail(TOO_LARGE);
    const magnitude = Number(q.int);
    const value = q.negative && magnitude !== 0 ? -magnitude : magnitude;
    const out = boundsReason(value, opts, "Số");
    return out ? fail(out) : ok(value);
  });
}

const DECIMAL_ASK = "Xin nhập một số, ví dụ: 12 hoặc 12,5.";

/**
 * A number that may have a decimal part after a comma: "12,5", "1.234,5", "12". "12.5" is
 * refused as ambiguous (12,5 or a mistyped 125?) with a hint to type "12,5".
 */
export function parseDecimal(text: string, opts?: NumberOptions): ParseResult<number> {
  return guarded(DECIMAL_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    const r = readReply(input, DECIMAL_ASK, opts, (numeral) => {
      const why = `Chưa rõ ${quote(input)} là số nào: dấu chấm chỉ dùng để tách hàng nghìn (1.200).`;
      return /^\d+\.\d+$/.test(numeral) ? `${why} Nếu là số thập phân, xin dùng dấu phẩy: ${numeral.replace(".", ",")}.` : `${why} ${DECIMAL_ASK}`;
    });
    if (!r.ok) return r;
    const q = r.value;
    if (q.int.length > 15) return fail(TOO_LARGE);
    const magnitude = Number(q.frac ? `${q.int}.${q.frac}` : q.int);
    if (!Number.isFinite(magnitude)) return fail(TOO_LARGE);
    const value = q.negative && magnitude !== 0 ? -magnitude : magnitude;
    const out = boundsReason(value, opts, "Số");
    return out ? fail(out) : ok(value);
  });
}
