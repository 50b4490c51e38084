import { repeatPrompt } from "../../core/conversation/report-flow.js";
import { SESSION_VERSION, type ReportSession } from "../../core/conversation/report-session.js";
import type { Question as CoreQuestion } from "../../core/form.js";
import type { Question } from "./draft.js";

/** One question as the bot will ask it in chat: its text and the buttons under it. */
export interface PromptPreview {
  key: string;
  text: string;
  buttons: string[];
  /** "Chỉ hỏi khi câu 2 trả lời “Có vụ việc”", for a question behind skip logic. */
  condition?: string;
}

/**
 * How each question will read in chat, made by the conversation engine itself (the core's
 * report flow is pure and runs in the browser), so the preview cannot drift from the bot.
 * A question's number counts the questions asked so far, as the chat will.
 */
export function previewPrompts(questions: Question[]): PromptPreview[] {
  const core = questions.map((q) => ({ ...q, required: q.required !== false })) as CoreQuestion[];
  const ctx = { questions: core, today: { year: 2026, month: 1, day: 1 }, cycleLabel: "Tuần này", groupName: "Tổ dân phố" };
  return core.map((q) => {
    // A question behind skip logic is previewed as reached: its condition's answer given.
    const answers: ReportSession["answers"] = q.showIf ? { [q.showIf.key]: q.showIf.equals } : {};
    const session: ReportSession = { v: SESSION_VERSION, cycleId: "preview", reportId: "preview", mode: "answering", current: q.key, answers };
    const message = repeatPrompt(session, ctx);
    const target = q.showIf ? core.findIndex((o) => o.key === q.showIf!.key) : -1;
    const condition =
      target >= 0
        ? `Chỉ hỏi khi câu “${core[target]!.text}” được trả lời “${typeof q.showIf!.equals === "boolean" ? (q.showIf!.equals ? "Có" : "Không") : q.showIf!.equals}”.`
        : undefined;
    return { key: q.key, text: message.text, buttons: (message.choices ?? []).map((c) => c.label), ...(condition ? { condition } : {}) };
  });
}
