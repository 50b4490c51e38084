import type { InboundEvent } from "../channel.js";
import { foldVietnamese } from "../../core/text.js";

/**
 * Zalo Bot Platform updates → the channel-neutral event. Ids are opaque strings (20 hex
 * characters today): they are copied, never read as numbers. Group chat ids get the "g:" prefix
 * that zaloCapabilities.isGroupChat and the sender recognise (a Zalo id does not say it).
 */

export interface ZaloMessage {
  message_id: string;
  /** Milliseconds since the epoch. */
  date?: number;
  from?: { id?: string; display_name?: string; first_name?: string; is_bot?: boolean };
  chat: { id: string; chat_type?: string };
  text?: string;
  /** Live payloads say photo_url, the documentation photo. */
  photo_url?: string;
  photo?: string;
  caption?: string;
  sticker?: string;
}

export interface ZaloUpdate {
  /** Absent in the documented getUpdates sample: then worked out from the message. */
  event_name?: string;
  message?: ZaloMessage;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 128;

/**
 * The update in a webhook body or a getUpdates result: the documented `{ok, result: {...}}` or
 * the flat `{event_name, message}` seen live. Undefined when the body is neither (400), or its
 * message lacks the ids every message has.
 */
export function unwrapZaloUpdate(body: unknown): ZaloUpdate | undefined {
  const update = isObject(body) && isObject(body.result) ? body.result : body;
  if (!isObject(update)) return undefined;
  const { event_name, message } = update;
  if (event_name !== undefined && typeof event_name !== "string") return undefined;
  if (message === undefined) return event_name ? { event_name } : undefined;
  if (!isObject(message) || !isId(message.message_id) || !isObject(message.chat) || !isId(message.chat.id)) return undefined;
  if (message.from !== undefined && (!isObject(message.from) || (message.from.id !== undefined && !isId(message.from.id)))) return undefined;
  return { event_name, message: message as unknown as ZaloMessage };
}

/** The event a message is, by its name or, when the name is missing, by what it carries. */
export function eventNameOf(update: ZaloUpdate): string {
  if (update.event_name) return update.event_name;
  const m = update.message;
  if (typeof m?.text === "string") return "message.text.received";
  if (m?.photo_url || m?.photo) return "message.image.received";
  if (m?.sticker) return "message.sticker.received";
  return "message.unsupported.received";
}

/** "/tonghop 48", "@Bot Phường /dangkynhom", "@Bot đăng ký nhóm": a command anywhere after mentions. */
const COMMAND = /(?:^|\s)\/([A-Za-z0-9_]{1,32})(?:\s+([\s\S]*))?$/;
const COMMAND_AT_START = /^\/([A-Za-z0-9_]{1,32})(?:\s+([\s\S]*))?$/;
const GROUP_REGISTRATION = /\bdang ?ky nhom\b/;

function commandIn(text: string, group: boolean): { name: string; args: string } | undefined {
  const trimmed = text.trim();
  // In a group the bot only sees messages that mention it, so the mention comes first.
  const found = (group ? COMMAND : COMMAND_AT_START).exec(trimmed);
  if (found) return { name: found[1]!.toLowerCase(), args: (found[2] ?? "").trim() };
  if (group && GROUP_REGISTRATION.test(foldVietnamese(trimmed))) return { name: "dangkynhom", args: "" };
  return undefined;
}

/**
 * A Zalo update → the neutral event, or null for what the bot ignores: unknown event names,
 * messages from bots, updates without a message.
 */
export function parseZaloUpdate(update: ZaloUpdate): InboundEvent | null {
  const message = update.message;
  if (!message || message.from?.is_bot) return null;
  const eventName = eventNameOf(update);
  if (!/^message\.[a-z_]+\.received$/.test(eventName)) return null;
  const group = message.chat.chat_type === "GROUP";
  const chat = { id: group ? `g:${message.chat.id}` : message.chat.id, type: group ? ("group" as const) : ("private" as const) };
  // In a private chat the chat id is the user's id.
  const user = { id: message.from?.id ?? message.chat.id, name: message.from?.display_name ?? message.from?.first_name ?? "" };
  const base = { channel: "zalo" as const, updateId: `${eventName}:${message.message_id}`, chat, user };
  if (eventName !== "message.text.received" || typeof message.text !== "string") return { ...base, input: { kind: "unsupported" } };
  const command = commandIn(message.text, group);
  if (command) return { ...base, input: { kind: "command", ...command } };
  return { ...base, input: { kind: "text", text: message.text } };
}
