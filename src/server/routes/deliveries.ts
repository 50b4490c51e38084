import { createRoute, z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES, listDeliveries } from "../../services/deliveries.js";
import { RETRYABLE_STATUSES, retryDelivery, retryWardDeliveries } from "../../services/delivery-retry.js";
import { channelStatuses } from "../../services/channel-status.js";
import { WardParams } from "../schemas.js";
import { CHANNEL_NAMES, type ChannelName } from "../../channels/registry.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { PageQuery, paged, pagedJson } from "../pagination.js";

const Delivery = z
  .object({
    id: z.string(),
    channel: z.string(),
    chatId: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable().openapi({ description: "The platform's own words (for integrators and support)" }),
    reasonText: z.string().nullable().openapi({ description: "Why it did not go and what to do, in plain Vietnamese for the ward office", example: "Người nhận đã chặn bot. Xin gọi điện nhờ họ bỏ chặn rồi gửi lại giấy mời kết nối." }),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    member: z.object({ id: z.string(), name: z.string(), wardId: z.string(), unreachable: z.boolean() }).nullable(),
  })
  .openapi("Delivery");

const DeliveryParams = z.object({ deliveryId: z.string().min(1).openapi({ param: { name: "deliveryId", in: "path" } }) });

const DeliveryRetried = z
  .object({
    id: z.string(),
    status: z.literal("pending"),
    previousStatus: z.string(),
    reasonText: z.string().nullable().openapi({ description: "why it had not gone (plain Vietnamese)" }),
  })
  .openapi("DeliveryRetried");

const WardRetry = z
  .object({
    status: z.enum(RETRYABLE_STATUSES).optional().openapi({ description: "only these; both failed and dead when absent" }),
    channel: z.enum([...CHANNEL_NAMES, "webhook"]).optional(),
  })
  .strict()
  .openapi("WardDeliveriesRetry");

const ChannelStatus = z
  .object({
    channel: z.enum(CHANNEL_NAMES as [ChannelName, ...ChannelName[]]),
    label: z.string().openapi({ example: "Telegram" }),
    connectedPer: z.enum(["server", "ward"]).openapi({ description: "server: one bot for every ward (server configuration); ward: the ward's own account (Zalo OA)" }),
    connected: z.boolean(),
    mode: z.enum(["webhook", "polling"]).nullable().openapi({ description: "how updates arrive; null when not connected" }),
    account: z.string().nullable().openapi({ description: "the bot's username (@…), the Zalo bot's name or the OA id", example: "@phuong_ngoc_lam_bot" }),
    down: z.boolean().openapi({ description: "several failures in a row: sending is paused and tried again by itself" }),
    pausedUntil: z.string().nullable(),
    lastError: z
      .object({ reason: z.string(), reasonText: z.string(), at: z.string() })
      .nullable()
      .openapi({ description: "the newest of: the ward's last refused message, the channel's last transient failure, the OA's last token failure" }),
    queue: z.object({ pending: z.number().int(), failed: z.number().int(), dead: z.number().int() }).openapi({ description: "the ward's messages on this channel" }),
    statusText: z.string().openapi({ description: "the state in one Vietnamese sentence" }),
  })
  .openapi("ChannelStatus");

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
)
  .openapi(
    createRoute({
      method: "post", path: "/deliveries/{deliveryId}/retry", tags: ["Deliveries"], security: SECURED,
      summary: "Send a message that did not go (failed or dead) again, from its first attempt",
      description:
        "One guarded batch: the message goes back to pending only if it is still failed or dead (409 otherwise: sent, already waiting, or waiting for a channel this server has not connected, which goes by itself once connected); the person's account is no longer marked unreachable; audited. The delivery loop is woken.",
      request: { params: DeliveryParams },
      responses: { 200: json(DeliveryRetried), ...ERRORS },
    }),
    async (c) => c.json(await retryDelivery(c.var.services, c.req.valid("param").deliveryId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/deliveries/retry", tags: ["Deliveries"], security: SECURED,
      summary: "Send again every message of the ward that did not go (failed and dead, or those asked for)",
      request: { params: WardParams, body: { required: false, content: { "application/json": { schema: WardRetry } } } },
      responses: { 200: json(z.object({ retried: z.number().int() }).openapi("DeliveriesRetried")), ...ERRORS },
    }),
    async (c) => c.json(await retryWardDeliveries(c.var.services, c.req.valid("param").wardId, c.req.valid("json") ?? {}), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/channels", tags: ["Deliveries"], security: SECURED,
      summary: "Each channel as the ward sees it: connected or not, webhook or polling, the bot's account, the last error and when, the ward's queue (no secrets)",
      request: { params: WardParams },
      responses: { 200: json(z.array(ChannelStatus)), ...ERRORS },
    }),
    async (c) => c.json(await channelStatuses(c.var.services, c.req.valid("param").wardId), 200),
  );
