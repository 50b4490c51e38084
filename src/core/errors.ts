/** The closed set of failures the app reports, each with its HTTP status. */
export const ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** Well-formed but unusable: an Idempotency-Key reused with another request. */
  unprocessable: 422,
  /** The request body is larger than the route takes (the message says the limit). */
  payload_too_large: 413,
  /** A JSON route sent another content type. */
  unsupported_media_type: 415,
  /** Too many attempts (sign-in codes): try again later. */
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string, id: string) => new AppError("not_found", `${what} ${id} was not found`);

export const invalidFields = (problems: FieldProblem[]) =>
  new AppError(
    "invalid_input",
    `Invalid input: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
    problems,
  );
