import type { PacingRules } from "../core/send-pacing.js";

/**
 * What a messaging platform can do, declared once by its adapter. Neutral code (outbox,
 * summaries, invitations, rendering decisions) asks this record, never the channel's name.
 * Pure data plus pure functions: no platform SDK is imported here or by the records.
 */
export interface ChannelCapabilities {
  /** The channel's name as people know it ("Telegram", "Zalo"), in texts such as /kenh and /toi. */
  label: string;
  /** Choices as tappable buttons (Telegram's inline keyboard); otherwise a numbered text menu. */
  buttons: boolean;
  /** Whether a sent message can be edited afterwards. */
  messageEdits: boolean;
  /** How a picture can be sent: uploaded bytes, only by a public URL, or not at all. */
  photo: "upload" | "url" | "none";
  /** Whether the channel renders the HTML subset of OutboundMessage.html; otherwise plain text. */
  html: boolean;
  /** The most characters in one message; longer text is split at line boundaries. */
  textLimit: number;
  /** Per bot rate, per private chat gap, per group gap. */
  pacing: PacingRules;
  /** How a person binds: a deep link carrying the code, or the code sent as an ordinary message. */
  invite: "deep_link" | "code";
  /** Whether a web link in a message opens with one tap (the console sign-in link is added then). */
  oneTapLinks: boolean;
  /**
   * Whether a post to a group can be counted on. "best_effort" (Zalo: groups may be closed to
   * the bot, or refuse it): a summary posted to such a group also names the ward's chairs, who
   * get it 1:1 instead if the group post fails for good.
   */
  groups: "reliable" | "best_effort";
  /**
   * Whether every conversation on this channel is a preview (the console's chat simulator): it
   * acts on a preview cycle, never on the ward's records, never binds a person and is never sent
   * anything from outside its own turns. Such a channel is left out of CHANNEL_NAMES (the
   * channels that reach people: destinations, /kenh, deliveries, metrics).
   */
  preview: boolean;
  /** Whether a chat id names a group (pacing, summary destinations). Ids are opaque strings. */
  isGroupChat(chatId: string): boolean;
  /**
   * Who connects the channel: the server (one bot for every ward, set in its configuration) or
   * each ward its own account (Zalo OA, through the admin API). Absent: the server.
   */
  connectedPer?: "server" | "ward";
}
