import type { Question } from "../form.js";
import { foldVietnamese } from "../text.js";
import { amountCheckFor, amountCheckPrompt, pickedAmount } from "./amount-check.js";
import { displayAnswer, parseAnswer, type Today } from "./answer.js";
import {
  SESSION_VERSION,
  firstUnanswered,
  nextAfter,
  previousBefore,
  visibleQuestions,
  type ReportSession,
} from "./report-session.js";
import type { Choice, OutboundMessage, UserInput } from "./types.js";

/**
 * The report conversation: one question at a time, validated, with back / skip / cancel, a
 * summary to confirm, and edits from the summary. Pure: it gets the stored session and one
 * input, and returns the next session, what to say, and what the caller must persist.
 */

export interface FlowContext {
  questions: Question[];
  today: Today;
  cycleLabel: string;
  groupName: string;
}

/** draft: save the answers so far; submit: record the report; pause: keep the draft, end the session. */
export type FlowEffect = "none" | "draft" | "submit" | "pause";

export interface FlowResult {
  session: ReportSession | null;
  messages: OutboundMessage[];
  effect: FlowEffect;
}

const CANCEL = new Set(["huy", "/huy", "huy bo", "dung", "dung lai", "tam dung"]);
const BACK = new Set(["quay lai", "/quaylai", "lui", "tro lai", "back"]);
const SKIP = new Set(["bo qua", "/boqua", "boqua", "skip"]);
const SEND = new Set(["gui", "/gui", "gui bao cao", "gui di", "dong y", "ok", "xong"]);
const EDIT = /^\/?sua\s*(?:cau\s*)?(\d{1,2})$/;

const find = (ctx: FlowContext, key: string | undefined) => ctx.questions.find((q) => q.key === key);

function typeHint(q: Question): string | undefined {
  switch (q.type) {
    case "integer":
      return "Xin trả lời bằng số, ví dụ: 12.";
    case "number":
      return "Xin trả lời bằng số, ví dụ: 12 hoặc 12,5.";
    case "money":
      return "Số tiền, ví dụ: 2.500.000 hoặc 2tr5 hoặc 500k.";
    case "date":
      return "Ngày, ví dụ: 29/9 hoặc “hôm nay”.";
    default:
      return undefined;
  }
}

function questionChoices(q: Question, canGoBack: boolean): Choice[] {
  const choices: Choice[] = [];
  if (q.type === "choice") q.options!.forEach((label, i) => choices.push({ label, value: `a:${q.key}:${i}` }));
  if (q.type === "yes_no")
    choices.push({ label: "Có", value: `yn:${q.key}:1` }, { label: "Không", value: `yn:${q.key}:0` });
  if (!q.required) choices.push({ label: "Bỏ qua", value: `nav:skip:${q.key}` });
  if (canGoBack) choices.push({ label: "↩ Quay lại", value: `nav:back:${q.key}` });
  return choices;
}

function ask(session: ReportSession, ctx: FlowContext, prefix?: string): OutboundMessage {
  const q = find(ctx, session.current)!;
  const visible = visibleQuestions(ctx.questions, session.answers);
  const position = visible.findIndex((v) => v.key === q.key) + 1;
  const lines = [`Câu ${position}/${visible.length}: ${q.text}`];
  const check = session.amountCheck?.key === q.key ? session.amountCheck : undefined;
  let choices: Choice[];
  if (check) {
    // Which amount was meant: the amounts, then skip and back (back returns to the question).
    const prompt = amountCheckPrompt(check);
    lines.push(...prompt.lines);
    choices = [...prompt.choices, ...questionChoices(q, true).filter((c) => c.value.startsWith("nav:"))];
  } else {
    const hint = typeHint(q);
    if (hint) lines.push(hint);
    if (session.answers[q.key] !== undefined) lines.push(`(Trả lời hiện tại: ${displayAnswer(q, session.answers[q.key])})`);
    if (!q.required) lines.push("Câu này không bắt buộc: gõ “bỏ qua” nếu không có.");
    choices = questionChoices(q, position > 1);
  }
  const text = (prefix ? `${prefix}\n\n` : "") + lines.join("\n");
  // A numbered menu lists only the options (and the amounts of a money check): "1" to a count
  // question is the count, and "Bỏ qua" / "Quay lại" are words the text teaches.
  const menu = choices.filter((c) => c.value.startsWith("a:") || c.value.startsWith("yn:") || c.value.startsWith("m:"));
  return choices.length ? { text, choices, menu } : { text };
}

