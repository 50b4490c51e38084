import type { FieldProblem } from "./errors.js";
import type { AnswerValue, Question } from "./form.js";
import { parseAnswer, type Today } from "./conversation/answer.js";
import { isVisible } from "./conversation/report-session.js";

/** A report the ward office entered on a reporter's behalf (one who phoned it in) is stored with this `via`. */
export const OFFICE_VIA = "console";

/**
 * Reads the answers an officer typed for a report, with the very parsers the chat uses: each
 * answer is text as the reporter would have said it ("12", "212 triệu", "có", "25/11"). Skip
 * logic is applied as in the chat: a question that would not be asked is left out (whatever was
 * typed for it), a required question that would be asked must be answered. Problems name the
 * field `answers.<key>` with the chat's own Vietnamese reason.
 */
export function readOfficeAnswers(
  questions: Question[],
  typed: Record<string, string>,
  today: Today,
): { ok: true; answers: Record<string, AnswerValue> } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const answers: Record<string, AnswerValue> = {};
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(typed))
    if (!known.has(key)) problems.push({ field: `answers.${key}`, code: "unknown_field", message: `“${key}” không phải câu hỏi của mẫu báo cáo kỳ này.` });
  for (const q of questions) {
    if (!isVisible(q, answers)) continue;
    const text = typed[q.key]?.trim() ?? "";
    if (!text) {
      if (q.required) problems.push({ field: `answers.${q.key}`, code: "required", message: "Câu hỏi bắt buộc: xin nhập câu trả lời." });
      continue;
    }
    const parsed = parseAnswer(q, text, today);
    if (parsed.ok) answers[q.key] = parsed.value;
    else problems.push({ field: `answers.${q.key}`, code: "invalid_value", message: parsed.reason });
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers };
}
