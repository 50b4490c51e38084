import { foldVietnamese } from "../text.js";
import type { Choice, OutboundMessage } from "./types.js";

/**
 * Numbered text menus, for channels without buttons (Zalo): how a message's choices read as
 * "1. Ổn định / 2. Có vụ việc", and how a typed reply ("1", "on dinh", "Ổn định") maps back to
 * the choice it names. The conversation remembers the last menu shown to a chat (its state), so
 * "1" means the first option of what the person is looking at, never "yes" by accident.
 * Kept apart from the answer parsers (core/parse): this only names a shown menu entry.
 */

/** A menu as remembered between messages: label and value of each numbered entry. */
export type Menu = Choice[];

/** The entries a button-less channel numbers for this message (none: no menu). */
export function menuOf(message: OutboundMessage): Menu {
  return message.menu ?? message.choices ?? [];
}

function replyHint(count: number): string {
  if (count === 1) return "(Trả lời 1)";
  if (count <= 4) {
    const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
    return `(Trả lời ${numbers.slice(0, -1).join(", ")} hoặc ${numbers.at(-1)})`;
  }
  return `(Trả lời một số từ 1 đến ${count})`;
}

/** The message's text with its numbered menu below, as a button-less channel shows it. */
export function menuText(message: OutboundMessage): string {
  return message.menuListedInText ? message.text : withNumberedMenu(message.text, menuOf(message));
}

export function withNumberedMenu(text: string, menu: Menu): string {
  if (!menu.length) return text;
  const lines = menu.map((choice, i) => `${i + 1}. ${choice.label}`);
  return `${text}\n\n${lines.join("\n")}\n${replyHint(menu.length)}`;
}

/** Letters and digits only, without diacritics or case: "↩ Quay lại" → "quay lai". */
const bare = (text: string) =>
  foldVietnamese(text)
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const NUMBER = /^(?:so|chon|lua chon)?\s*(\d{1,2})$/;

/**
 * The value of the menu entry a typed reply names, by its number ("2", "2.", "số 2") or its
 * label (with or without diacritics and case); undefined when it names none, or is unclear
 * (a number that is one entry's position and another entry's label): the conversation then
 * reads the text itself and re-asks if it must.
 */
export function matchMenu(menu: Menu, text: string): string | undefined {
  const typed = bare(text);
  if (!typed || !menu.length) return undefined;
  const byLabel = menu.filter((choice) => bare(choice.label) === typed);
  const number = NUMBER.exec(typed)?.[1];
  const byNumber = number ? menu[Number(number) - 1] : undefined;
  if (byLabel.length > 1) return undefined;
  if (byNumber && byLabel[0] && byLabel[0] !== byNumber) return undefined;
  return (byNumber ?? byLabel[0])?.value;
}
