import { addressOf } from "../../channels/channel.js";
import { parseWebMessage, type WebMessage } from "../../channels/web/parse.js";
import { WEB_CHANNEL } from "../../channels/web/capabilities.js";
import { webBubbles } from "../../channels/web/render.js";
import type { OutboundMessage } from "../../core/conversation/types.js";
import { notFound } from "../../core/errors.js";
import { jsonColumn } from "../../db/sql.js";
import { handleInbound } from "../chat/handle-inbound.js";
import type { ServiceContext } from "../context.js";

/** Messages read at a time by the console's poll. */
const PAGE = 100;

async function requireSession(ctx: ServiceContext, sessionId: string) {
  if (!(await ctx.db.simulatorSession.findUnique({ where: { id: sessionId }, select: { id: true } }))) throw notFound("simulator session", sessionId);
}

/**
 * The admin's message in a session: handled by the conversation engine exactly as a message
 * from Telegram or Zalo is (handleInbound), the replies queued in the outbox with the turn.
 */
export async function postMessage(ctx: ServiceContext, sessionId: string, message: WebMessage) {
  await requireSession(ctx, sessionId);
  await handleInbound(ctx, parseWebMessage(sessionId, message));
}

/**
 * The bot's messages to the session after the one with id `cursor` (all of them without), oldest
 * first, as the web chat shows them (channels/web/render.ts): the outbox rows addressed to its chat, whatever their delivery status (the web sender
 * only marks them delivered). Ids increase in queueing order (db/ids.ts), so an id is the cursor.
 */
export async function readMessages(ctx: ServiceContext, sessionId: string, cursor?: string) {
  await requireSession(ctx, sessionId);
  // A bubble of a long message carries "<row id>.<n>": its row is the cursor.
  const after = cursor?.split(".")[0];
  const rows = await ctx.db.outboxMessage.findMany({
    where: { address: addressOf(WEB_CHANNEL, sessionId), ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take: PAGE,
    select: { id: true, payload: true, createdAt: true },
  });
  return rows.flatMap((r) => webBubbles(r.id, jsonColumn<OutboundMessage>(r.payload)).map((bubble) => ({ ...bubble, at: r.createdAt.toISOString() })));
}
