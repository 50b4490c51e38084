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
    if (seen.has(q.key)) problems.push({ field: `${at}.key`, message: `duplicates the key "${q.key}"` });
    if (q.type === "choice") {
      const folded = new Set((q.options ?? []).map((o) => o.trim().toLowerCase()));
      if ((q.options?.length ?? 0) < 2) problems.push({ field: `${at}.options`, message: "a choice needs at least 2 options" });
      else if (folded.size !== q.options!.length) problems.push({ field: `${at}.options`, message: "options must differ" });
    } else if (q.options !== undefined) {
      problems.push({ field: `${at}.options`, message: `only a choice question has options, not ${q.type}` });
    }
    if ((q.min !== undefined || q.max !== undefined) && !NUMERIC.includes(q.type))
      problems.push({
        field: `${at}.${q.min !== undefined ? "min" : "max"}`,
        message: `min/max apply to integer, number and money questions, not ${q.type}`,
      });
    if (q.min !== undefined && q.max !== undefined && q.min > q.max)
      problems.push({ field: `${at}.max`, message: "must not be less than min" });
    if (q.maxLength !== undefined && q.type !== "text")
      problems.push({ field: `${at}.maxLength`, message: "applies to text questions only" });
    if (q.showIf) {
      const target = seen.get(q.showIf.key);
      if (!target) {
        const later = form.questions.some((o) => o.key === q.showIf!.key);
        problems.push({
          field: `${at}.showIf.key`,
          message: later
            ? `"${q.showIf.key}" must be asked before this question`
            : `"${q.showIf.key}" is not a question of this form`,
        });
      } else {
        const why = showIfValueProblem(target, q.showIf.equals);
        if (why) problems.push({ field: `${at}.showIf.equals`, message: why });
      }
    }
    seen.set(q.key, q);
  });
  return problems;
}

function showIfValueProblem(target: Question, value: AnswerValue): string | undefined {
  switch (target.type) {
    case "yes_no":
      return typeof value === "boolean" ? undefined : `"${target.key}" is yes/no: compare with true or false`;
    case "choice":
      return typeof value === "string" && target.options?.includes(value)
        ? undefined
        : `must be one of the options of "${target.key}": ${target.options?.join(", ")}`;
    case "integer":
    case "number":
    case "money":
      return typeof value === "number" ? undefined : `"${target.key}" is a number: compare with a number`;
    default:
      return typeof value === "string" ? undefined : `"${target.key}" is ${target.type}: compare with a string`;
  }
}
