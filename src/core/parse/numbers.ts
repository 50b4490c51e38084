/** Whole numbers and decimals, typed as digits or as Vietnamese number words. */
import { foldVietnamese } from "../text.js";
import { isZeros, readQuantity } from "./numerals.js";
import { EMPTY, TOO_LARGE, boundsReason, dropEndPunctuation, fail, guarded, ok, quote, tidy, type ParseResult } from "./shared.js";

const INTEGER_ASK = "Xin nhập một số nguyên, ví dụ: 12.";

/**
 * A whole number: "12", " 12 ", "12 hộ", "1.200", "1 200", "mười hai", "-3". "12,0" is 12;
 * "12,5" and "12.5" are refused. Bounds apply only when given.
 */
export function parseInteger(text: string, opts?: { min?: number; max?: number }): ParseResult<number> {
  return guarded(INTEGER_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    if (!input) return fail(`${EMPTY} ${INTEGER_ASK}`);
    const q = readQuantity(foldVietnamese(input));
    if (q.kind === "dot")
      return fail(`Chưa rõ ${quote(input)} là số nào: dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 1.200. ${INTEGER_ASK}`);
    if (q.kind === "invalid") return fail(INTEGER_ASK);
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
export function parseDecimal(text: string, opts?: { min?: number; max?: number }): ParseResult<number> {
  return guarded(DECIMAL_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    if (!input) return fail(`${EMPTY} ${DECIMAL_ASK}`);
    const q = readQuantity(foldVietnamese(input));
    if (q.kind === "dot") {
      const lone = /^\d+\.\d+$/.exec(input.replace(/^[+\-−]\s*/, "").split(" ")[0] ?? "");
      const why = `Chưa rõ ${quote(input)} là số nào: dấu chấm chỉ dùng để tách hàng nghìn (1.200).`;
      return fail(lone ? `${why} Nếu là số thập phân, xin dùng dấu phẩy: ${lone[0].replace(".", ",")}.` : `${why} ${DECIMAL_ASK}`);
    }
    if (q.kind === "invalid") return fail(DECIMAL_ASK);
    if (q.int.length > 15) return fail(TOO_LARGE);
    const magnitude = Number(q.frac ? `${q.int}.${q.frac}` : q.int);
    if (!Number.isFinite(magnitude)) return fail(TOO_LARGE);
    const value = q.negative && magnitude !== 0 ? -magnitude : magnitude;
    const out = boundsReason(value, opts, "Số");
    return out ? fail(out) : ok(value);
  });
}
