import { createRoute, z } from "@hono/zod-openapi";
import { WEBHOOK_EVENT_TYPES } from "../../core/webhook.js";
import { createWebhook, deleteWebhook, listWebhooks } from "../../services/webhooks.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { WardParams, id } from "../schemas.js";

const Webhook = z
  .object({ id, wardId: z.string(), url: z.string(), createdBy: z.string(), createdAt: z.string() })
  .openapi("Webhook");
const NewWebhook = Webhook.extend({
  secret: z.string().openapi({ description: "the signing secret, shown this once: keep it to verify X-Wardbot-Signature" }),
}).openapi("NewWebhook");
const WebhookParams = z.object({ webhookId: id.openapi({ param: { name: "webhookId", in: "path" } }) });

const EVENTS = `Events (${WEBHOOK_EVENT_TYPES.join(", ")}) are POSTed as JSON \`{id, type, occurredAt, wardId, data}\`, signed in the header \`X-Wardbot-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256(secret, t + "." + body)>\`; see README. Retried with backoff on any answer but 2xx; listed in GET /deliveries (channel "webhook").`;

/** A ward's outbound webhooks (services/webhooks.ts). */
export const webhookRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/webhooks", tags: ["Webhooks"], security: SECURED,
      summary: "Register an HTTPS address of the ward's own system to receive signed events",
      description: `${EVENTS} Private and loopback addresses are refused unless the server sets WEBHOOKS_ALLOW_PRIVATE=true.`,
      request: { params: WardParams, body: jsonBody(z.object({ url: z.string().trim().max(2000).openapi({ example: "https://motcua.example.gov.vn/wardbot" }) }).strict()) },
      responses: { 201: json(NewWebhook, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createWebhook(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/webhooks", tags: ["Webhooks"], security: SECURED,
      summary: "The ward's webhooks (never their secrets)",
      request: { params: WardParams },
      responses: { 200: json(z.array(Webhook)), ...ERRORS },
    }),
    async (c) => c.json(await listWebhooks(c.var.services, c.req.valid("param").wardId), 200),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/webhooks/{webhookId}", tags: ["Webhooks"], security: SECURED,
      summary: "Remove a webhook: nothing more is sent to it, events still queued included",
      request: { params: WebhookParams },
      responses: { 200: json(Webhook, "Removed"), ...ERRORS },
    }),
    async (c) => c.json(await deleteWebhook(c.var.services, c.req.valid("param").webhookId), 200),
  );
