import { createRoute, z } from "@hono/zod-openapi";
import { deleteZaloOa, getZaloOa, putZaloOa } from "../../services/zalo-oa/connections.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { WardParams } from "../schemas.js";

const tags = ["Zalo OA"];

const zaloId = (what: string) =>
  z.string().trim().regex(/^\d{1,32}$/, `${what} chưa đúng: chỉ gồm chữ số, chép đúng như Zalo hiển thị.`).openapi({ example: "388613280878808645" });

const ZaloOaPut = z
  .object({
    appId: zaloId("Mã ứng dụng (app id)"),
    oaId: zaloId("Mã Official Account"),
    secretKey: z.string().trim().min(1).max(256).openapi({ description: "The app's secret key (Zalo for Developers). Stored encrypted, never returned." }),
    refreshToken: z.string().trim().min(1).max(2048).openapi({ description: "A refresh token of the OA. Single-use: it is spent at once, and the rotated one stored." }),
    signatureFirstId: z.enum(["app_id", "oa_id"]).optional().openapi({ description: "Which id starts the signed string of X-ZEvent-Signature (default app_id)." }),
  })
  .strict()
  .openapi("ZaloOaPut");

const ZaloOaStatus = z
  .object({
    wardId: z.string(),
    appId: z.string().nullable(),
    oaId: z.string().nullable(),
    signatureFirstId: z.enum(["app_id", "oa_id"]),
    connected: z.boolean().openapi({ description: "false when Zalo refused the refresh token: connect again with a new one" }),
    status: z.enum(["connected", "refresh_failed", "not_connected"]),
    accessTokenExpiresAt: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: "Why the last token refresh failed, in Vietnamese" }),
    lastErrorAt: z.string().nullable(),
    webhookPath: z.string().openapi({ description: "Set PUBLIC_URL + this as the OA's webhook in Zalo for Developers" }),
  })
  .openapi("ZaloOaStatus");

/** A ward's own Zalo Official Account: connect, read the status, disconnect. */
export const zaloOaRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/zalo-oa", tags, security: SECURED,
      summary: "The ward's Zalo OA connection: connected, token expiry, last error (never a secret)",
      request: { params: WardParams },
      responses: { 200: json(ZaloOaStatus), ...ERRORS },
    }),
    async (c) => c.json(await getZaloOa(c.var.services, c.req.valid("param").wardId), 200),
  )
  .openapi(
    createRoute({
      method: "put", path: "/wards/{wardId}/zalo-oa", tags, security: SECURED,
      summary: "Connect (or reconnect) the ward's Zalo Official Account",
      description:
        "Stores the ids and, encrypted, the secret key and refresh token, then spends the refresh token for a first access token: the answer says whether Zalo accepted it (connected) or why not (lastError).",
      request: { params: WardParams, body: jsonBody(ZaloOaPut) },
      responses: { 200: json(ZaloOaStatus), ...ERRORS },
    }),
    async (c) => c.json(await putZaloOa(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/wards/{wardId}/zalo-oa", tags, security: SECURED,
      summary: "Disconnect the ward's Zalo OA (its secret and tokens are deleted)",
      request: { params: WardParams },
      responses: { 204: { description: "Disconnected" }, ...ERRORS },
    }),
    async (c) => {
      await deleteZaloOa(c.var.services, c.req.valid("param").wardId);
      return c.body(null, 204);
    },
  );
