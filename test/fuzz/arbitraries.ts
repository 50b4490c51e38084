/**
 * What the property tests and the fuzz script feed the parsers and the conversation engine:
 * replies of every odd kind, questions of every type, and values written the ways a Vietnamese
 * group leader types them.
 */
import fc from "fast-check";
import type { Question } from "../../src/core/form.js";
import { formatNumber, moneyInWords } from "../../src/core/format.js";
import { foldVietnamese } from "../../src/core/text.js";

/** Pieces people (and broken clients) send: Vietnamese words, numerals, shorthands, marks, oddities. */
const PIECES = [
  "có", "không", "ko", "k", "dạ", "vâng", "ạ", "nhé", "rồi", "chưa", "đúng", "ok", "y", "n",
  "khoảng", "hơn", "tầm", "vài", "mấy", "từ", "đến", "hay", "hoặc",
  "một", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "tám", "chín", "mười", "mươi", "mốt", "linh", "lẻ", "trăm", "chục",
  "nghìn", "ngàn", "triệu", "tr", "tỷ", "tỉ", "k", "rưỡi", "đồng", "đ", "vnđ", "âm",
  "hộ", "người", "vụ", "việc", "kg", "%", "ngày", "tháng", "năm", "hôm", "nay", "mai", "qua", "kia",
  "quay lại", "bỏ qua", "huỷ", "hủy", "gửi", "sửa", "câu",
  "0", "1", "2", "5", "9", "10", "12", "29", "31", "100", "999", "1000", "2026", "1.500.000", "1,5", "12.5", "2tr5", "2tr50",
  "500k", "1 200", "-", "+", "/", ".", ",", "!", "?", "…", "(", ")", ":", "~", "≈",
  "😀", "👍🏽", "🇻🇳", "\u200b", "\u200d", "\u202e", "\u202c", "\u061c", "\ufeff", "\u0000", "\u0007", "\u001b", "\r", "\t",
  "١٢", "۱۲", "١٢٫٥", "१२", "١", "Ⅻ", "½", "²", "𝟙𝟚", "ｌ２", "１２", "e\u0301", "o\u0302\u0301", "\ud800", "\udfff",
  "שלום", "مرحبا", "你好", "ß", "İ", "ﬁ",
];
const SEPARATORS = ["", " ", " ", " ", "  ", "\t", "\n", ",", "\u00a0"];

/** Replies made of known pieces in odd orders: the inputs most likely to reach deep into a parser. */
export const pieceSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([p, s]) => p + s).join(""));

/** Any reply: any code points (lone surrogates too), graphemes, soups, numerals and very long texts. */
export const anyReply: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 6, arbitrary: pieceSoup },
  { weight: 3, arbitrary: fc.stringMatching(/^[-+−]?\d{1,4}([., ]\d{1,4}){0,3}(k|tr|tr\d{1,3}| triệu| nghìn|đ| đồng| tỷ| hộ|%)?$/) },
  { weight: 2, arbitrary: fc.stringMatching(/^\d{1,4}[/.\- ]\d{1,4}([/.\- ]\d{1,5})?$/) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1000, maxLength: 5000 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("9", ".", ",", " ", "1", "0"), minLength: 200, maxLength: 2000 }) },
);

/** Labels of choices: Vietnamese phrases, distinct even without diacritics and case, never a bare number. */
const LABEL_WORDS = ["Ổn định", "Có vụ việc", "Tốt", "Khá", "Trung bình", "Yếu", "Đã họp", "Chưa họp", "Mưa lũ", "Cháy nổ", "Trộm cắp", "Khác", "Ô nhiễm", "Ồn ào", "Đạt", "Không đạt"];
export const choiceOptions: fc.Arbitrary<string[]> = fc.uniqueArray(fc.constantFrom(...LABEL_WORDS), {
  minLength: 2,
  maxLength: 6,
  selector: (label) => foldVietnamese(label),
});

