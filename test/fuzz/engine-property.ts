/**
 * The report conversation (src/core/conversation/report-flow.ts) driven by generated people:
 * random forms (every question type, optional questions, skip logic) and random sequences of
 * replies: valid answers, odd text, the navigation words (quay lại, bỏ qua, huỷ, sửa, gửi),
 * buttons of the last message, buttons of messages long gone, stickers. After every step the
 * state must be one the person can go on from, and every typed answer must have been either
 * accepted with exactly the value the parser reads or asked again with the parser's reason.
 */
import fc from "fast-check";
import type { AnswerValue, Question } from "../../src/core/form.js";
import { formatNumber } from "../../src/core/format.js";
import { foldVietnamese } from "../../src/core/text.js";
import { amountCheckFor } from "../../src/core/conversation/amount-check.js";
import { parseAnswer } from "../../src/core/conversation/answer.js";
import { handleInput, openSession, reviewSession, type FlowContext, type FlowResult } from "../../src/core/conversation/report-flow.js";
import { SESSION_VERSION, visibleQuestions, type ReportSession } from "../../src/core/conversation/report-session.js";
import type { OutboundMessage, UserInput } from "../../src/core/conversation/types.js";
import { anyReply, questionOf } from "./arbitraries.js";
import { TODAY, badReason, badValue, type Tally } from "./reply-properties.js";

/** The words report-flow.ts reads before an answer (as it folds them). */
const CANCEL = new Set(["huy", "/huy", "huy bo", "dung", "dung lai", "tam dung"]);
const BACK = new Set(["quay lai", "/quaylai", "lui", "tro lai", "back"]);
const SKIP = new Set(["bo qua", "/boqua", "boqua", "skip"]);

/** A form of 1–6 questions; some optional, some asked only after an earlier answer. */
export const formArb: fc.Arbitrary<Question[]> = fc
  .array(fc.tuple(fc.boolean(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 6 })
  .chain((specs) => fc.tuple(...specs.map((_, i) => questionOf(`q${i}`))).map((qs) => ({ specs, qs })))
  .map(({ specs, qs }) =>
    qs.map((q, i): Question => {
      const [optional, pick, conditional] = specs[i]!;
      const earlier = qs.slice(0, i).filter((e) => e.type === "choice" || e.type === "yes_no");
      const parent = conditional ? earlier[pick % Math.max(1, earlier.length)] : undefined;
      const equals: AnswerValue | undefined = parent && (parent.type === "yes_no" ? pick % 2 === 0 : parent.options![pick % parent.options!.length]);
      return { ...q, required: !optional, ...(parent && equals !== undefined ? { showIf: { key: parent.key, equals } } : {}) };
    }),
  );

type Step =
  | { t: "valid"; pick: number }
  | { t: "reply"; text: string }
  | { t: "word"; text: string }
  | { t: "press"; pick: number }
  | { t: "stale"; value: string }
  | { t: "sticker" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((pick): Step => ({ t: "valid", pick })) },
  { weight: 3, arbitrary: anyReply.map((text): Step => ({ t: "reply", text })) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom("quay lại", "quay lai", "Quay lại", "bỏ qua", "bo qua", "huỷ", "hủy", "dừng", "gửi", "Gửi", "ok", "xong", "sửa 1", "sửa 2", "sửa câu 3", "/sua 9", "/quaylai", "/boqua", "/gui")
      .map((text): Step => ({ t: "word", text })),
  },
  { weight: 3, arbitrary: fc.nat().map((pick): Step => ({ t: "press", pick })) },
  { weight: 1, arbitrary: fc.constantFrom("a:zz:0", "nav:back:zz", "yn:q0:1", "m:q0:0", "c:edit:99", "nav:skip:q0", "c:send", "c:cancel", "a:q0:99", "m:q1:5").map((value): Step => ({ t: "stale", value })) },
  { weight: 1, arbitrary: fc.constant<Step>({ t: "sticker" }) },
);

export const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 30 });

/** A valid answer to `q`, typed as a person would, chosen by `pick`. */
function validAnswer(q: Question, pick: number): string {
  switch (q.type) {
    case "integer": {
      const lo = q.min ?? 0;
      const hi = q.max ?? lo + 1000;
      return formatNumber(lo + (pick % (hi - lo + 1)));
    }
    case "number":
      return `${pick % 100},${pick % 10}`;
    case "money":
      return formatNumber(Math.max(q.min ?? 0, 1000) + (pick % 1000) * 1000);
    case "yes_no":
      return pick % 2 ? "có" : "không";
    case "choice":
      return q.options![pick % q.options!.length]!;
    case "date":
      return `${1 + (pick % 28)}/${1 + (pick % 12)}/2026`;
    case "text":
      return `Ý kiến số ${pick}`.slice(0, q.maxLength ?? 1000);
  }
}

