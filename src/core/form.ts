import type { FieldProblem } from "./errors.js";
import type { Role } from "./roles.js";

/** A report form: short, ordered, typed questions a group leader answers one at a time. */
export const QUESTION_TYPES = ["integer", "number", "money", "yes_no", "choice", "text", "date"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export type AnswerValue = number | boolean | string;

export interface Question {
  key: string;
  text: string;
  type: QuestionType;
  required: boolean;
  options?: string[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** Ask this question only when an earlier answer equals a value (skip logic). */
  showIf?: { key: string; equals: AnswerValue };
}

export interface FormDefinition {
  title: string;
  roles: Role[];
  questions: Question[];
}

export const DEFAULT_TEXT_MAX_LENGTH = 1000;
const NUMERIC: QuestionType[] = ["integer", "number", "money"];
/** A question type as a ward officer calls it. */
export const TYPE_WORD: Record<QuestionType, string> = {
  integer: "số nguyên", number: "số", money: "tiền", yes_no: "có/không", choice: "lựa chọn", text: "chữ", date: "ngày",
};
/** Questions whose answers add up across groups and weeks (money is whole đồng). */
export const isNumericType = (type: string): boolean => NUMERIC.includes(type as QuestionType);

/**
 * Rules a form must keep beyond the shape of each field, so that a conversation built from it
 * can always be finished: unique keys, options for choices, sane bounds, and skip logic that
 * points at an earlier question with a value that question can actually produce.
 */
export function checkForm(form: FormDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, Question>();
  form.questions.forEach((q, i) => {
    const at = `questions.${i}`;
    if (seen.has(q.key)) problems.push({ field: `${at}.key`, code: "duplicate", message: `Câu hỏi ${i + 1}: mã “${q.key}” đã dùng cho câu hỏi khác; mỗi câu hỏi cần một mã riêng.` });
    if (q.type === "choice") {
      const folded = new Set((q.options ?? []).map((o) => o.trim().toLowerCase()));
      if ((q.options?.length ?? 0) < 2) problems.push({ field: `${at}.options`, code: "too_small", message: `Câu hỏi ${i + 1}: câu hỏi lựa chọn cần ít nhất 2 lựa chọn.` });
      else if (folded.size !== q.options!.length) problems.push({ field: `${at}.options`, code: "duplicate", message: `Câu hỏi ${i + 1}: các lựa chọn phải khác nhau.` });
    } else if (q.options !== undefined) {
      problems.push({ field: `${at}.options`, code: "invalid_value", message: `Câu hỏi ${i + 1}: chỉ câu hỏi lựa chọn mới có các lựa chọn (câu này là dạng ${TYPE_WORD[q.type]}).` });
    }
    if ((q.min !== undefined || q.max !== undefined) && !NUMERIC.includes(q.type))
      problems.push({
        field: `${at}.${q.min !== undefined ? "min" : "max"}`,
        code: "invalid_value",
        message: `Câu hỏi ${i + 1}: giới hạn nhỏ nhất/lớn nhất chỉ dùng cho câu hỏi dạng số hoặc tiền (câu này là dạng ${TYPE_WORD[q.type]}).`,
      });
    if (q.min !== undefined && q.max !== undefined && q.min > q.max)
      problems.push({ field: `${at}.max`, code: "out_of_order", message: `Câu hỏi ${i + 1}: giá trị lớn nhất không được nhỏ hơn giá trị nhỏ nhất.` });
    if (q.maxLength !== undefined && q.type !== "text")
      problems.push({ field: `${at}.maxLength`, code: "invalid_value", message: `Câu hỏi ${i + 1}: độ dài tối đa chỉ dùng cho câu hỏi dạng chữ.` });
    if (q.showIf) {
      const target = seen.get(q.showIf.key);
      if (!target) {
        const later = form.questions.some((o) => o.key === q.showIf!.key);
        problems.push({
          field: `${at}.showIf.key`,
          code: later ? "out_of_order" : "unknown_reference",
          message: later
            ? `Câu hỏi ${i + 1}: điều kiện “chỉ hỏi khi” phải dựa vào một câu hỏi đứng trước (“${q.showIf.key}” đứng sau).`
            : `Câu hỏi ${i + 1}: điều kiện “chỉ hỏi khi” dựa vào “${q.showIf.key}”, không phải câu hỏi của mẫu này.`,
        });
      } else {
        const why = showIfValueProblem(target, q.showIf.equals);
        if (why) problems.push({ field: `${at}.showIf.equals`, code: "invalid_value", message: `Câu hỏi ${i + 1}: giá trị của điều kiện “chỉ hỏi khi” ${why}` });
      }
    }
    seen.set(q.key, q);
  });
  return problems;
}

function showIfValueProblem(target: Question, value: AnswerValue): string | undefined {
  switch (target.type) {
    case "yes_no":
      return typeof value === "boolean" ? undefined : `phải là có (true) hoặc không (false), vì “${target.key}” là câu hỏi có/không.`;
    case "choice":
      return typeof value === "string" && target.options?.includes(value)
        ? undefined
        : `phải là một lựa chọn của “${target.key}”: ${target.options?.join(", ")}.`;
    case "integer":
    case "number":
    case "money":
      return typeof value === "number" ? undefined : `phải là một số, vì “${target.key}” là câu hỏi dạng số.`;
    default:
      return typeof value === "string" ? undefined : `phải là chữ, vì “${target.key}” là câu hỏi dạng ${TYPE_WORD[target.type]}.`;
  }
}
