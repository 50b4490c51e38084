import type { ErrorCode } from "../core/errors.js";

/** The one JSON error shape of every HTTP answer: {error: {code, message, details?}}. */
export const errorBody = (code: ErrorCode, message: string, details?: unknown) => ({
  error: { code, message, ...(details === undefined ? {} : { details }) },
});