const fail = (why: string, detail: unknown): never => {
  throw new Error(`${why}: ${JSON.stringify(detail)}`);
};

/** What must hold of any session the engine hands back. */
function checkSession(session: ReportSession, questions: Question[], said: OutboundMessage) {
  if (session.v !== SESSION_VERSION || session.cycleId !== "c" || session.reportId !== "r") fail("the session lost its identity", session);
  for (const [key, value] of Object.entries(session.answers)) {
    const q = questions.find((x) => x.key === key) ?? fail("an answer to no question", key);
    if (value === null ? q.required : badValue(q, value) !== null) fail(`an invalid answer to ${key}`, { q, value });
  }
  const visible = visibleQuestions(questions, session.answers);
  if (session.mode === "answering") {
    const position = visible.findIndex((q) => q.key === session.current) + 1;
    if (position === 0) fail("asking a question that is not in the form or not shown", session);
    if (!said.text.includes(`Câu ${position}/${visible.length}:`)) fail(`not saying "Câu ${position}/${visible.length}"`, said.text);
  } else {
    if (visible.some((q) => session.answers[q.key] === undefined)) fail("a summary with a question unanswered", session);
  }
  if (session.amountCheck && (session.amountCheck.key !== session.current || questions.find((q) => q.key === session.current)?.type !== "money"))
    fail("an amount check on something else than the money question asked", session);
}

/** One person's run through a form; throws on the first broken invariant. */
export function runConversation(questions: Question[], steps: Step[], tally: Tally) {
  const ctx: FlowContext = { questions, today: TODAY, cycleLabel: "Tuần 40/2026", groupName: "Tổ dân phố số 1" };
  const ids = { cycleId: "c", reportId: "r" };
  let draft: ReportSession["answers"] = {};
  let submitted: ReportSession["answers"] | undefined;
  let result: FlowResult = openSession(ids, draft, ctx);
  for (const step of steps) {
    const before = result.session;
    const shown = result.messages.at(-1);
    if (!before) {
      // Paused or sent: the person types /baocao (or /sua) again.
      result = submitted ? reviewSession(ids, submitted, ctx) : openSession(ids, draft, ctx);
      checkSession(result.session!, questions, result.messages.at(-1)!);
      continue;
    }
    const asked = before.mode === "answering" ? questions.find((q) => q.key === before.current)! : undefined;
    const input: UserInput =
      step.t === "valid" ? { kind: "text", text: asked ? validAnswer(asked, step.pick) : "gửi" }
      : step.t === "reply" || step.t === "word" ? { kind: "text", text: step.text }
      : step.t === "press" ? (shown?.choices?.length ? { kind: "choice", value: shown.choices[step.pick % shown.choices.length]!.value } : { kind: "text", text: "1" })
      : step.t === "stale" ? { kind: "choice", value: step.value }
      : { kind: "unsupported" };

    result = handleInput(before, input, ctx);

    if (result.effect !== "submit" && !result.messages.length) fail("nothing said", { input, before });
    for (const m of result.messages) if (badReason(m.text)) fail("a message not fit to show", m.text);
    if ((result.session === null) !== (result.effect === "pause" || result.effect === "submit")) fail("a session ended without pause or submit", result);
    if (result.session) checkSession(result.session, questions, result.messages.at(-1)!);
    if (result.effect === "submit") {
      if (before.mode !== "confirming") fail("sent without the summary", before);
      for (const q of visibleQuestions(questions, before.answers)) {
        const v = before.answers[q.key];
        if (v === undefined || (q.required && (v === null || badValue(q, v) !== null))) fail(`sent with ${q.key} missing or invalid`, before.answers);
      }
      submitted = before.answers;
    }
    if (result.effect === "draft" && result.session) draft = result.session.answers;

    // A typed answer: accepted with exactly what the parser reads, or asked again with its reason.
    if (asked && input.kind === "text") {
      const folded = foldVietnamese(input.text);
      if (CANCEL.has(folded) || BACK.has(folded) || SKIP.has(folded)) continue;
      const after = result.session!;
      if (amountCheckFor(asked, input.text)) {
        if (!after.amountCheck || after.answers[asked.key] !== before.answers[asked.key]) fail("a slip recorded without the check", { input, after });
        continue;
      }
      const parsed = parseAnswer(asked, input.text, TODAY);
      tally.note(asked.type, parsed.ok);
      if (parsed.ok) {
        if (JSON.stringify(after.answers[asked.key]) !== JSON.stringify(parsed.value)) fail("an answer recorded as something else", { input, parsed, after });
      } else if (after !== before || !result.messages[0]!.text.startsWith(parsed.reason)) fail("a refused answer not asked again with its reason", { input, parsed, result });
    }
  }
}

export const engineProperty = (tally: Tally) => fc.property(formArb, stepsArb, (questions, steps) => runConversation(questions, steps, tally));
