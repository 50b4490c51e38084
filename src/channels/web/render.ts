import type { Choice, OutboundMessage } from "../../core/conversation/types.js";
import { splitMessage } from "../../core/text.js";
import { webCapabilities } from "./capabilities.js";

/** One bubble of the web chat: its id (the cursor of the poll), its text, its buttons. */
export interface WebBubble {
  id: string;
  text: string;
  choices: Choice[];
}

/**
 * A stored message as the web chat shows it: plain text (never the HTML form), cut at line
 * breaks into bubbles within the channel's limit as a phone's chat would be, the buttons under
 * the last one. The last bubble carries the row's id, the cursor of the next poll; the others
 * "<id>.<n>", which the poll never needs.
 */
export function webBubbles(rowId: string, message: OutboundMessage, limit = webCapabilities.textLimit): WebBubble[] {
  const parts = splitMessage(message.text, limit).filter((part) => part.trim().length > 0);
  return parts.map((text, i) =>
    i === parts.length - 1 ? { id: rowId, text, choices: message.choices ?? [] } : { id: `${rowId}.${i + 1}`, text, choices: [] },
  );
}
