/**
 * What every parser shares: the result type, input normalisation, the never-throw guard, and the
 * common refusal messages.
 */
import { formatNumber } from "../format.js";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = (reason: string): ParseResult<never> => ({ ok: false, reason });

export const EMPTY = "Bạn chưa nhập câu trả lời.";

/** NFC, single spaces, trimmed; anything that is not a string reads as empty. */
export function tidy(text: unknown): string {
  return typeof text === "string" ? text.normalize("NFC").replace(/\s+/g, " ").trim() : "";
}

/** Drops sentence punctuation at the end: "12." → "12", "Có!" → "Có". */
export function dropEndPunctuation(text: string): string {
  return text.replace(/[\s.!?…]+$/u, "");
}

/** Quotes a user's input inside a reason, shortened so the message stays short. */
export function quote(text: string): string {
  return `“${text.length > 30 ? `${text.slice(0, 29)}…` : text}”`;
}

/**
 * Told of each throw that `guarded` turned into a refusal. A throw is a bug the person does not
 * see (they are asked again in general terms): the property tests listen, and fail on any.
 */
let guardedThrow: ((error: unknown) => void) | undefined;
export function onGuardedThrow(listener: ((error: unknown) => void) | undefined): void {
  guardedThrow = listener;
}

/** For a parser's own catch: passes the throw to the listener (see onGuardedThrow). */
export const noteGuardedThrow = (error: unknown) => guardedThrow?.(error);

/** Runs a parser so that no input, however odd, can make it throw. */
export function guarded<T>(fallback: string, run: () => ParseResult<T>): ParseResult<T> {
  try {
    return run();
  } catch (error) {
    noteGuardedThrow(error);
    return fail(fallback);
  }
}

/** "Số phải từ 0 đến 2.000." when `value` is outside the bounds that were given; null inside. */
export function boundsReason(value: number, opts: { min?: number; max?: number } | undefined, noun: string, unit = ""): string | null {
  const min = opts?.min;
  const max = opts?.max;
  const below = min !== undefined && value < min;
  const above = max !== undefined && value > max;
  if (!below && !above) return null;
  if (min !== undefined && max !== undefined) return `${noun} phải từ ${formatNumber(min)} đến ${formatNumber(max)}${unit}.`;
  if (min !== undefined) return `${noun} phải từ ${formatNumber(min)}${unit} trở lên.`;
  return `${noun} phải từ ${formatNumber(max!)}${unit} trở xuống.`;
}

export const TOO_LARGE = "Số này lớn quá, xin kiểm tra lại.";

/** One word of a reply: as typed (NFC, lower case), folded, and where it starts in the reply. */
export interface Word {
  raw: string;
  folded: string;
  at: number;
}

/**
 * The words of a reply: numerals ("1.200", "12,5", "29.9"), runs of letters ("triệu", "tr" in
 * "2tr5") and single marks ("-", "/", "%"). Letters and digits split apart: "12hộ" is "12" "hộ".
 */
export function wordsOf(input: string): Word[] {
  return [...input.matchAll(/\d(?:[\d.,]*\d)?|\p{L}+|\S/gu)].map((m) => {
    const raw = m[0].toLowerCase();
    return { raw, folded: foldWord(raw), at: m.index };
  });
}

function foldWord(raw: string): string {
  return raw.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
}

/**
 * How a parser read the words of a reply: the value and how many words from the start it used,
 * or a refusal. `at` marks the first word the parser did not know at all.
 */
export type Reading<T> = { value: T; used: number } | { reason: string; at?: number };

/**
 * Words that make a number an estimate or a range ("khoảng 5", "vài", "mấy chục", "hơn 10",
 * "5 hay 6", "từ 5 đến 6"). Those that fold to a number word ("tầm"/"tám", "độ"/"đó", "lắm"/"lăm")
 * count only as typed with diacritics; the others also without.
 */
const VAGUE_TYPED = new Set(["tầm", "độ", "cỡ", "lắm"]);
const VAGUE_FOLDED = new Set([
  "khoang", "chung", "gan", "hon", "tren", "duoi", "ngoai", "vai", "may", "hang", "xap", "xi", "uoc", "tinh",
  "it", "nhat", "toi", "thieu", "hay", "hoac", "den", "nhieu", "tro", "len", "xuong", "du", "non", "gi",
]);
/** Marks between or after numbers that make a range or an estimate: "5-6", "5~6", "10+". */
const VAGUE_MARKS = new Set(["-", "–", "—", "~", "+", "≈", ">", "<", "±"]);

/** Asked only of a reply that was not understood in full, to say why. */
function isVague(words: Word[]): boolean {
  return words.some((w, i) => VAGUE_TYPED.has(w.raw) || VAGUE_FOLDED.has(w.folded) || (VAGUE_MARKS.has(w.raw) && i > 0));
}

/**
 * The one rule every parser keeps: a reply is accepted only when every word of it was understood.
 * `read` reads words from the start and says how many it used; a reply with anything left over is
 * asked again, never read in part. For numbers (`explain`), the re-ask says why: the reply is an
 * estimate or a range ("khoảng 5", "5-6", "vài"), or a word was not understood ("5 kg").
 */
export function readWhole<T>(
  input: string,
  ask: string,
  read: (words: Word[]) => Reading<T>,
  opts: { explain: boolean },
): ParseResult<T> {
  const words = wordsOf(input);
  if (words.length === 0) return fail(`${EMPTY} ${ask}`);
  const r = read(words);
  const stop = "value" in r ? r.used : r.at;
  if ("value" in r && r.used >= words.length) return ok(r.value);
  if (!opts.explain) return fail("reason" in r ? r.reason : ask);
  if (isVague(words)) return fail(`${quote(input)} chưa phải là một con số cụ thể. ${ask}`);
  if (stop !== undefined && stop > 0 && stop < words.length)
    return fail(`Tôi chưa hiểu ${quote(input.slice(words[stop]!.at))} trong câu trả lời. ${ask}`);
  return fail("reason" in r ? r.reason : ask);
}
