import type { AnswerValue, Question } from "../form.js";

/**
 * Bumped when the shape of a stored session changes. An older session is upgraded by
 * upgradeSession when the change allows it, else discarded on purpose.
 * v2: `amountCheck` (a money answer that looked like a slip awaits which amount was meant).
 */
export const SESSION_VERSION = 2;

/** One person filling in one report, persisted between messages. */
export interface ReportSession {
  v: typeof SESSION_VERSION;
  cycleId: string;
  reportId: string;
  /** answering: `current` is being asked; confirming: the summary awaits Gửi / Sửa / Huỷ. */
  mode: "answering" | "confirming";
  current?: string;
  /** Set when a question is re-asked from the summary: after it, go back to the summary. */
  editing?: boolean;
  /** Answers by key; null means skipped. Absent means not answered yet. */
  answers: Record<string, AnswerValue | null>;
  /**
   * Set while the money question `key` was answered with a bare small number (`typed`, e.g. 12)
   * and the person is asked which of `amounts` (in đồng) was meant. Nothing is recorded until then.
   */
  amountCheck?: { key: string; typed: number; amounts: number[] };
  /**
   * The report's version (Report.version) these answers were read at or written as. When the
   * report has moved on (the person went on from another channel) the session is stale: it is
   * rebuilt from the report, never written over it. Absent in sessions stored before versions:
   * treated as stale.
   */
  reportVersion?: number;
}

/**
 * A stored session in the current shape, or undefined when it cannot be one. A v1 session is a
 * v2 session without an amount check pending; anything else (a newer or unknown version) is dropped.
 */
export function upgradeSession(stored: unknown): ReportSession | undefined {
  if (typeof stored !== "object" || stored === null) return undefined;
  const session = stored as { v?: unknown };
  if (session.v === SESSION_VERSION) return stored as ReportSession;
  if (session.v === 1) return { ...(stored as Omit<ReportSession, "v">), v: SESSION_VERSION };
  return undefined;
}

/** Whether the session still works on the report as it is now (see `reportVersion`). */
export const isCurrentSession = (session: ReportSession, report: { id: string; version: number } | undefined) =>
  report !== undefined && report.id === session.reportId && session.reportVersion === report.version;

/** Whether a question is asked, given the answers so far (skip logic). */
export function isVisible(q: Question, answers: ReportSession["answers"]): boolean {
  if (!q.showIf) return true;
  const value = answers[q.showIf.key];
  return value !== undefined && value !== null && value === q.showIf.equals;
}

export function visibleQuestions(questions: Question[], answers: ReportSession["answers"]): Question[] {
  // Visibility of a question depends only on earlier ones, so one pass in order settles it.
  return questions.filter((q) => isVisible(q, answers));
}

/** The answers that count: those of visible questions (answers hidden by a later change drop out). */
export function effectiveAnswers(questions: Question[], answers: ReportSession["answers"]) {
  return Object.fromEntries(
    visibleQuestions(questions, answers)
      .filter((q) => answers[q.key] !== undefined)
      .map((q) => [q.key, answers[q.key]!]),
  ) as Record<string, AnswerValue | null>;
}

export function firstUnanswered(questions: Question[], answers: ReportSession["answers"]): Question | undefined {
  return visibleQuestions(questions, answers).find((q) => answers[q.key] === undefined);
}

/** The next visible question after `key` in form order (answered or not). */
export function nextAfter(questions: Question[], answers: ReportSession["answers"], key: string): Question | undefined {
  const index = questions.findIndex((q) => q.key === key);
  return questions.slice(index + 1).find((q) => isVisible(q, answers));
}

/** The previous visible question before `key`, for "quay lại". */
export function previousBefore(questions: Question[], answers: ReportSession["answers"], key: string): Question | undefined {
  const index = questions.findIndex((q) => q.key === key);
  return questions.slice(0, index).reverse().find((q) => isVisible(q, answers));
}