function summary(session: ReportSession, ctx: FlowContext, prefix?: string): OutboundMessage {
  const visible = visibleQuestions(ctx.questions, session.answers);
  const lines = visible.map((q, i) => `${i + 1}. ${q.text}\n    → ${displayAnswer(q, session.answers[q.key])}`);
  const text =
    (prefix ? `${prefix}\n\n` : "") +
    `Xin ông/bà xem lại báo cáo ${ctx.cycleLabel} của ${ctx.groupName}:\n\n${lines.join("\n")}\n\n` +
    "Nếu đúng, xin chọn hoặc gõ “Gửi”. Muốn sửa câu nào, gõ “sửa” và số câu (ví dụ: sửa 2).";
  const edits = visible.map((_, i) => ({ label: `Sửa câu ${i + 1}`, value: `c:edit:${i + 1}` }));
  return {
    text,
    choices: [{ label: "✅ Gửi", value: "c:send" }, ...edits, { label: "Huỷ", value: "c:cancel" }],
    // Without buttons, a typed number is the question listed above under that number: not
    // listed again as a menu ("gửi" and "huỷ" are words).
    menu: edits,
    menuListedInText: true,
  };
}

/** Moves to the first unanswered question, or to the summary when everything is answered. */
function advance(session: ReportSession, ctx: FlowContext, prefix?: string): FlowResult {
  const next = firstUnanswered(ctx.questions, session.answers);
  if (!next) {
    const confirming: ReportSession = { ...session, mode: "confirming", current: undefined, editing: undefined };
    return { session: confirming, messages: [summary(confirming, ctx, prefix)], effect: "draft" };
  }
  const answering: ReportSession = { ...session, mode: "answering", current: next.key, editing: undefined };
  return { session: answering, messages: [ask(answering, ctx, prefix)], effect: "draft" };
}

const PAUSED =
  "Đã tạm dừng. Các câu trả lời của ông/bà vẫn được giữ lại; khi nào tiện, gõ /baocao để làm tiếp.";

/** Starts (or resumes) a report from its saved draft. */
export function openSession(ids: { cycleId: string; reportId: string }, draft: ReportSession["answers"], ctx: FlowContext): FlowResult {
  const intro =
    `Báo cáo ${ctx.cycleLabel} — ${ctx.groupName}.\n` +
    "Mỗi lần tôi hỏi một câu. Gõ “quay lại” để sửa câu trước, “huỷ” để tạm dừng (câu trả lời được giữ lại).";
  return resumeSession(ids, draft, ctx, intro);
}

/** Picks a report up from its saved draft at the first unanswered question (or its summary), after `prefix`. */
export function resumeSession(ids: { cycleId: string; reportId: string }, draft: ReportSession["answers"], ctx: FlowContext, prefix: string): FlowResult {
  const session: ReportSession = { v: SESSION_VERSION, ...ids, mode: "answering", answers: { ...draft } };
  return { ...advance(session, ctx, prefix), effect: "none" };
}

/** Reopens a submitted report at its summary (/sua). */
export function reviewSession(ids: { cycleId: string; reportId: string }, answers: ReportSession["answers"], ctx: FlowContext): FlowResult {
  const session: ReportSession = { v: SESSION_VERSION, ...ids, mode: "confirming", answers: { ...answers } };
  return { session, messages: [summary(session, ctx, "Ông/bà đang sửa báo cáo đã gửi.")], effect: "none" };
}

/** What to say to pick up a session again (/baocao while one is open). */
export function repeatPrompt(session: ReportSession, ctx: FlowContext): OutboundMessage {
  return session.mode === "confirming" ? summary(session, ctx) : ask(session, ctx);
}

function normalise(input: UserInput): { text?: string; value?: string } {
  if (input.kind === "choice") return { value: input.value };
  if (input.kind === "text") return { text: input.text };
  return {};
}

export function handleInput(session: ReportSession, input: UserInput, ctx: FlowContext): FlowResult {
  const same = (prefix: string): FlowResult => ({
    session,
    messages: [session.mode === "confirming" ? summary(session, ctx, prefix) : ask(session, ctx, prefix)],
    effect: "none",
  });
  if (input.kind === "unsupported") return same("Xin lỗi, tôi chỉ đọc được chữ và số. Xin ông/bà gửi câu trả lời bằng tin nhắn chữ.");
  const { text, value } = normalise(input);
  const folded = text !== undefined ? foldVietnamese(text) : undefined;

  if ((folded && CANCEL.has(folded)) || value === "nav:cancel" || value === "c:cancel")
    return { session: null, messages: [{ text: PAUSED }], effect: "pause" };

  return session.mode === "confirming" ? onSummary(session, ctx, folded, value, same) : onQuestion(session, ctx, text, folded, value, same);
}

