import type { ChannelName, InboundEvent } from "../../src/channels/channel.js";
import type { Choice } from "../../src/core/conversation/types.js";
import { createLogger } from "../../src/core/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";
import type { TestApp } from "./app.js";

/**
 * Drives the chat services as a Telegram (or, with `channel`, Zalo) user would, through the real database. What the bot
 * would send is recorded instead of going to a platform (the emulator tests cover that part).
 */
export function chatHarness(t: TestApp, now: () => Date = () => new Date()) {
  const { sent } = t.delivery;
  let updateId = 1000;
  const ctx: ServiceContext = {
    db: t.db,
    now,
    log: createLogger("silent"),
    actor: "chat",
    defaultTimezone: "Asia/Ho_Chi_Minh",
    delivery: t.delivery,
  };

  function user(userId: string, chat: { id?: string; type?: "private" | "group"; title?: string; channel?: ChannelName; wardId?: string } = {}) {
    const channel = chat.channel ?? "telegram";
    const event = (input: InboundEvent["input"], id = String(updateId++)): InboundEvent => ({
      channel,
      updateId: id,
      chat: { id: chat.id ?? userId, type: chat.type ?? "private", title: chat.title },
      user: { id: userId, name: "Người dùng thử" },
      input,
      ...(chat.wardId ? { wardId: chat.wardId } : {}),
    });
    const deliver = async (input: InboundEvent["input"]) => {
      const from = sent.length;
      await handleInbound(ctx, event(input));
      await t.delivery.settle();
      return sent.slice(from).filter((o) => o.address === `${channel}:${chat.id ?? userId}`).map((o) => o.message);
    };
    return {
      /** Sends text; returns the texts of the bot's replies to this chat. */
      say: async (text: string) => (await deliver({ kind: "text", text })).map((m) => m.text),
      command: async (name: string, args = "") => (await deliver({ kind: "command", name, args })).map((m) => m.text),
      press: async (value: string) => (await deliver({ kind: "choice", value })).map((m) => m.text),
      sticker: async () => (await deliver({ kind: "unsupported" })).map((m) => m.text),
      /** Delivers the same update twice (a webhook redelivery). */
      duplicate: async (text: string) => {
        const e = event({ kind: "text", text }, "dup-" + updateId++);
        const from = sent.length;
        await handleInbound(ctx, e);
        await handleInbound(ctx, e);
        await t.delivery.settle();
        return sent.slice(from).map((o) => o.message.text);
      },
      lastChoices: (): Choice[] =>
        [...sent].reverse().find((o) => o.address === `${channel}:${chat.id ?? userId}` && o.message.choices)?.message.choices ?? [],
    };
  }
  return { ctx, sent, user };
}
