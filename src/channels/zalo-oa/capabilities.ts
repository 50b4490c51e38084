import type { ChannelCapabilities } from "../capabilities.js";

/**
 * A ward's Zalo Official Account (OA API v3). Choices go as `oa.query.hide` buttons whose press
 * comes back as an ordinary text message, so the conversation treats them as typed: the
 * numbered menu is always in the text too, and remembered (buttons: false). Messages reach only
 * followers who wrote in the last 7 days (error -230 beyond): a failure there is permanent.
 */
export const zaloOaCapabilities: ChannelCapabilities = {
  label: "Zalo OA",
  buttons: false,
  messageEdits: false,
  photo: "none",
  html: false,
  textLimit: 2000,
  pacing: { perSecond: 10, privateGapMs: 1000, groupGapMs: 3000 },
  invite: "code",
  oneTapLinks: false,
  // OA group chats (GMF) are not used: every chat is 1:1 with a follower.
  groups: "best_effort",
  preview: false,
  isGroupChat: () => false,
  connectedPer: "ward",
};
