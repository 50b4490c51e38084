import type { ChannelCapabilities } from "../capabilities.js";

/** Telegram Bot API: ~30 messages/s per bot, ~1/s per private chat, 20/min per group. */
export const telegramCapabilities: ChannelCapabilities = {
  label: "Telegram",
  buttons: true,
  messageEdits: true,
  photo: "upload",
  html: true,
  textLimit: 4096,
  pacing: { perSecond: 25, privateGapMs: 1000, groupGapMs: 3000 },
  invite: "deep_link",
  oneTapLinks: true,
  groups: "reliable",
  // Group and channel chat ids are negative; private chats are the user's (positive) id.
  preview: false,
  isGroupChat: (chatId) => chatId.startsWith("-"),
};
