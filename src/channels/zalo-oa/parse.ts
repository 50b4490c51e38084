import type { InboundEvent } from "../channel.js";
import { parseJsonKeepingBigIds } from "./json.js";

/**
 * Zalo OA webhook events → the channel-neutral event. Ids are long numeric strings (beyond
 * 2^53): copied, never read as numbers. A follower's user id is only meaningful for one OA, so
 * the chat id (and the user id) the product sees is "<oaId>:<userId>", which also tells the
 * sender whose OA (whose token) a message goes through.
 */

export interface ZaloOaEvent {
  app_id?: string;
  oa_id?: string;
  event_name: string;
  sender?: { id?: string };
  recipient?: { id?: string };
  follower?: { id?: string };
  user_id_by_app?: string;
  message?: { msg_id?: string; text?: string };
  timestamp?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === "string" && /^[0-9A-Za-z_-]{1,64}$/.test(v);
const idOf = (v: unknown): string | undefined => (typeof v === "number" ? undefined : isId(v) ? v : undefined);

/** The raw body → an event with the fields we read, or undefined when it is not one (400). */
export function readZaloOaEvent(rawBody: string): ZaloOaEvent | undefined {
  let body: unknown;
  try {
    body = parseJsonKeepingBigIds(rawBody);
  } catch {
    return undefined;
  }
  if (!isObject(body) || typeof body.event_name !== "string") return undefined;
  return body as unknown as ZaloOaEvent;
}

/** The OA an event is for: recipient.id on a user's message, oa_id on follow/unfollow. */
export function oaIdOf(event: ZaloOaEvent): string | undefined {
  return event.event_name.startsWith("user_") ? idOf(event.recipient?.id) ?? idOf(event.oa_id) : idOf(event.oa_id) ?? idOf(event.recipient?.id);
}

/** The follower an event is about: the sender of a user's message, the follower of a (un)follow. */
export function followerIdOf(event: ZaloOaEvent): string | undefined {
  return idOf(event.follower?.id) ?? (event.event_name.startsWith("user_") ? idOf(event.sender?.id) : undefined);
}

/** The product's id of a follower of an OA (chat id and user id alike). */
export const oaChatId = (oaId: string, userId: string) => `${oaId}:${userId}`;

/** A chat id back into its OA and follower. */
export function splitOaChatId(chatId: string): { oaId: string; userId: string } {
  const i = chatId.indexOf(":");
  return { oaId: chatId.slice(0, i), userId: chatId.slice(i + 1) };
}

/** What the adapter does with an event. */
export type OaAction =
  | { kind: "turn"; event: InboundEvent }
  | { kind: "unfollow"; chatId: string }
  | { kind: "ignore" };

const COMMAND_AT_START = /^\/([A-Za-z0-9_]{1,32})(?:\s+([\s\S]*))?$/;

/**
 * An OA event → what to do. `user_send_text` is a turn of the conversation; `follow` greets
 * (the help command: how to pair for a stranger, the commands for someone bound); `unfollow`
 * marks the follower unreachable; the other things a follower sends (images, stickers, files,
 * locations…) get the polite text-only re-ask; anything else (the OA's own messages echoed,
 * unknown events) is acknowledged and ignored.
 */
export function zaloOaAction(event: ZaloOaEvent): OaAction {
  const oaId = oaIdOf(event);
  const userId = followerIdOf(event);
  if (!oaId || !userId) return { kind: "ignore" };
  const chatId = oaChatId(oaId, userId);
  const name = event.event_name;
  if (name === "unfollow") return { kind: "unfollow", chatId };
  // Once per event: the message id where there is one, else the event's own name and time.
  const updateId = event.message?.msg_id && isId(event.message.msg_id) ? event.message.msg_id : `${name}:${userId}:${event.timestamp ?? ""}`;
  const base = { channel: "zalo_oa" as const, updateId, chat: { id: chatId, type: "private" as const }, user: { id: chatId, name: "" } };
  if (name === "follow") return { kind: "turn", event: { ...base, input: { kind: "command", name: "trogiup", args: "" } } };
  if (name === "user_send_text") {
    const text = typeof event.message?.text === "string" ? event.message.text : "";
    const command = COMMAND_AT_START.exec(text.trim());
    if (command) return { kind: "turn", event: { ...base, input: { kind: "command", name: command[1]!.toLowerCase(), args: (command[2] ?? "").trim() } } };
    return { kind: "turn", event: { ...base, input: { kind: "text", text } } };
  }
  // user_send_image, user_send_sticker, user_send_gif, user_send_file, user_send_location, …
  if (/^user_send_[a-z_]+$/.test(name) && !name.startsWith("user_send_group")) return { kind: "turn", event: { ...base, input: { kind: "unsupported" } } };
  return { kind: "ignore" };
}
