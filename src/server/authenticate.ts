import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Principal } from "../core/access.js";
import { constantTimeEqual } from "../core/crypto.js";
import type { Database } from "../db/types.js";
import type { AdminKeys } from "../services/admin-tokens.js";
import { apiTokenPrincipal } from "../services/api-tokens.js";
import { csrfTokenOf, sessionPrincipal } from "../services/sign-in.js";
import type { AppEnv } from "./env.js";
import { errorBody } from "./errors.js";

/**
 * Who is calling: a bearer token (the owner's, or an API token), or the console's session
 * cookie. Writes by cookie carry the session's CSRF token in `X-CSRF-Token`, which a page of
 * another site cannot read, so a forged form or fetch cannot act with the cookie.
 */

export const SESSION_COOKIE = "wardbot_session";
export const CSRF_HEADER = "x-csrf-token";

export const sessionCookieOptions = (publicUrl: string | undefined, expires: Date) => ({
  path: "/",
  httpOnly: true,
  secure: !!publicUrl?.startsWith("https:"),
  sameSite: "Lax" as const,
  expires,
});

export function setSessionCookie(c: Context, publicUrl: string | undefined, secret: string, expires: Date) {
  setCookie(c, SESSION_COOKIE, secret, sessionCookieOptions(publicUrl, expires));
}

const SAFE_METHODS = ["GET", "HEAD", "OPTIONS"];

const unauthorized = (c: Context, message: string) =>
  c.json(errorBody("unauthorized", message), 401, { "WWW-Authenticate": 'Bearer realm="wardbot"' });

export function authenticate(deps: { db: Database; adminKeys: AdminKeys; now: () => Date; publicUrl?: string }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    let principal: Principal | null = null;
    if (header !== undefined) {
      const presented = /^Bearer +([^\s]+) *$/i.exec(header)?.[1];
      if (presented) {
        const owner = await deps.adminKeys.verify(presented);
        principal = owner ? { kind: "owner", actor: owner } : await apiTokenPrincipal(deps.db, presented, deps.now());
      }
      if (!principal)
        return unauthorized(c, presented ? "Mã truy cập không hợp lệ (không đúng, đã bị thu hồi hoặc đã hết hạn). Xin đăng nhập lại." : "Xin gửi mã truy cập dạng 'Authorization: Bearer <mã>'.");
    } else {
      const secret = getCookie(c, SESSION_COOKIE);
      if (!secret) return unauthorized(c, "Xin đăng nhập trước (hoặc gửi mã truy cập dạng 'Authorization: Bearer <mã>').");
      const check = await sessionPrincipal(deps.db, secret, deps.now());
      if (!check) {
        deleteCookie(c, SESSION_COOKIE, { path: "/" });
        return unauthorized(c, "Phiên đăng nhập đã hết hạn hoặc không còn hiệu lực. Xin đăng nhập lại.");
      }
      if (!SAFE_METHODS.includes(c.req.method) && !constantTimeEqual(c.req.header(CSRF_HEADER) ?? "", await csrfTokenOf(secret)))
        return c.json(errorBody("forbidden", "Yêu cầu thay đổi thiếu mã chống giả mạo (tiêu đề X-CSRF-Token, nhận khi đăng nhập hoặc từ GET /api/v1/auth/me). Xin tải lại trang rồi thử lại."), 403);
      if (check.renewedUntil) setSessionCookie(c, deps.publicUrl, secret, check.renewedUntil);
      c.set("sessionSecret", secret);
      principal = check.principal;
    }
    c.set("principal", principal);
    await next();
  };
}
