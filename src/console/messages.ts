import { ApiError, errorText } from "./api/client";

/**
 * The server's refusals as the officer reads them. The API says each problem in Vietnamese,
 * naming the field (`details: [{field, code, message}]`), so the console shows the server's own
 * sentence next to the field; only where a screen knows more (what a conflict means there) does
 * it say it itself.
 */

/** Problems of a refused request by field; `form` holds what belongs to no field. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof ApiError && error.fields.length) return Object.fromEntries(error.fields.map((f) => [f.field, f.message]));
  return { form: problemText(error) };
}

/** A refused request in one Vietnamese sentence, with what the conflict means where the screen knows it. */
export function problemText(error: unknown, conflict?: string): string {
  if (error instanceof ApiError && error.code === "conflict" && conflict) return conflict;
  return errorText(error);
}
