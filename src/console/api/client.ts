import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { session } from "../session";

/**
 * The one way the console reaches the server: the documented /api/v1, typed from the OpenAPI
 * document the server itself produces (schema.d.ts is generated at build), so a screen that asks
 * for a field the API does not have does not compile.
 */
export const api = createClient<paths>({ baseUrl: "" });

/**
 * The credentials of every request: the owner's bearer token, or (signed in by code) the session
 * cookie, which the browser sends itself, with the CSRF token on every change.
 */
const credentials: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set("authorization", `Bearer ${token}`);
    const csrf = session.csrf();
    if (csrf && !["GET", "HEAD"].includes(request.method)) request.headers.set("x-csrf-token", csrf);
    return request;
  },
  onResponse({ request, response }) {
    // A token or session that stops working (revoked, expired) sends the officer back to sign in;
    // a sign-in attempt's own refusal does not.
    if (response.status === 401 && !new URL(request.url).pathname.startsWith("/api/v1/auth/")) session.signOut();
    return response;
  },
};
api.use(credentials);

/** The API's error shape: {error: {code, message, details?}}. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** What to say when the server gave no message of its own (it always does; a proxy might not). */
const FALLBACK: Record<string, string> = {
  unauthorized: "Mã quản trị không đúng hoặc đã hết hiệu lực. Xin đăng nhập lại.",
  forbidden: "Bạn không có quyền làm việc này.",
  rate_limited: "Đã thử quá nhiều lần. Xin đợi ít phút rồi thử lại.",
  not_found: "Không tìm thấy dữ liệu (có thể đã bị xoá).",
  conflict: "Dữ liệu đã có hoặc đang xung đột với thay đổi khác.",
  invalid_input: "Thông tin chưa hợp lệ, xin kiểm tra lại.",
  internal: "Máy chủ gặp lỗi. Xin thử lại sau ít phút.",
};

/** An API failure: the server's own Vietnamese sentence (the API speaks to officers), its codes kept. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly details: unknown,
  ) {
    super(serverMessage || FALLBACK[code] || `Yêu cầu không thành công (mã ${status}).`);
  }

  /** Per-field problems of a 400, as `{ field, code, message }` (the message in Vietnamese). */
  get fields(): { field: string; code: string; message: string }[] {
    return Array.isArray(this.details)
      ? (this.details as { field?: string; code?: string; message?: string }[])
          .filter((d) => d.field)
          .map((d) => ({ field: d.field!, code: d.code ?? "invalid_value", message: d.message ?? "" }))
      : [];
  }
}

/** The data of an openapi-fetch result, or an ApiError (network failures become one too). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, "network", "", undefined);
  }
  if (result.response.ok) return result.data as T;
  const body = result.error as Partial<ApiErrorBody> | undefined;
  throw new ApiError(result.response.status, body?.error?.code ?? "internal", body?.error?.message ?? "", body?.error?.details);
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.code === "network" ? "Không kết nối được máy chủ. Xin kiểm tra mạng và thử lại." : error.message;
  return "Đã có lỗi bất ngờ. Xin tải lại trang.";
}
