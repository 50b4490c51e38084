import { menuText } from "../../core/conversation/menu.js";
import type { OutboundMessage } from "../../core/conversation/types.js";
import { splitMessage } from "../../core/text.js";
import { zaloCapabilities } from "./capabilities.js";

/**
 * A message as Zalo shows it: plain text (the HTML form is never sent), the choices as a
 * numbered menu under it (unless the text numbers them itself), cut at line boundaries into
 * parts Zalo accepts (1–2,000 characters).
 */
export function zaloParts(message: OutboundMessage, limit = zaloCapabilities.textLimit): string[] {
  return splitMessage(menuText(message), limit).filter((part) => part.trim().length > 0);
}
