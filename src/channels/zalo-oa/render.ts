import { menuOf, menuText } from "../../core/conversation/menu.js";
import type { OutboundMessage } from "../../core/conversation/types.js";
import { splitMessage } from "../../core/text.js";
import type { OaButton } from "./client.js";
import { zaloOaCapabilities } from "./capabilities.js";

/** Zalo shows at most this many template buttons under a message. */
const MAX_BUTTONS = 5;
/** A button's title is cut to this many characters. */
const MAX_TITLE = 100;

export interface OaPart {
  text: string;
  buttons: OaButton[];
}

/**
 * A message as the OA shows it: plain text with the numbered menu always in it (a button press
 * comes back as typed text, and some Zalo clients do not show template buttons), cut at line
 * boundaries under the OA's limit; the choices also as `oa.query.hide` buttons under the last
 * part, whose payload "#2" the menu memory reads as entry 2.
 */
export function zaloOaParts(message: OutboundMessage, limit = zaloOaCapabilities.textLimit): OaPart[] {
  const texts = splitMessage(menuText(message), limit).filter((part) => part.trim().length > 0);
  const menu = menuOf(message);
  const buttons = menu.length && menu.length <= MAX_BUTTONS ? menu.map((c, i) => ({ title: c.label.slice(0, MAX_TITLE), payload: `#${i + 1}` })) : [];
  return texts.map((text, i) => ({ text, buttons: i === texts.length - 1 ? buttons : [] }));
}
