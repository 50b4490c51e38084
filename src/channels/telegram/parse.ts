import type { Update } from "grammy/types";
import type { InboundEvent } from "../channel.js";

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;

function displayName(user: { first_name: string; last_name?: string }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ");
}

/**
 * A Telegram update → the channel-neutral event, or null for updates the bot ignores
 * (edits, channel posts, commands addressed to another bot, service messages without a sender).
 */
export function parseTelegramUpdate(update: Update, botUsername?: string): InboundEvent | null {
  const updateId = String(update.update_id);
  if (update.callback_query) {
    const cq = update.callback_query;
    const chat = cq.message?.chat;
    if (!chat || cq.data === undefined) return null;
    return {
      channel: "telegram",
      updateId,
      chat: { id: String(chat.id), type: chat.type === "private" ? "private" : "group" },
      user: { id: String(cq.from.id), name: displayName(cq.from) },
      input: { kind: "choice", value: cq.data },
    };
  }
  const message = update.message;
  if (!message?.from || message.from.is_bot) return null;
  const chat = {
    id: String(message.chat.id),
    type: message.chat.type === "private" ? ("private" as const) : ("group" as const),
    title: "title" in message.chat ? message.chat.title : undefined,
  };
  const user = { id: String(message.from.id), name: displayName(message.from) };
  if (typeof message.text !== "string") return { channel: "telegram", updateId, chat, user, input: { kind: "unsupported" } };
  const command = COMMAND.exec(message.text.trim());
  if (command) {
    const [, name, target, args] = command;
    if (target && botUsername && target.toLowerCase() !== botUsername.toLowerCase()) return null;
    return { channel: "telegram", updateId, chat, user, input: { kind: "command", name: name!.toLowerCase(), args: args ?? "" } };
  }
  return { channel: "telegram", updateId, chat, user, input: { kind: "text", text: message.text } };
}
