import type { InboundEvent } from "../channel.js";
import { WEB_CHANNEL } from "./capabilities.js";

/** What the console posts for one message of a simulator session: text typed, or a button pressed. */
export interface WebMessage {
  text?: string;
  choice?: string;
  id?: string;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:\s+([\s\S]*))?$/;

/**
 * A console message → the neutral event of the session's chat: a typed "/baocao" is a command
 * (as on Zalo, which has no command menu either), a pressed button its value. The client's
 * message id, when given, makes a retried POST count once (as a platform's update id does).
 */
export function parseWebMessage(sessionId: string, message: WebMessage): InboundEvent {
  const base = {
    channel: WEB_CHANNEL,
    updateId: message.id ? `${sessionId}:${message.id}` : undefined,
    chat: { id: sessionId, type: "private" as const },
    user: { id: sessionId, name: "" },
  };
  if (message.choice !== undefined) return { ...base, input: { kind: "choice", value: message.choice } };
  const text = message.text ?? "";
  const found = COMMAND.exec(text.trim());
  if (found) return { ...base, input: { kind: "command", name: found[1]!.toLowerCase(), args: (found[2] ?? "").trim() } };
  return { ...base, input: { kind: "text", text } };
}
