/**
 * Properties of the answer parsers, shared by the test suite (a thousand runs each) and the fuzz
 * script (npm run fuzz, hundreds of thousands of replies). Each property reads replies through
 * the engine's own entry (parseAnswer) and records whether each was accepted or asked again.
 */
import fc from "fast-check";
import { DEFAULT_TEXT_MAX_LENGTH, type Question } from "../../src/core/form.js";
import { formatMoney, formatNumber } from "../../src/core/format.js";
import { parseAnswer, type Today } from "../../src/core/conversation/answer.js";
import { parseChoice, parseDate, parseDecimal, parseInteger, parseMoney, parseYesNo, plausibleAmounts } from "../../src/core/parse.js";
import { onGuardedThrow } from "../../src/core/parse/shared.js";
import {
  NO_WRITTEN, YES_WRITTEN, anyReply, choiceOptions, dateWritten, integerWritten, moneyWritten, questionOf, typedVariant,
} from "./arbitraries.js";

export const TODAY: Today = { year: 2026, month: 9, day: 30 };

/** Replies read per kind of answer: accepted, or asked again. */
export class Tally {
  readonly counts = new Map<string, { accepted: number; asked: number }>();
  note(kind: string, accepted: boolean) {
    const c = this.counts.get(kind) ?? { accepted: 0, asked: 0 };
    if (accepted) c.accepted++;
    else c.asked++;
    this.counts.set(kind, c);
  }
  get total() {
    let n = 0;
    for (const c of this.counts.values()) n += c.accepted + c.asked;
    return n;
  }
}

const VIETNAMESE = /[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữìíịỉĩòóọỏõùúụủũỳýỵỷỹ]/i;

/** Why a re-ask message is not one to show a person, or null when it is fine. */
export function badReason(reason: unknown): string | null {
  if (typeof reason !== "string" || reason.trim().length < 10) return "no reason";
  if (!VIETNAMESE.test(reason)) return "not Vietnamese";
  if (/undefined|NaN|Infinity|\[object|null\b/.test(reason)) return "leaks a programming word";
  return null;
}

/** Why an accepted value is not a valid answer to `q`, or null when it is. */
export function badValue(q: Question, value: unknown): string | null {
  const inBounds = (n: number) => (q.min === undefined || n >= q.min) && (q.max === undefined || n <= q.max);
  switch (q.type) {
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0) && inBounds(value) ? null : "not a whole number in bounds";
    case "number":
      return typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0) && inBounds(value) ? null : "not a finite number in bounds";
    case "money":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && inBounds(value) ? null : "not whole đồng in bounds";
    case "yes_no":
      return typeof value === "boolean" ? null : "not a boolean";
    case "choice":
      return typeof value === "string" && q.options!.includes(value) ? null : "not one of the options";
    case "date": {
      const m = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      if (!m) return "not yyyy-mm-dd";
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const real = new Date(Date.UTC(y, mo - 1, d));
      return real.getUTCFullYear() === y && real.getUTCMonth() === mo - 1 && real.getUTCDate() === d && y >= 1900 && y <= 2199 ? null : "no such date";
    }
    case "text":
      return typeof value === "string" && value.length > 0 && value === value.normalize("NFC").trim() && value.length <= (q.maxLength ?? DEFAULT_TEXT_MAX_LENGTH)
        ? null
        : "not a trimmed text within its length";
  }
}

/** Fails on any throw a parser's guard turned into a refusal (a hidden bug). */
export function failOnGuardedThrow(): () => void {
  onGuardedThrow((error) => {
    throw new Error(`a parser threw (hidden from the person by its guard): ${String((error as Error)?.stack ?? error)}`);
  });
  return () => onGuardedThrow(undefined);
}

function expectAccepted<T>(r: { ok: true; value: T } | { ok: false; reason: string }, expected: T, typed: string) {
  if (!r.ok) throw new Error(`${JSON.stringify(typed)} was asked again (${r.reason}); expected ${JSON.stringify(expected)}`);
  if (!Object.is(r.value, expected) && JSON.stringify(r.value) !== JSON.stringify(expected))
    throw new Error(`${JSON.stringify(typed)} read as ${JSON.stringify(r.value)}; expected ${JSON.stringify(expected)}`);
}

