import { DEFAULT_TEXT_MAX_LENGTH, type AnswerValue, type Question } from "../form.js";
import { formatDate, formatMoney, formatNumber, formatYesNo } from "../format.js";
import { parseChoice, parseDate, parseDecimal, parseInteger, parseMoney, parseYesNo, type ParseResult } from "../parse.js";

export interface Today {
  year: number;
  month: number;
  day: number;
}

const bounds = (q: Question) => ({ min: q.min, max: q.max });
/** Bounds and the question's text: what a number may be counted in comes from it ("Số hộ…?": "12 hộ"). */
const numberOptions = (q: Question) => ({ ...bounds(q), question: q.text });

/** Reads a typed answer to a question; a failure carries a polite Vietnamese reason. */
export function parseAnswer(q: Question, text: string, today: Today): ParseResult<AnswerValue> {
  switch (q.type) {
    case "integer":
      return parseInteger(text, numberOptions(q));
    case "number":
      return parseDecimal(text, numberOptions(q));
    case "money":
      return parseMoney(text, bounds(q));
    case "yes_no":
      return parseYesNo(text);
    case "choice":
      return parseChoice(text, q.options ?? []);
    case "date": {
      const r = parseDate(text, today);
      if (!r.ok) return r;
      const { year, month, day } = r.value;
      return { ok: true, value: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
    }
    case "text": {
      const value = text.normalize("NFC").trim();
      const max = q.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      if (!value) return { ok: false, reason: "Xin ông/bà nhập câu trả lời." };
      if (value.length > max)
        return { ok: false, reason: `Câu trả lời dài quá: tối đa ${formatNumber(max)} ký tự (ông/bà đã gõ ${formatNumber(value.length)}). Xin viết ngắn lại.` };
      return { ok: true, value };
    }
  }
}

/** How an answer reads back to the person (summary, "trả lời hiện tại"). */
export function displayAnswer(q: Question, value: AnswerValue | null | undefined): string {
  if (value === null || value === undefined) return "(bỏ qua)";
  switch (q.type) {
    case "money":
      return formatMoney(value as number);
    case "integer":
    case "number":
      return formatNumber(value as number);
    case "yes_no":
      return formatYesNo(value as boolean);
    case "date": {
      const [y, m, d] = String(value).split("-").map(Number);
      return formatDate({ year: y!, month: m!, day: d! });
    }
    default:
      return String(value);
  }
}
