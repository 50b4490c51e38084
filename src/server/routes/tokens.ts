import { createRoute, z } from "@hono/zod-openapi";
import { STAFF_ROLES } from "../../core/access.js";
import { createApiToken, listApiTokens, revokeApiToken } from "../../services/api-tokens.js";
import { listAudit } from "../../services/audit-log.js";
import { PageQuery, paged, pagedJson } from "../pagination.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { id, name } from "../schemas.js";

const TokenCreate = z
  .object({
    name: name(120).openapi({ example: "Đồng bộ với phần mềm một cửa" }),
    unitId: id.openapi({ description: "the ward/commune or province the token acts within (inside your own scope)" }),
    role: z.enum(STAFF_ROLES).openapi({ description: "admin: everything in the scope; chair: read, plus nudge, summary and absences" }),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ example: "2027-01-01T00:00:00+07:00" }),
  })
  .strict()
  .openapi("TokenCreate");
const NewToken = z
  .object({
    id, token: z.string().openapi({ description: "shown this once; send as `Authorization: Bearer <token>`" }),
    name: z.string(), unitId: z.string(), role: z.enum(STAFF_ROLES), expiresAt: z.string().nullable(), createdAt: z.string(),
  })
  .openapi("NewToken");
const Token = z
  .object({
    id, name: z.string(), unitId: z.string(), role: z.enum(STAFF_ROLES), expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().openapi({ description: "to the minute" }), revokedAt: z.string().nullable(),
    createdBy: z.string(), createdAt: z.string(),
  })
  .openapi("Token");
const TokenParams = z.object({ tokenId: id.openapi({ param: { name: "tokenId", in: "path" } }) });
const AuditEntry = z
  .object({
    id, at: z.string(),
    actor: z.string().openapi({ description: "admin:<fingerprint> (the owner token), token:<id>, member:<id> (a signed-in person), or the chat/scheduler" }),
    action: z.string().openapi({ example: "member.update" }), entity: z.string(), entityId: z.string(), wardId: z.string().nullable(),
    before: z.unknown().openapi({ description: "the changed values before, where recorded" }),
    after: z.unknown().openapi({ description: "the changed values after, where recorded" }),
    details: z.unknown(),
  })
  .openapi("AuditEntry");

export const tokenRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/tokens", tags: ["Tokens"], security: SECURED,
      summary: "Make an API token for an integration or a script, within your own scope",
      description: "Only its SHA-256 is stored: the token is in this answer and nowhere else.",
      request: { body: jsonBody(TokenCreate) },
      responses: { 201: json(NewToken, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createApiToken(c.var.services, c.var.principal, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/tokens", tags: ["Tokens"], security: SECURED, summary: "API tokens within your scope, newest first (never the tokens themselves)",
      request: { query: z.object(PageQuery) },
      responses: { 200: pagedJson(Token), ...ERRORS },
    }),
    async (c) => paged(c, await listApiTokens(c.var.services, c.var.principal, c.req.valid("query"))),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/tokens/{tokenId}", tags: ["Tokens"], security: SECURED, summary: "Revoke a token: refused from the next request on",
      request: { params: TokenParams },
      responses: { 200: json(Token, "Revoked"), ...ERRORS },
    }),
    async (c) => c.json(await revokeApiToken(c.var.services, c.req.valid("param").tokenId), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/audit", tags: ["Audit"], security: SECURED,
      summary: "Who changed what and when, newest first, within your scope",
      request: {
        query: z.object({
          ...PageQuery,
          unitId: z.string().optional().openapi({ description: "a ward, a province (its wards) or a group (its ward)" }),
          actor: z.string().optional().openapi({ description: "e.g. member:<id> or token:<id>" }),
          from: z.string().optional().openapi({ description: "from this instant or date (inclusive)" }),
          to: z.string().optional().openapi({ description: "up to this instant or date (inclusive)" }),
        }),
      },
      responses: { 200: pagedJson(AuditEntry), ...ERRORS },
    }),
    async (c) => paged(c, await listAudit(c.var.services, c.var.principal, c.req.valid("query"))),
  );
