import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie } from "hono/cookie";
import { STAFF_ROLES } from "../../core/access.js";
import { csrfTokenOf, endSession, endSessionsOf, requestSignIn, staffGrants, verifySignIn, whoAmI } from "../../services/sign-in.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { MemberParams } from "../schemas.js";
import { ErrorSchema } from "../schemas.js";
import { SESSION_COOKIE, setSessionCookie } from "../authenticate.js";

const tags = ["Sign-in"];

/**
 * The caller's network address, for counting sign-in attempts: the address Cloudflare saw, else
 * the one the nearest proxy appended to X-Forwarded-For (earlier entries are the client's word).
 */
export function clientIp(c: Context): string {
  return c.req.header("cf-connecting-ip") ?? c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim() ?? "direct";
}

const Phone = z.string().trim().min(1).max(40).openapi({ example: "0912 345 678", description: "any Vietnamese format" });
const Grant = z.object({ unitId: z.string(), role: z.enum(STAFF_ROLES) });
const Me = z
  .object({
    kind: z.enum(["owner", "token", "person"]),
    name: z.string().nullable(),
    memberId: z.string().nullable(),
    grants: z.array(Grant).openapi({ description: "the units (wards, provinces) and roles acted within; empty for the owner, who acts everywhere" }),
    csrfToken: z.string().nullable().openapi({ description: "send as X-CSRF-Token with every change made with the session cookie" }),
  })
  .openapi("Me");
const RATE_LIMITED = { 429: json(ErrorSchema, "Too many attempts: from this network, or 5 wrong codes for the number (locked 15 minutes)") };

/** Sign-in and verify: without credentials, mounted before the authentication. */
export const publicAuthRoutes = (publicUrl: string | undefined) =>
  apiRouter()
    .openapi(
      createRoute({
        method: "post", path: "/auth/sign-in", tags,
        summary: "Send a one-time sign-in code to a staff member's chat with the bot",
        description:
          "Staff are members with the role admin or chair (of a ward, or admins of a province) who are bound on Telegram or Zalo. " +
          "The 6-digit code goes to the chat that reaches them (on Telegram with a one-tap link to the console when PUBLIC_URL is set) " +
          "and works once, for 5 minutes. The answer is the same whether or not the number belongs to anyone.",
        request: { body: jsonBody(z.object({ phone: Phone }).strict()) },
        responses: { 202: json(z.object({ message: z.string() }), "Accepted (whether or not a code was sent)"), 400: ERRORS[400], ...RATE_LIMITED },
      }),
      async (c) => c.json(await requestSignIn(c.var.services, c.req.valid("json"), clientIp(c)), 202),
    )
    .openapi(
      createRoute({
        method: "post", path: "/auth/verify", tags,
        summary: "Exchange the code for a session cookie",
        description:
          "Sets an httpOnly cookie (SameSite=Lax; Secure when PUBLIC_URL is https) that lasts 12 hours from its last use, 7 days at most. " +
          "Changes made with it need the returned `csrfToken` in the X-CSRF-Token header.",
        request: { body: jsonBody(z.object({ phone: Phone, code: z.string().trim().regex(/^\d{6}$/, "Mã đăng nhập gồm 6 chữ số, xin nhập lại.") }).strict()) },
        responses: { 200: json(Me, "Signed in"), 400: ERRORS[400], ...RATE_LIMITED },
      }),
      async (c) => {
        const session = await verifySignIn(c.var.services, c.req.valid("json"), clientIp(c));
        setSessionCookie(c, publicUrl, session.secret, session.expiresAt);
        const grants = await staffGrants(c.var.services.db, session.memberId);
        const me = await whoAmI(c.var.services.db, { kind: "person", actor: "", memberId: session.memberId, sessionId: "", grants });
        return c.json({ ...me, csrfToken: await csrfTokenOf(session.secret) }, 200);
      },
    );

/** Who is signed in, signing out, and ending someone's sessions: behind the authentication. */
export const authRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "get", path: "/auth/me", tags, security: SECURED, summary: "Who is signed in, their scope, and the session's CSRF token",
      responses: { 200: json(Me), ...ERRORS },
    }),
    async (c) => {
      const secret = c.var.sessionSecret;
      return c.json({ ...(await whoAmI(c.var.services.db, c.var.principal)), csrfToken: secret ? await csrfTokenOf(secret) : null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post", path: "/auth/sign-out", tags, security: SECURED, summary: "End this session (nothing to do for a token)",
      responses: { 204: { description: "Signed out" }, ...ERRORS },
    }),
    async (c) => {
      const principal = c.var.principal;
      if (principal.kind === "person") await endSession(c.var.services, principal.sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "delete", path: "/members/{memberId}/sessions", tags, security: SECURED,
      summary: "Sign a person out everywhere (e.g. a lost phone)", description: "Audited as session.end_all.",
      request: { params: MemberParams },
      responses: { 200: json(z.object({ memberId: z.string(), ended: z.number().int() })), ...ERRORS },
    }),
    async (c) => c.json(await endSessionsOf(c.var.services, c.req.valid("param").memberId), 200),
  );
