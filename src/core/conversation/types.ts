/**
 * The channel-neutral shapes of a conversation: what a person sent, and what the bot says.
 * Nothing here assumes buttons exist: `choices` are shortcuts a channel may render as buttons
 * (Telegram) or as a numbered menu (Zalo); every choice can also be typed.
 */

export interface Choice {
  label: string;
  /** Opaque value sent back when the choice is pressed (≤ 64 bytes: Telegram's callback_data). */
  value: string;
}

export interface OutboundMessage {
  /** Plain text (no markup), Vietnamese: what every channel can show. */
  text: string;
  /** The same text in Telegram's HTML subset (<b>, escaped), for channels that render it. */
  html?: string;
  choices?: Choice[];
  /**
   * What a channel without buttons numbers as a menu, when that differs from `choices`: only
   * the options of a question (never "Quay lại"), [] where a typed number is itself an answer
   * (a count). The other choices still work when typed as words. Absent: all `choices`.
   */
  menu?: Choice[];
  /** The text already numbers the menu's entries (the summary's questions): remembered, not listed again. */
  menuListedInText?: boolean;
  /**
   * A picture sent before the text (the summary chart): its bytes for channels that upload,
   * its public URL for channels that take pictures by URL only (see the channel's `photo`
   * capability). A picture the platform refuses for good is dropped and the text still goes.
   */
  photo?: Photo;
  /**
   * What goes instead if this message cannot be delivered (refused for good, or given up on
   * after retries): a summary to a best-effort group names the ward's chairs, each with the
   * message as their own channel takes it. Dropped from the record once this one is sent.
   */
  fallback?: { address: string; message: OutboundMessage }[];
}

export interface Photo {
  /** e.g. "bieu-do-Tuan-48-2026.png" */
  filename: string;
  /**
   * The PNG's bytes in base64, for channels that upload (the outbox payload is JSON, and the
   * picture must survive a restart). Emptied once the message is sent.
   */
  base64?: string;
  /** A public (signed) URL of the picture, for channels that fetch pictures by URL only. */
  url?: string;
  /** Plain text, at most 1,024 characters (Telegram's caption limit). */
  caption?: string;
}

export type UserInput =
  | { kind: "text"; text: string }
  | { kind: "choice"; value: string }
  /** A sticker, photo, voice note… where words were expected. */
  | { kind: "unsupported" };

export interface Command {
  kind: "command";
  /** Lower-case, without the slash or a @botname suffix: "baocao". */
  name: string;
  args: string;
}
