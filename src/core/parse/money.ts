/** Amounts of money in whole đồng, with the shorthands people type ("2tr5", "500k", "1 tỷ 2"). */
import { formatMoney, formatNumber } from "../format.js";
import { foldVietnamese } from "../text.js";
import { MAGNITUDE, NUMBER_WORDS, isZeros, readLeadingNumberWords, readNumeral, type Numeral } from "./numerals.js";
import { EMPTY, TOO_LARGE, boundsReason, dropEndPunctuation, fail, guarded, ok, quote, tidy, type ParseResult } from "./shared.js";

const MONEY_EXAMPLES = "Ví dụ: 212.110.000 hoặc 2tr5 hoặc 500k.";
const MONEY_ASK = `Xin nhập số tiền. ${MONEY_EXAMPLES}`;

type MoneyToken =
  | { t: "num"; raw: string; numeral: Numeral; plainDigits: string | null }
  | { t: "mag"; value: bigint }
  | { t: "half" };

/** Splits folded money text into numbers, scale words and "rưỡi"; null if anything else is there. */
function tokenizeMoney(text: string): MoneyToken[] | null {
  const raw = text.match(/\d[\d.,]*|[a-z]+|\S/g) ?? [];
  const tokens: MoneyToken[] = [];
  for (let i = 0; i < raw.length; ) {
    const piece = raw[i]!;
    if (/^\d/.test(piece)) {
      tokens.push({ t: "num", raw: piece, numeral: readNumeral(piece), plainDigits: /^\d+$/.test(piece) ? piece : null });
      i++;
    } else if (MAGNITUDE[piece] !== undefined) {
      tokens.push({ t: "mag", value: MAGNITUDE[piece]! });
      i++;
    } else if (piece === "ruoi") {
      tokens.push({ t: "half" });
      i++;
    } else if (NUMBER_WORDS.has(piece)) {
      let end = i;
      while (end < raw.length && NUMBER_WORDS.has(raw[end]!)) end++;
      const lead = readLeadingNumberWords(raw.slice(i, end));
      if (!lead) return null;
      const digits = String(lead.value);
      tokens.push({ t: "num", raw: digits, numeral: { kind: "ok", int: digits, frac: "" }, plainDigits: digits });
      i += lead.used;
    } else {
      return null;
    }
  }
  return tokens;
}

type MoneyRead = { kind: "ok"; value: bigint } | { kind: "dot" } | { kind: "invalid" } | { kind: "fraction" } | { kind: "ambiguous"; a: bigint; b: bigint };

/** numeral × scale in whole đồng, or null when that leaves a fraction of a đồng. */
function scaled(n: { int: string; frac: string }, scale: bigint): bigint | null {
  const numerator = BigInt(n.int + n.frac) * scale;
  const denominator = 10n ** BigInt(n.frac.length);
  return numerator % denominator === 0n ? numerator / denominator : null;
}

/**
 * Money in words and digits: segments of "number scale" from the largest scale down
 * ("1 tỷ 250 triệu", "2tr500k", "212,11 triệu"), optionally ending with a shorthand remainder
 * after the last scale ("2tr5" = 2,5 triệu, "1 tỷ 2" = 1,2 tỷ, "2tr050" = 2.050.000) or "rưỡi".
 * A two-digit remainder ("2tr50": 2.500.000 or 2.050.000?) is ambiguous.
 */