/** The properties, named; `tally` counts every reply read. */
export function replyProperties(tally: Tally): Record<string, fc.IProperty<unknown[]>> {
  return {
    /** Any reply to any question: no throw; accepted with a valid value, or asked again in Vietnamese. */
    "any reply to any question is accepted as a valid value or asked again": fc.property(questionOf("q"), anyReply, (q, text) => {
      const r = parseAnswer(q, text, TODAY);
      tally.note(q.type, r.ok);
      if (r.ok) {
        const bad = badValue(q, r.value);
        if (bad) throw new Error(`${JSON.stringify(text)} accepted for a ${q.type} question as ${JSON.stringify(r.value)}: ${bad}`);
        // What the bot shows back (the summary, "trả lời hiện tại") reads back as the same answer.
        if (q.type === "integer") expectAccepted(parseInteger(formatNumber(r.value as number), q), r.value, formatNumber(r.value as number));
        if (q.type === "number") expectAccepted(parseDecimal(formatNumber(r.value as number), q), r.value, formatNumber(r.value as number));
        if (q.type === "money") expectAccepted(parseMoney(formatMoney(r.value as number), q), r.value, formatMoney(r.value as number));
      } else {
        const bad = badReason(r.reason);
        if (bad) throw new Error(`${JSON.stringify(text)} asked again for a ${q.type} question with ${JSON.stringify(r.reason)}: ${bad}`);
      }
      // The slip check of money answers reads every reply too.
      const slip = plausibleAmounts(text, q);
      if (slip && !(slip.typed >= 1 && slip.typed < 1000 && slip.amounts.length >= 1)) throw new Error(`odd slip check for ${JSON.stringify(text)}`);
    }),

    "a whole number reads back exactly, however it is written": fc.property(
      fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: -1_000_000, max: -1 })).chain((n) => fc.tuple(fc.constant(n), integerWritten(n))),
      ([n, typed]) => {
        tally.note("integer", true);
        expectAccepted(parseInteger(typed, { question: "Số hộ được vận động?" }), n, typed);
      },
    ),

    "a decimal reads back exactly with its comma": fc.property(
      fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.stringMatching(/^\d{0,2}[1-9]$/)).chain(([int, frac]) => {
        const x = Number(`${int}.${frac}`);
        return fc.tuple(fc.constant(x), fc.constantFrom(formatNumber(x), `${int},${frac}`).chain(typedVariant));
      }),
      ([x, typed]) => {
        tally.note("number", true);
        expectAccepted(parseDecimal(typed), x, typed);
      },
    ),

    "an amount of money reads back exactly: 1.500.000, 1,5 triệu, 1tr5, 500k, in words, without diacritics": fc.property(
      fc
        .oneof(
          // Up to 999 tỷ: "nghìn tỷ" is not read as a scale (no ward counts such sums).
          fc.integer({ min: 0, max: 10 ** 12 - 1 }),
          fc.integer({ min: 1, max: 999_999 }).map((k) => k * 1000),
          fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 9 })).map(([m, h]) => m * 1e6 + h * 1e5),
          fc.integer({ min: 1, max: 99 }).map((b) => b * 1e8),
        )
        .chain((n) => fc.tuple(fc.constant(n), fc.constantFrom(...moneyWritten(n)).chain(typedVariant))),
      ([n, typed]) => {
        tally.note("money", true);
        expectAccepted(parseMoney(typed), n, typed);
      },
    ),

    "yes and no read back, with particles, case, diacritics or none": fc.property(
      fc.boolean().chain((yes) => fc.tuple(fc.constant(yes), fc.constantFrom(...(yes ? YES_WRITTEN : NO_WRITTEN)).chain(typedVariant))),
      ([yes, typed]) => {
        tally.note("yes_no", true);
        expectAccepted(parseYesNo(typed), yes, typed);
      },
    ),

    "a choice reads back as the option itself, by number or by label": fc.property(
      choiceOptions.chain((options) =>
        fc.nat({ max: options.length - 1 }).chain((i) =>
          fc.tuple(fc.constant(options), fc.constant(i), fc.constantFrom(String(i + 1), `${i + 1}.`, `số ${i + 1}`, options[i]!).chain(typedVariant)),
        ),
      ),
      ([options, i, typed]) => {
        tally.note("choice", true);
        expectAccepted(parseChoice(typed, options), options[i]!, typed);
      },
    ),

    "a date reads back, day first, in every common form": fc.property(
      fc
        .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true })
        .map((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }))
        .chain((d) => fc.tuple(fc.constant(d), fc.constantFrom(...dateWritten(d, TODAY)).chain(typedVariant))),
      ([d, typed]) => {
        tally.note("date", true);
        expectAccepted(parseDate(typed, TODAY), d, typed);
      },
    ),

    "a text is kept as typed (trimmed, NFC) when it fits, else asked again": fc.property(fc.integer({ min: 1, max: 200 }), anyReply, (maxLength, text) => {
      const q: Question = { key: "t", text: "Kiến nghị?", type: "text", required: true, maxLength };
      const r = parseAnswer(q, text, TODAY);
      tally.note("text", r.ok);
      const kept = text.normalize("NFC").trim();
      if (kept && kept.length <= maxLength) expectAccepted(r, kept, text);
      else if (r.ok || badReason(r.reason)) throw new Error(`${JSON.stringify(text)} should be asked again politely`);
    }),
  };
}
