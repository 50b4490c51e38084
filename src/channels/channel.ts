import type { Command, OutboundMessage, UserInput } from "../core/conversation/types.js";

/**
 * The boundary between the product and a messaging platform. An adapter turns a platform
 * update into an InboundEvent and renders OutboundMessages in the platform's best form.
 */

export type ChannelName = "telegram" | "zalo";

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

/**
 * Every message the bot sends goes through this one port, so delivery can later become
 * durable and rate-limited without touching the flows.
 */
export interface OutboundPort {
  send(items: Outgoing[]): Promise<void>;
}

/** Sends each item with the adapter of its channel. */
export function routeOutbound(adapters: Partial<Record<ChannelName, (item: Outgoing) => Promise<void>>>, onError: (e: unknown, item: Outgoing) => void): OutboundPort {
  return {
    async send(items) {
      // In order: messages to one chat must arrive in the order they were written.
      for (const item of items) {
        const send = adapters[parseAddress(item.address).channel];
        if (!send) continue;
        try {
          await send(item);
        } catch (error) {
          onError(error, item);
        }
      }
    },
  };
}
