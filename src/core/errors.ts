/**
 * The failures the app reports, in the words of the people who read them: every message is
 * polite Vietnamese a ward officer understands, and every failure carries stable codes (the
 * kind, and per bad field a field code) that integrators branch on. Messages may be reworded;
 * codes do not change.
 */

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

/** Why one field was refused: a stable code per kind of problem (see README, "Errors"). */
export const FIELD_CODES = [
  /** Missing, or empty where a value is needed. */
  "required",
  /** A text shorter / longer than allowed. */
  "too_short",
  "too_long",
  /** A number, list or date below / above its bounds. */
  "too_small",
  "too_big",
  /** A value of the wrong JSON type (text where a number goes). */
  "invalid_type",
  /** Not one of the allowed values (a role, a kind, a channel). */
  "not_one_of",
  /** Text in the wrong shape (a chat id, a question key, a code). */
  "invalid_format",
  "invalid_phone",
  "invalid_date",
  "invalid_date_time",
  "invalid_duration",
  /** A date or time that must lie ahead, or in an order with another field. */
  "not_in_future",
  "out_of_order",
  /** A field the request does not take. */
  "unknown_field",
  /** An id that names nothing here (not in this ward, or outside the caller's scope). */
  "unknown_reference",
  /** Names something archived: restore it first. */
  "archived",
  /** The same value twice where each must differ. */
  "duplicate",
  /** A channel this server does not send on. */
  "channel_not_configured",
  /** Wrong, used or expired (a sign-in code, an idempotency key). */
  "not_accepted",
  /** Any other rule of the field (the message says which). */
  "invalid_value",
] as const;

export type FieldCode = (typeof FIELD_CODES)[number];

export interface FieldProblem {
  /** Where: a path such as `phone`, `questions.2.options`, `remindAt.0`. */
  field: string;
  code: FieldCode;
  /** In Vietnamese, a whole sentence naming the field. */
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

/** What the API's resources are called in Vietnamese, for "not found" and "changed meanwhile". */
export const THINGS = {
  ward: "phường/xã",
  unit: "đơn vị",
  group: "tổ dân phố",
  member: "người",
  cycle: "kỳ báo cáo",
  report: "báo cáo",
  meeting: "hội nghị",
  destination: "nơi nhận",
  "day off": "ngày nghỉ",
  webhook: "webhook",
  token: "mã truy cập API",
  delivery: "tin nhắn",
  form: "mẫu báo cáo",
  schedule: "lịch",
  "sign-in code": "mã đăng nhập",
  "simulator session": "phiên thử trò chuyện",
} as const;

export type Thing = keyof typeof THINGS;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The same answer for an id that does not exist and one outside the caller's scope. */
export const notFound = (what: Thing, id: string) =>
  new AppError("not_found", `Không tìm thấy ${THINGS[what]} có mã ${id}: mã chưa đúng, đã bị xoá, hoặc không thuộc phạm vi bạn quản lý.`);

/** A guarded batch refused because another request changed the record first. */
export const changedMeanwhile = (what: Thing) =>
  new AppError("conflict", `${capitalized(THINGS[what])} vừa được thay đổi bởi một yêu cầu khác. Xin tải lại rồi thử lại.`);

/** A page cursor the API did not give (core/pagination.ts and services/paging.ts read cursors). */
export const BAD_CURSOR: FieldProblem = {
  field: "cursor",
  code: "invalid_value",
  message: "Mã trang (cursor) không đúng: xin dùng nextCursor của trang trước.",
};

/** A 400 naming each bad field; its message is the fields' messages, one sentence each. */
export const invalidFields = (problems: FieldProblem[]) =>
  new AppError("invalid_input", problems.map((p) => p.message).join(" ") || "Thông tin gửi lên chưa hợp lệ.", problems);