function onSummary(
  session: ReportSession,
  ctx: FlowContext,
  folded: string | undefined,
  value: string | undefined,
  same: (prefix: string) => FlowResult,
): FlowResult {
  if ((folded && SEND.has(folded)) || value === "c:send") return { session: null, messages: [], effect: "submit" };
  const visible = visibleQuestions(ctx.questions, session.answers);
  const number = value?.startsWith("c:edit:") ? Number(value.slice(7)) : folded ? Number(EDIT.exec(folded)?.[1] ?? NaN) : NaN;
  if (Number.isInteger(number)) {
    const q = visible[number - 1];
    if (!q) return same(`Báo cáo có ${visible.length} câu; xin chọn số từ 1 đến ${visible.length}.`);
    const editing: ReportSession = { ...session, mode: "answering", current: q.key, editing: true };
    return { session: editing, messages: [ask(editing, ctx)], effect: "none" };
  }
  if ((folded && BACK.has(folded)) && visible.length) {
    const last = visible[visible.length - 1]!;
    const editing: ReportSession = { ...session, mode: "answering", current: last.key, editing: true };
    return { session: editing, messages: [ask(editing, ctx)], effect: "none" };
  }
  return same("Xin ông/bà chọn hoặc gõ “Gửi” nếu báo cáo đã đúng, gõ “sửa” và số câu để sửa, hoặc “huỷ” để tạm dừng.");
}

function onQuestion(
  session: ReportSession,
  ctx: FlowContext,
  text: string | undefined,
  folded: string | undefined,
  value: string | undefined,
  same: (prefix: string) => FlowResult,
): FlowResult {
  const q = find(ctx, session.current)!;
  // A button from an earlier question (the person scrolled up and pressed it): ask the current one.
  const valueKey = value?.split(":")[value.startsWith("nav:") ? 2 : 1];
  if (value && valueKey !== q.key) return same("Câu hỏi đó đã qua. Xin trả lời câu hiện tại:");

  const check = session.amountCheck?.key === q.key ? session.amountCheck : undefined;
  if ((folded && BACK.has(folded)) || value?.startsWith("nav:back:")) {
    // From the amount check, back is the question the amount answered.
    if (check) {
      const again: ReportSession = { ...session, amountCheck: undefined };
      return { session: again, messages: [ask(again, ctx)], effect: "none" };
    }
    const previous = previousBefore(ctx.questions, session.answers, q.key);
    if (!previous) return same("Đây đã là câu đầu tiên.");
    const back: ReportSession = { ...session, current: previous.key };
    return { session: back, messages: [ask(back, ctx)], effect: "none" };
  }

  let answer: ReportSession["answers"][string];
  if ((folded && SKIP.has(folded)) || value?.startsWith("nav:skip:")) {
    if (q.required) return same("Câu này cần có câu trả lời, không bỏ qua được.");
    answer = null;
  } else if (value?.startsWith("a:") || value?.startsWith("yn:")) {
    // A button answers only a question of its kind: the form may have changed since it was
    // sent (same key, another type), and a client may send any value. "yn:" on a number
    // question recorded true as its answer.
    const option =
      value.startsWith("a:") ? (q.type === "choice" ? q.options?.[Number(value.split(":")[2])] : undefined)
      : q.type === "yes_no" && /:[01]$/.test(value) ? value.endsWith(":1")
      : undefined;
    if (option === undefined) return same("Lựa chọn đó không còn. Xin chọn lại:");
    answer = option;
  } else if (value?.startsWith("m:")) {
    const amount = pickedAmount(check, value);
    if (amount === undefined) return same("Lựa chọn đó không còn. Xin trả lời câu hiện tại:");
    answer = amount;
  } else {
    // A typed answer, also while the amount check waits: typing the amount again answers it.
    // A money answer that looks like a slip ("12") is checked before the bounds are: "12" for
    // a question from 1.000 đồng up is more likely 12.000 đồng than a mistake to refuse.
    const slip = amountCheckFor(q, text ?? "");
    if (slip) {
      const checking: ReportSession = { ...session, amountCheck: slip };
      return { session: checking, messages: [ask(checking, ctx)], effect: "none" };
    }
    const parsed = parseAnswer(q, text ?? "", ctx.today);
    if (!parsed.ok) return same(parsed.reason);
    answer = parsed.value;
  }

  const answers = { ...session.answers, [q.key]: answer };
  const answered: ReportSession = { ...session, answers, amountCheck: undefined };
  if (session.editing) return advance(answered, ctx);
  // Going forward from here: the next question in order, even if it was answered before
  // (after "quay lại" the person walks the questions again, seeing each current answer).
  const next = nextAfter(ctx.questions, answers, q.key);
  if (next && answers[next.key] !== undefined) {
    const moved: ReportSession = { ...answered, current: next.key };
    return { session: moved, messages: [ask(moved, ctx)], effect: "draft" };
  }
  return advance(answered, ctx);
}
