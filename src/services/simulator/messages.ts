import { addressOf } from "../../channels/channel.js";
import { parseWebMessage, type WebMessage } from "../../channels/web/parse.js";
import { WEB_CHANNEL } from "../../channels/web/capabilities.js";
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
 * The bot's messages to the session after the one with id `after` (all of them without), oldest
 * first: the outbox rows addressed to its chat, whatever their delivery status (the web sender
 * only marks them delivered). Ids increase in queueing order (db/ids.ts), so an id is the cursor.
 */
export async function readMessages(ctx: ServiceContext, sessionId: string, after?: string) {
  await requireSession(ctx, sessionId);
  const rows = await ctx.db.outboxMessage.findMany({
    where: { address: addressOf(WEB_CHANNEL, sessionId), ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take: PAGE,
    select: { id: true, payload: true, createdAt: true },
  });
  return rows.map((r) => {
    const message = jsonColumn<OutboundMessage>(r.payload);
    return { id: r.id, text: message.text, choices: message.choices ?? [], at: r.createdAt.toISOString() };
  });
}
