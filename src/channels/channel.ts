import type { Command, OutboundMessage, UserInput } from "../core/conversation/types.js";

/**
 * The boundary between the product and a messaging platform. An adapter turns a platform
 * update into an InboundEvent and renders OutboundMessages in the platform's best form.
 */

import type { ChannelName } from "./registry.js";

export type { ChannelName };

export interface InboundEvent {
  channel: ChannelName;
  /** The platform's id for this delivery, for processing each update once. */
  updateId?: string;
  chat: { id: string; type: "private" | "group"; title?: string };
  user: { id: string; name: string };
  input: UserInput | Command;
}

/** Where a message goes: "telegram:<chatId>", "zalo:<chatId>". Only the owning adapter decodes it. */
export type Address = string;

export const addressOf = (channel: ChannelName, chatId: string): Address => `${channel}:${chatId}`;

export function parseAddress(address: Address): { channel: ChannelName; chatId: string } {
  const i = address.indexOf(":");
  return { channel: address.slice(0, i) as ChannelName, chatId: address.slice(i + 1) };
}

export interface Outgoing {
  address: Address;
  message: OutboundMessage;
}

/** Sends one message on one platform; throws DeliveryError to say how it failed. */
export type Sender = (item: Outgoing) => Promise<void>;

/**
 * How a send failed, in the platform-neutral terms the outbox acts on:
 * wait and retry (429), give up on this chat (blocked, gone), or retry with backoff.
 */
export type DeliveryFailure =
  | { kind: "retry_after"; seconds: number }
  | { kind: "permanent"; reason: string; unreachable: boolean }
  | { kind: "transient"; reason: string };

export class DeliveryError extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(failure.kind === "retry_after" ? `retry after ${failure.seconds}s` : failure.reason);
    this.name = "DeliveryError";
  }
}
