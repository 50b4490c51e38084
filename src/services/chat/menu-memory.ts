import { matchMenu, menuOf, type Menu } from "../../core/conversation/menu.js";
import type { OutboundMessage } from "../../core/conversation/types.js";
import { capabilitiesOf, isChannelName as isChannel } from "../../channels/registry.js";
import type { Address, ChannelName, InboundEvent, Outgoing } from "../../channels/channel.js";
import { uuidv7 } from "../../db/ids.js";
import type { Write } from "../../db/guard.js";
import type { Database } from "../../db/types.js";
import type { ConversationState } from "./conversation-store.js";

/**
 * The numbered menus of channels without buttons, remembered per person: what was last shown
 * in their private chat decides what a typed "1" or "on dinh" means. Keyed on the channel's
 * capabilities, never its name: a channel with buttons sends presses, not typed numbers.
 */

export const showsNumberedMenus = (channel: ChannelName) => !capabilitiesOf(channel).buttons;

/** A typed reply that names an entry of the last menu shown becomes the press of that entry. */
export function resolveMenuReply(event: InboundEvent, state: ConversationState): InboundEvent {
  if (event.chat.type !== "private" || event.input.kind !== "text" || !state.menu?.length) return event;
  if (!showsNumberedMenus(event.channel)) return event;
  const value = matchMenu(state.menu, event.input.text);
  return value === undefined ? event : { ...event, input: { kind: "choice", value } };
}

/**
 * The state after a turn: the menu of the last message the turn sent to this chat (none if that
 * message had no menu); unchanged when the turn said nothing there.
 */
export function rememberMenu(channel: ChannelName, state: ConversationState, out: Outgoing[], address: Address): ConversationState {
  if (!showsNumberedMenus(channel)) return state;
  const last = out.findLast((item) => item.address === address);
  if (!last) return state;
  const menu = menuOf(last.message);
  const { menu: _previous, ...rest } = state;
  return menu.length ? { ...rest, menu } : rest;
}

/** A message sent outside a conversation turn (cycle prompt, meeting reminder) to a person's account. */
export interface ProactiveSend {
  channel: string;
  /** The platform user id the conversation is keyed on. */
  userId: string;
  message: OutboundMessage;
}

/**
 * Records the menus of proactive sends in their conversations, one statement per person (no
 * read: the menu is set inside the stored state, and the version goes up so that a turn that
 * read the state before fails its save and runs again on the new menu). Writes for the batch
 * that queues the messages.
 */
export function menuWrites(db: Database, sends: ProactiveSend[]): Write[] {
  const writes: Write[] = [];
  for (const send of sends) {
    if (!isChannel(send.channel) || !showsNumberedMenus(send.channel)) continue;
    const menu = menuOf(send.message);
    if (!menu.length) continue;
    const json = JSON.stringify(menu);
    const now = new Date();
    writes.push(db.$executeRaw`
      INSERT INTO "Conversation" ("id", "channel", "userId", "state", "version", "updatedAt")
      VALUES (${uuidv7()}, ${send.channel}, ${send.userId}, json_object('menu', json(${json})), 1, ${now})
      ON CONFLICT ("channel", "userId") DO UPDATE SET
        "state" = json_set("state", '$.menu', json(${json})), "version" = "version" + 1, "updatedAt" = ${now}`);
  }
  return writes;
}

export type { Menu };
