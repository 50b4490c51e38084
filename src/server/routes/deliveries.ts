import { createRoute, z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES, listDeliveries } from "../../services/deliveries.js";
import { CHANNEL_NAMES } from "../../channels/registry.js";
import { ERRORS, SECURED, apiRouter } from "../route.js";
import { PageQuery, paged, pagedJson } from "../pagination.js";

const Delivery = z
  .object({
    id: z.string(),
    channel: z.string(),
    chatId: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    member: z.object({ id: z.string(), name: z.string(), wardId: z.string(), unreachable: z.boolean() }).nullable(),
  })
  .openapi("Delivery");

export const deliveryRoutes = apiRouter().openapi(
  createRoute({
    method: "get", path: "/deliveries", tags: ["Deliveries"], security: SECURED,
    summary: "Outgoing messages by status: failed (refused for good), dead (gave up after retries), undeliverable (its channel is not configured on this server; sent if it gets configured). lastError says when copies went instead (a Zalo group's summary sent 1:1 to the chairs)",
    description: "Newest first, a page at a time (`limit`, `cursor`; the next page in `X-Next-Cursor` and `Link`).",
    request: {
      query: z.object({
        ...PageQuery,
        status: z.enum(DELIVERY_STATUSES).default("failed"),
        channel: z.enum([...CHANNEL_NAMES, "webhook"]).optional().openapi({ description: "only the messages to chats on this channel (or to the ward's webhooks)" }),
      }),
    },
    responses: { 200: pagedJson(Delivery), ...ERRORS },
  }),
  async (c) => paged(c, await listDeliveries(c.var.services, c.req.valid("query"))),
);
