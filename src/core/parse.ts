/**
 * Reading answers the way Vietnamese group leaders type them: with or without diacritics, any
 * case, extra spaces, "." grouping thousands and "," as the decimal mark, money as "2tr5" or
 * "500k". Every parser is pure and never throws; a refusal carries a short, polite Vietnamese
 * `reason` that the conversation shows before asking the question again. When an input could
 * mean two different numbers ("12.5", "2tr50") it is refused rather than guessed.
 */
import { formatMoney, formatNumber } from "./format.js";
import { foldVietnamese } from "./text.js";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

type YMD = { year: number; month: number; day: number };

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (reason: string): ParseResult<never> => ({ ok: false, reason });

const EMPTY = "Bạn chưa nhập câu trả lời.";

/** NFC, single spaces, trimmed; anything that is not a string reads as empty. */
function tidy(text: unknown): string {
  return typeof text === "string" ? text.normalize("NFC").replace(/\s+/g, " ").trim() : "";
}

/** Drops sentence punctuation at the end: "12." → "12", "Có!" → "Có". */
function dropEndPunctuation(text: string): string {
  return text.replace(/[\s.!?…]+$/u, "");
}

/** Quotes a user's input inside a reason, shortened so the message stays short. */
function quote(text: string): string {
  return `“${text.length > 30 ? `${text.slice(0, 29)}…` : text}”`;
}

/** Runs a parser so that no input, however odd, can make it throw. */
function guarded<T>(fallback: string, run: () => ParseResult<T>): ParseResult<T> {
  try {
    return run();
  } catch {
    return fail(fallback);
  }
}

// ---------------------------------------------------------------------------------------------
// Numerals

/**
 * A numeral as typed: plain digits ("1200"), thousands grouped by dots or single spaces
 * ("1.200", "1 200"), optionally a decimal part after a comma ("1.234,5").
 * "dot" marks a dot that cannot be a thousands separator ("12.5", "1,234.5"): Vietnamese readers
 * and English readers would disagree, so callers ask again.
 */
type Numeral = { kind: "ok"; int: string; frac: string } | { kind: "dot" } | { kind: "invalid" };

const NUMERAL = /^(\d+|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?: \d{3})+)(?:,(\d+))?$/;

function readNumeral(text: string): Numeral {
  const m = NUMERAL.exec(text);
  if (m) return { kind: "ok", int: m[1]!.replace(/[. ]/g, "").replace(/^0+(?=\d)/, ""), frac: m[2] ?? "" };
  if (/^\d+(?:\.\d+)+$/.test(text) || /^\d+(?:,\d{3})+\.\d+$/.test(text)) return { kind: "dot" };
  return { kind: "invalid" };
}

const isZeros = (digits: string) => /^0*$/.test(digits);

/** Words for digits and their combinations, folded (no diacritics): "mười"/"mươi" both fold to "muoi". */
const DIGIT_WORD: Record<string, number> = {
  mot: 1, hai: 2, ba: 3, bon: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9,
};
/** Digits as they may follow "mười"/"mươi"/"linh": also "tư" (4), "lăm" (5), "mốt" (folds to "mot"). */
const UNIT_AFTER_TENS: Record<string, number> = { ...DIGIT_WORD, tu: 4, lam: 5 };
const NUMBER_WORDS = new Set([...Object.keys(UNIT_AFTER_TENS), "khong", "muoi", "tram", "linh", "le"]);

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
function readLeadingNumberWords(words: string[]): { value: number; used: number } | null {
  for (let used = Math.min(words.length, 5); used > 0; used--) {
    const value = readNumberWords(words.slice(0, used));
    if (value !== null) return { value, used };
  }
  return null;
}

