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
  /**
   * Set by a channel that belongs to one ward (that ward's own Zalo Official Account): only that
   * ward's people bind there, so one ward's messages never go out through another's account.
   */
  wardId?: string;
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

/** What a successful send reports besides success. */
export interface SendOutcome {
  /** The platform refused the message's picture for good (why, without personal data); the text went. */
  photoRefused?: string;
}

/** Sends one message on one platform; throws DeliveryError to say how it failed. */
export type Sender = (item: Outgoing) => Promise<void | SendOutcome>;

/**
 * Sends a message's picture, then its text, for every adapter alike: the words never wait on
 * the picture. A picture the platform refuses for good (a group that forbids media, a file it
 * does not take) is dropped and reported, and the text goes all the same, so whether the chat is
 * reachable is decided by the text alone. A picture's transient failure or rate limit fails the
 * whole message, which the outbox retries, picture included.
 */
export async function sendPictureThenText(
  sendPicture: (() => Promise<unknown>) | undefined,
  sendText: () => Promise<void>,
  asDeliveryError: (error: unknown) => DeliveryError,
): Promise<SendOutcome> {
  let photoRefused: string | undefined;
  if (sendPicture)
    try {
      await sendPicture();
    } catch (error) {
      const { failure } = asDeliveryError(error);
      if (failure.kind !== "permanent") throw new DeliveryError(failure);
      photoRefused = failure.reason;
    }
  try {
    await sendText();
  } catch (error) {
    throw asDeliveryError(error);
  }
  return photoRefused ? { photoRefused } : {};
}

/**
 * How a send failed, in the platform-neutral terms the outbox acts on:
 * wait and retry (429), give up on this chat (blocked, gone), or retry with backoff.
 */
export type DeliveryFailure =
  /**
   * Try again in `seconds`, not counting as an attempt. The whole channel waits (a rate limit),
   * unless `scope` is "chat": then only this chat's messages wait (one ward's OA whose token was
   * refused must not hold back the others'). `reason`: what admins read meanwhile.
   */
  | { kind: "retry_after"; seconds: number; reason?: string; scope?: "channel" | "chat" }
  | { kind: "permanent"; reason: string; unreachable: boolean }
  | { kind: "transient"; reason: string };

export class DeliveryError extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(failure.kind === "retry_after" ? `retry after ${failure.seconds}s` : failure.reason);
    this.name = "DeliveryError";
  }
}
