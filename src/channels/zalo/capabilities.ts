import type { ChannelCapabilities } from "../capabilities.js";

/**
 * Zalo Bot Platform: no keyboards, no edits, pictures by URL only, plain text of 1–2,000
 * characters. No rate is published: a conservative default, backed off on 429.
 */
export const zaloCapabilities: ChannelCapabilities = {
  label: "Zalo",
  buttons: false,
  messageEdits: false,
  photo: "url",
  html: false,
  textLimit: 2000,
  pacing: { perSecond: 10, privateGapMs: 1000, groupGapMs: 3000 },
  invite: "code",
  oneTapLinks: false,
  // Groups are a beta of the Bot Platform, not open to every bot: a group post may be refused.
  groups: "best_effort",
  // Zalo ids do not say whether a chat is a group (chat_type does, on inbound messages):
  // a group chat id carries the "g:" prefix the adapter gives it.
  preview: false,
  isGroupChat: (chatId) => chatId.startsWith("g:"),
};