/** Words that scale a number: not allowed after a plain count ("12k" is money, not a count). */
const MAGNITUDE: Record<string, bigint> = {
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
function readQuantity(folded: string): Quantity {
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

/** "Số phải từ 0 đến 2.000." when `value` is outside the bounds that were given; null inside. */
function boundsReason(value: number, opts: { min?: number; max?: number } | undefined, noun: string, unit = ""): string | null {
  const min = opts?.min;
  const max = opts?.max;
  const below = min !== undefined && value < min;
  const above = max !== undefined && value > max;
  if (!below && !above) return null;
  if (min !== undefined && max !== undefined) return `${noun} phải từ ${formatNumber(min)} đến ${formatNumber(max)}${unit}.`;
  if (min !== undefined) return `${noun} phải từ ${formatNumber(min)}${unit} trở lên.`;
  return `${noun} phải từ ${formatNumber(max!)}${unit} trở xuống.`;
}

const TOO_LARGE = "Số này lớn quá, xin kiểm tra lại.";

// ---------------------------------------------------------------------------------------------
// Integers and decimals

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

// ---------------------------------------------------------------------------------------------
// Money

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

// ---------------------------------------------------------------------------------------------
// Yes / no

const YES_NO_ASK = "Xin trả lời Có hoặc Không.";
const YES = new Set(["co", "c", "yes", "y", "1", "dung", "dung roi", "dung vay", "co roi", "vang", "da", "u", "ok", "oke", "okay"]);
const NO = new Set([
  "khong", "ko", "k", "kg", "kh", "hok", "hong", "khong co", "ko co", "k co", "kg co",
  "0", "no", "n", "chua", "chua co", "khong phai",
]);
/** Politeness around the answer: "dạ có", "vâng, không", "có ạ", "không nhé". */
const LEADING_PARTICLES = new Set(["da", "vang", "u"]);
const TRAILING_PARTICLES = new Set(["a", "ah", "nhe", "nha", "nhen", "ha"]);

/**
 * Yes: "có", "co", "c", "có ạ", "dạ có", "yes", "y", "1", "đúng", "vâng", "ok".
 * No: "không", "khong", "ko", "k", "kg", "không có", "0", "no", "n", "chưa".
 * A bare "rồi" is not read as yes (it answers "đã … chưa?" but not every question); "có rồi" is.
 */
export function parseYesNo(text: string): ParseResult<boolean> {
  return guarded(YES_NO_ASK, () => {
    const input = tidy(text);
    const words = foldVietnamese(input.replace(/[.,!?;:…"'“”()]+/g, " ")).split(" ").filter(Boolean);
    if (words.length === 0) return fail(`${EMPTY} ${YES_NO_ASK}`);
    while (words.length > 1 && TRAILING_PARTICLES.has(words[words.length - 1]!)) words.pop();
    while (words.length > 1 && LEADING_PARTICLES.has(words[0]!)) words.shift();
    const phrase = words.join(" ");
    if (YES.has(phrase)) return ok(true);
    if (NO.has(phrase)) return ok(false);
    return fail(YES_NO_ASK);
  });
}

// ---------------------------------------------------------------------------------------------
// Choice

function listOptions(options: string[]): string {
  return `Xin chọn một trong: ${options.map((o, i) => `${i + 1}. ${tidy(o)}`).join(", ")}`;
}

/** The single index for which `matches` holds, "many", or null. */
function uniqueIndex(options: string[], matches: (option: string) => boolean): number | "many" | null {
  let found: number | null = null;
  for (let i = 0; i < options.length; i++) {
    if (!matches(options[i]!)) continue;
    if (found !== null) return "many";
    found = i;
  }
  return found;
}

/**
 * One of `options`, returned exactly as written there: by its number ("1", "1.", "số 1"), by its
 * label ("Ổn định", "on dinh"), or by the start of a label when only one option starts so
 * ("co vu" → "Có vụ việc", at least two letters). When a number is both an option's position and
 * another option's label, or the text fits several options, the options are listed again.
 */
export function parseChoice(text: string, options: string[]): ParseResult<string> {
  const opts = Array.isArray(options) ? options.filter((o): o is string => typeof o === "string") : [];
  return guarded(listOptions(opts), () => {
    if (opts.length === 0) return fail("Câu hỏi này chưa có lựa chọn nào.");
    const input = tidy(text);
    if (!input) return fail(`${EMPTY} ${listOptions(opts)}`);
    const bare = (s: string) => foldVietnamese(dropEndPunctuation(tidy(s)));
    const folded = bare(input);

    // By label: exactly, then ignoring case, then ignoring diacritics too.
    let byLabel: number | "many" | null = uniqueIndex(opts, (o) => tidy(o) === input);
    if (byLabel === null) byLabel = uniqueIndex(opts, (o) => tidy(o).toLowerCase() === input.toLowerCase());
    if (byLabel === null && folded) byLabel = uniqueIndex(opts, (o) => bare(o) === folded);

    // By position.
    const numbered = /^(?:so|lua chon|chon)?\s*(\d{1,4})\s*[.)]?$/.exec(foldVietnamese(input));
    let byNumber: number | null = null;
    if (numbered) {
      const n = Number(numbered[1]);
      if (n >= 1 && n <= opts.length) byNumber = n - 1;
      else if (byLabel === null) return fail(`Không có lựa chọn số ${n}. ${listOptions(opts)}`);
    }

    if (byLabel === "many") return fail(`${quote(input)} khớp với nhiều lựa chọn. ${listOptions(opts)}`);
    if (byLabel !== null && byNumber !== null && byLabel !== byNumber)
      return fail(`Chưa rõ ${quote(input)} là số thứ tự hay tên lựa chọn. ${listOptions(opts)}`);
    const chosen = byLabel ?? byNumber;
    if (chosen !== null) return ok(opts[chosen]!);

    // By the start of a label.
    if (folded.length >= 2) {
      const byPrefix = uniqueIndex(opts, (o) => bare(o).startsWith(folded));
      if (byPrefix === "many") return fail(`${quote(input)} khớp với nhiều lựa chọn. ${listOptions(opts)}`);
      if (byPrefix !== null) return ok(opts[byPrefix]!);
    }
    return fail(listOptions(opts));
  });
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_ASK = "Xin nhập ngày theo dạng ngày/tháng, ví dụ: 29/9 hoặc 29/9/2026.";

const RELATIVE_DAYS: Record<string, number> = {
  "hom nay": 0, "ngay hom nay": 0, "bua nay": 0,
  mai: 1, "ngay mai": 1, "mai nay": 1,
  "hom qua": -1, "ngay hom qua": -1, "bua qua": -1,
  "hom kia": -2,
  "ngay kia": 2, "ngay mot": 2,
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function shiftDays(d: YMD, days: number): YMD {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/**
 * A calendar date, day first: "29/9", "29/09", "29-9", "29.9", "29/9/2026", "29/09/26" (→ 2026),
 * "ngày 29/9", "29 tháng 9 năm 2026", "2026-09-29", or relative to `today`: "hôm nay", "mai",
 * "ngày mai", "hôm qua", "hôm kia", "ngày kia". Without a year, today's year. Dates that do
 * not exist (31/2, 9/29) are refused with the reason.
 */
export function parseDate(text: string, today: { year: number; month: number; day: number }): ParseResult<YMD> {
  return guarded(DATE_ASK, () => {
    const input = dropEndPunctuation(tidy(text));
    if (!input) return fail(`${EMPTY} ${DATE_ASK}`);
    const folded = foldVietnamese(input);
    const relative = RELATIVE_DAYS[folded];
    if (relative !== undefined) return ok(shiftDays(today, relative));

    const body = folded.replace(/^ngay\s*/, "");
    let parts: [string, string, string | undefined] | null = null;
    let m = /^(\d{1,2})\s*([/.\-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?$/.exec(body);
    if (m) parts = [m[1]!, m[3]!, m[4]];
    else if ((m = /^(\d{1,2}) thang (\d{1,2})(?:,? nam (\d{4}|\d{2}))?$/.exec(body))) parts = [m[1]!, m[2]!, m[3]];
    else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(body))) parts = [m[3]!, m[2]!, m[1]!];
    if (!parts) return fail(DATE_ASK);

    const day = Number(parts[0]);
    const month = Number(parts[1]);
    const year = parts[2] === undefined ? today.year : parts[2].length === 2 ? 2000 + Number(parts[2]) : Number(parts[2]);
    if (month < 1 || month > 12) return fail(`Tháng phải từ 1 đến 12 (ngày viết trước, tháng viết sau). ${DATE_ASK}`);
    if (year < 1900 || year > 2199) return fail(`Năm ${year} không hợp lệ. ${DATE_ASK}`);
    const last = daysInMonth(year, month);
    if (day < 1 || day > last)
      return fail(`Tháng ${month} năm ${year} chỉ có ${last} ngày, xin nhập ngày từ 1 đến ${last}.`);
    return ok({ year, month, day });
  });
}
