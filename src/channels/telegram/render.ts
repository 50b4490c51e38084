import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { OutboundMessage } from "../../core/conversation/types.js";
import { splitMessage } from "../../core/text.js";
import { telegramCapabilities } from "./capabilities.js";
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

/** The parts to send: HTML when the message has it, cut at line breaks within Telegram's limit. */
export function messageParts(message: OutboundMessage): { text: string; html: boolean }[] {
  const html = message.html !== undefined;
  return splitMessage(message.html ?? message.text, telegramCapabilities.textLimit).map((text) => ({ text, html }));
}
