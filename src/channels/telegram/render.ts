import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { OutboundMessage } from "../../core/conversation/types.js";

export const TELEGRAM_TEXT_LIMIT = 4096;
const SHORT_LABEL = 12;

/**
 * Choices as an inline keyboard: short labels (Có / Không, "Sửa câu 2") share rows of three,
 * long ones (a full option text) get a row each so they are readable on a phone.
 */
export function renderKeyboard(message: OutboundMessage): InlineKeyboardMarkup | undefined {
  if (!message.choices?.length) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  let row: InlineKeyboardButton[] = [];
  for (const choice of message.choices) {
    const button = { text: choice.label, callback_data: choice.value };
    if (choice.label.length > SHORT_LABEL) {
      if (row.length) rows.push(row);
      rows.push([button]);
      row = [];
      continue;
    }
    row.push(button);
    if (row.length === 3) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return { inline_keyboard: rows };
}

/** Texts longer than Telegram allows are cut at line breaks into several messages. */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf("\n", limit);
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, "");
  }
  return [...parts, rest];
}