function readMoneyTokens(tokens: MoneyToken[]): MoneyRead {
  let total = 0n;
  let lastScale: bigint | null = null;
  let lastHadFraction = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const next = tokens[i + 1];
    if (tok.t === "half") {
      if (lastScale === null || lastHadFraction || next !== undefined) return { kind: "invalid" };
      total += lastScale / 2n;
      continue;
    }
    if (tok.t === "mag") return { kind: "invalid" };
    if (tok.numeral.kind !== "ok") return { kind: tok.numeral.kind };
    const numeral = tok.numeral;
    if (next?.t === "mag") {
      if (lastScale !== null && (next.value >= lastScale || lastHadFraction || BigInt(numeral.int) >= 1000n))
        return { kind: "invalid" };
      const part = scaled(numeral, next.value);
      if (part === null) return { kind: "fraction" };
      total += part;
      lastScale = next.value;
      lastHadFraction = !isZeros(numeral.frac);
      i++;
      continue;
    }
    if (next !== undefined) return { kind: "invalid" };
    if (lastScale === null) {
      // A lone number: whole đồng.
      const whole = scaled(numeral, 1n);
      return whole === null ? { kind: "fraction" } : { kind: "ok", value: whole };
    }
    // Shorthand remainder after the last scale.
    const digits = tok.plainDigits;
    if (digits === null || lastHadFraction || digits.length > 3) return { kind: "invalid" };
    const unit = lastScale / 1000n;
    if (digits.length === 2)
      return {
        kind: "ambiguous",
        a: total + BigInt(digits.padEnd(3, "0")) * unit,
        b: total + BigInt(digits.padStart(3, "0")) * unit,
      };
    total += BigInt(digits.padEnd(3, "0")) * unit;
  }
  return lastScale === null ? { kind: "invalid" } : { kind: "ok", value: total };
}

/**
 * An amount in whole đồng: "212.110.000", "212110000đ", "212.110.000 đồng", "212,11 triệu",
 * "2tr5", "2 triệu 5", "500k", "500 nghìn", "1,5 tỷ", "1 tỷ 2", "1 tỷ 250 triệu",
 * "2 triệu rưỡi", "hai triệu", "0". Refused: negative amounts, fractions of a đồng, a dot
 * that is not a thousands separator ("212.11"), and two-digit shorthand remainders ("2tr50").
 */
export function parseMoney(text: string, opts?: { min?: number; max?: number }): ParseResult<number> {
  return guarded(MONEY_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    if (!input) return fail(`${EMPTY} ${MONEY_ASK}`);
    let folded = foldVietnamese(input);
    const signed = /^(?:[\-−]\s*|am\s+)/.exec(folded);
    if (signed) folded = folded.slice(signed[0].length);
    folded = folded.replace(/(?<![a-z])\s*(?:dong|vnd|d)$/, "").trim();
    if (/^\+\s*\d/.test(folded)) folded = folded.replace(/^\+\s*/, "");

    let read: MoneyRead;
    if (/^[\d.,\s]+$/.test(folded)) {
      const numeral = readNumeral(folded);
      if (numeral.kind !== "ok") read = { kind: numeral.kind };
      else {
        const whole = scaled(numeral, 1n);
        read = whole === null ? { kind: "fraction" } : { kind: "ok", value: whole };
      }
    } else {
      const tokens = tokenizeMoney(folded);
      read = tokens ? readMoneyTokens(tokens) : { kind: "invalid" };
    }

    switch (read.kind) {
      case "dot":
        return fail(
          `Chưa rõ số tiền ${quote(input)}: dấu chấm chỉ dùng để tách hàng nghìn (212.110.000), còn số lẻ thì dùng dấu phẩy (2,5 triệu). ${MONEY_EXAMPLES}`,
        );
      case "fraction":
        return fail(`Số tiền phải tròn đến đồng, không có phần lẻ dưới 1 đồng. ${MONEY_EXAMPLES}`);
      case "ambiguous":
        return fail(
          `Chưa rõ ${quote(input)} là ${formatMoney(Number(read.a))} hay ${formatMoney(Number(read.b))}. Xin nhập đầy đủ, ví dụ: ${formatNumber(Number(read.a))}.`,
        );
      case "invalid":
        return fail(MONEY_ASK);
      case "ok":
        break;
    }
    if (read.value > BigInt(Number.MAX_SAFE_INTEGER)) return fail(TOO_LARGE);
    const value = Number(read.value);
    if (signed && value !== 0) return fail(`Số tiền không được âm. ${MONEY_EXAMPLES}`);
    const out = boundsReason(value, opts, "Số tiền", " đồng");
    return out ? fail(out) : ok(value);
  });
}