/** A question of any type, with or without bounds; `key` given by the caller. */
export const questionOf = (key: string): fc.Arbitrary<Question> =>
  fc.oneof(
    fc.record({ min: fc.option(fc.integer({ min: -10, max: 50 }), { nil: undefined }), span: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }) }).map(
      ({ min, span }): Question => ({ key, text: "Số hộ được vận động?", type: "integer", required: true, min, max: min !== undefined && span !== undefined ? min + span : undefined }),
    ),
    fc.constant<Question>({ key, text: "Tỷ lệ thu gom rác (%)?", type: "number", required: true, min: 0, max: 100 }),
    fc.constant<Question>({ key, text: "Khối lượng rác (kg)?", type: "number", required: true }),
    fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }).map((min): Question => ({ key, text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: true, min })),
    fc.constant<Question>({ key, text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no", required: true }),
    choiceOptions.map((options): Question => ({ key, text: "Tình hình an ninh trật tự?", type: "choice", required: true, options })),
    fc.constant<Question>({ key, text: "Ngày họp tổ gần nhất?", type: "date", required: true }),
    fc.integer({ min: 1, max: 300 }).map((maxLength): Question => ({ key, text: "Kiến nghị của nhân dân?", type: "text", required: true, maxLength })),
  );

/** The same text as typed on a keyboard without Vietnamese input: no diacritics, "đ" as "d". */
export const withoutDiacritics = (text: string) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");

/** How people vary any answer: case, spaces around, a full stop, decomposed (NFD) diacritics. */
export const typedVariant = (text: string): fc.Arbitrary<string> =>
  fc
    .record({
      fold: fc.boolean(),
      kase: fc.constantFrom("as is", "lower", "upper"),
      pad: fc.constantFrom("", " ", "  ", "\t"),
      stop: fc.constantFrom("", ".", "!"),
      nfd: fc.boolean(),
    })
    .map(({ fold, kase, pad, stop, nfd }) => {
      let t = fold ? withoutDiacritics(text) : text;
      if (kase === "lower") t = t.toLowerCase();
      if (kase === "upper") t = t.toUpperCase();
      t = `${pad}${t}${stop}${pad}`;
      return nfd ? t.normalize("NFD") : t;
    });

/** Number words for 0–999 as the bot writes them ("một trăm linh năm"). */
export const numberInWords = (n: number) => moneyInWords(n).replace(/ đồng$/, "").toLowerCase();

/** A whole number as people write it: "1500000", "1.500.000", "1 500 000", in words below 1.000, "12 hộ". */
export const integerWritten = (n: number): fc.Arbitrary<string> => {
  const forms = [String(n), formatNumber(n), `${formatNumber(n)} hộ`];
  if (n >= 1000) forms.push(formatNumber(n).replace(/\./g, " "));
  if (n >= 0 && n < 1000) forms.push(numberInWords(n));
  return fc.constantFrom(...forms).chain(typedVariant);
};

/** An amount in đồng with the ways of writing it that say exactly that amount. */
export function moneyWritten(n: number): string[] {
  const forms = [String(n), formatNumber(n), `${formatNumber(n)} đồng`, `${n}đ`, `${formatNumber(n)} vnđ`];
  // In words, as the bot writes amounts, unless a group of zeros is left out before a last
  // group: "hai triệu năm trăm" is 2.500.000 as people say it, so 2.000.500 is not written so.
  const groups = formatNumber(n).split(".").map(Number);
  if (!groups.some((g, i) => g === 0 && groups.slice(i + 1).some((later) => later > 0))) forms.push(moneyInWords(n));
  const millions = n / 1e6;
  if (n >= 1e6 && n % 1000 === 0) {
    const m = formatNumber(millions); // "1,5"
    forms.push(`${m} triệu`, `${m}tr`);
    const whole = Math.floor(millions);
    const rest = (n % 1_000_000) / 1000; // nghìn after the millions
    if (rest === 0) forms.push(`${whole} triệu`);
    else if (rest % 100 === 0) forms.push(`${whole}tr${rest / 100}`, `${whole} triệu ${rest / 100}`); // 1tr5 = 1.500.000
    else forms.push(`${whole}tr${String(rest).padStart(3, "0")}`, `${whole} triệu ${rest} nghìn`); // 2tr050, 2 triệu 50 nghìn
    if (rest === 500) forms.push(`${whole} triệu rưỡi`);
  }
  if (n > 0 && n < 1e6 && n % 1000 === 0) forms.push(`${n / 1000}k`, `${n / 1000} nghìn`, `${n / 1000} ngàn`);
  if (n >= 1e9 && n % 1e8 === 0) forms.push(`${formatNumber(n / 1e9)} tỷ`);
  return forms;
}

/** A date as people write it, day first. */
export function dateWritten(d: { year: number; month: number; day: number }, today: { year: number }): string[] {
  const dd = String(d.day).padStart(2, "0");
  const mm = String(d.month).padStart(2, "0");
  const forms = [
    `${d.day}/${d.month}/${d.year}`, `${dd}/${mm}/${d.year}`, `${d.day}-${d.month}-${d.year}`, `${d.day}.${d.month}.${d.year}`,
    `${d.year}-${mm}-${dd}`, `ngày ${d.day} tháng ${d.month} năm ${d.year}`, `ngày ${dd}/${mm}/${d.year}`,
  ];
  if (d.year === today.year) forms.push(`${d.day}/${d.month}`, `${dd}/${mm}`, `ngày ${d.day} tháng ${d.month}`);
  if (d.year >= 2000 && d.year <= 2099) forms.push(`${dd}/${mm}/${String(d.year).slice(2)}`);
  return forms;
}

export const YES_WRITTEN = ["có", "Có", "co", "c", "có ạ", "dạ có", "Dạ, có", "vâng", "yes", "y", "1", "đúng", "đúng rồi", "có rồi", "ok", "Có!"];
export const NO_WRITTEN = ["không", "Không", "khong", "ko", "k", "kg", "không có", "chưa", "chưa có", "no", "n", "0", "không ạ", "dạ không", "không nhé"];
