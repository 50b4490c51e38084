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

/** Runs a parser so that no input, however odd, can make it throw. */
export function guarded<T>(fallback: string, run: () => ParseResult<T>): ParseResult<T> {
  try {
    return run();
  } catch {
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
