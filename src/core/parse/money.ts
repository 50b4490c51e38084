/** Amounts of money in whole đồng, with the shorthands people type ("2tr5", "500k", "1 tỷ 2"). */
import { formatMoney, formatNumber } from "../format.js";
import { MAGNITUDE, NUMBER_WORDS, isZeros, readLeadingNumberWords, readNumeral, type Numeral } from "./numerals.js";
import { TOO_LARGE, boundsReason, dropEndPunctuation, fail, guarded, noteGuardedThrow, ok, quote, readWhole, tidy, type ParseResult, type Reading } from "./shared.js";

const MONEY_EXAMPLES = "Ví dụ: 212.110.000 hoặc 2tr5 hoặc 500k.";
const MONEY_ASK = `Xin nhập số tiền. ${MONEY_EXAMPLES}`;

type MoneyToken =
  | { t: "num"; raw: string; numeral: Numeral; plainDigits: string | null }
  | { t: "mag"; value: bigint }
  | { t: "half" };

/**
 * Reads the folded words of an amount (without sign or "đồng") into numbers, scale words and
 * "rưỡi"; `at` is the first word that is none of these.
 */
function tokenizeMoney(words: string[]): { tokens: MoneyToken[] } | { at: number } {
  const tokens: MoneyToken[] = [];
  for (let i = 0; i < words.length; ) {
    const piece = words[i]!;
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
      while (end < words.length && NUMBER_WORDS.has(words[end]!)) end++;
      const lead = readLeadingNumberWords(words.slice(i, end));
      if (!lead) return { at: i };
      // Words that say the hundreds are a full group of three digits: after "nghìn", "không
      // trăm linh năm" is 005 (1.005), not the shorthand 5 of "2tr5" (it was read as 1.500).
      const hundreds = words.slice(i, i + lead.used).includes("tram");
      const digits = hundreds ? String(lead.value).padStart(3, "0") : String(lead.value);
      tokens.push({ t: "num", raw: digits, numeral: { kind: "ok", int: digits, frac: "" }, plainDigits: digits });
      i += lead.used;
    } else {
      return { at: i };
    }
  }
  return { tokens };
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

const CURRENCY = new Set(["dong", "d", "vnd"]);

/** An amount as read: in whole đồng, and whether it was a bare number (no "nghìn", "triệu", "đồng"…). */
interface Amount {
  value: bigint;
  negative: boolean;
  bare: boolean;
}

/**
 * The words of a whole reply as an amount: an optional sign ("-", "âm"), the amount, and an
 * optional "đồng" / "đ" / "vnđ" at the end. Every word must be part of it (readWhole).
 */
function readAmount(input: string): ParseResult<Amount> {
  return readWhole<Amount>(
    input,
    MONEY_ASK,
    (all): Reading<Amount> => {
      const words = all.map((w) => w.folded);
      let from = 0;
      const negative = ["-", "−", "am"].includes(words[0]!);
      if (negative || words[0] === "+") from = 1;
      const currency = words.length > from + 1 && CURRENCY.has(words[words.length - 1]!);
      const to = currency ? words.length - 1 : words.length;
      const body = all.slice(from, to);
      if (body.length === 0) return { reason: MONEY_ASK, at: from };
      let read: MoneyRead;
      if (body.every((w) => /^\d/.test(w.raw))) {
        // Digits alone, thousands perhaps grouped by spaces: "212 110 000".
        const numeral = readNumeral(body.map((w) => w.raw).join(" "));
        if (numeral.kind === "invalid") return { reason: MONEY_ASK, at: from + 1 };
        if (numeral.kind !== "ok") read = { kind: numeral.kind };
        else {
          const whole = scaled(numeral, 1n);
          read = whole === null ? { kind: "fraction" } : { kind: "ok", value: whole };
        }
      } else {
        const tokenized = tokenizeMoney(body.map((w) => w.folded));
        if ("at" in tokenized) return { reason: MONEY_ASK, at: from + tokenized.at };
        read = readMoneyTokens(tokenized.tokens);
      }
      switch (read.kind) {
        case "dot":
          return {
            reason: `Chưa rõ số tiền ${quote(input)}: dấu chấm chỉ dùng để tách hàng nghìn (212.110.000), còn số lẻ thì dùng dấu phẩy (2,5 triệu). ${MONEY_EXAMPLES}`,
          };
        case "fraction":
          return { reason: `Số tiền phải tròn đến đồng, không có phần lẻ dưới 1 đồng. ${MONEY_EXAMPLES}` };
        case "ambiguous":
          return {
            reason: `Chưa rõ ${quote(input)} là ${formatMoney(Number(read.a))} hay ${formatMoney(Number(read.b))}. Xin nhập đầy đủ, ví dụ: ${formatNumber(Number(read.a))}.`,
          };
        case "invalid":
          return { reason: MONEY_ASK };
        case "ok": {
          const bare = !currency && !body.some((w) => MAGNITUDE[w.folded] !== undefined || w.folded === "ruoi");
          return { value: { value: read.value, negative, bare }, used: words.length };
        }
      }
    },
    { explain: true },
  );
}

/**
 * An amount in whole đồng: "212.110.000", "212110000đ", "212.110.000 đồng", "212,11 triệu",
 * "2tr5", "2 triệu 5", "500k", "500 nghìn", "1,5 tỷ", "1 tỷ 2", "1 tỷ 250 triệu",
 * "2 triệu rưỡi", "hai triệu", "0". Refused: negative amounts, fractions of a đồng, a dot
 * that is not a thousands separator ("212.11"), two-digit shorthand remainders ("2tr50"), and
 * anything not understood in full ("khoảng 5 triệu", "5-6 triệu", "500 đô").
 */
export function parseMoney(text: string, opts?: { min?: number; max?: number }): ParseResult<number> {
  return guarded(MONEY_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    const read = readAmount(input);
    if (!read.ok) return read;
    if (read.value.value > BigInt(Number.MAX_SAFE_INTEGER)) return fail(TOO_LARGE);
    const value = Number(read.value.value);
    if (read.value.negative && value !== 0) return fail(`Số tiền không được âm. ${MONEY_EXAMPLES}`);
    const out = boundsReason(value, opts, "Số tiền", " đồng");
    return out ? fail(out) : ok(value);
  });
}

/** Below this, a bare number for an amount of money is more likely a slip than whole đồng. */
export const SLIP_BELOW = 1000;
const SLIP_SCALES = [1, 1000, 1_000_000];

/**
 * The amounts a reply may have meant when it looks like a slip: a bare number from 1 to 999 with
 * no "nghìn", "triệu" or "đồng" ("12" for a fund counted in thousands or millions). They are the
 * number in đồng, in nghìn and in triệu, those the bounds allow. Null when the reply is not such
 * a number, or when the bounds leave nothing else than the number in đồng: then there is nothing to ask.
 */
export function plausibleAmounts(text: string, opts?: { min?: number; max?: number }): { typed: number; amounts: number[] } | null {
  try {
    const read = readAmount(dropEndPunctuation(tidy(text)));
    if (!read.ok || !read.value.bare || read.value.negative) return null;
    const typed = Number(read.value.value);
    if (typed < 1 || typed >= SLIP_BELOW) return null;
    const amounts = SLIP_SCALES.map((s) => typed * s).filter((v) => boundsReason(v, opts, "") === null);
    return amounts.length === 0 || (amounts.length === 1 && amounts[0] === typed) ? null : { typed, amounts };
  } catch (error) {
    noteGuardedThrow(error);
    return null;
  }
}
