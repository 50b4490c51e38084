import type { ChannelCapabilities } from "../capabilities.js";

/**
 * The web chat of the console's simulator ("Thử trò chuyện"): an admin types as a person of the
 * ward, the console shows the bot's messages as it polls them. Buttons are real buttons; a
 * message is never edited; no pictures (a summary's chart says where to download it); plain
 * text. Nothing to pace: the "platform" is our own database, read by the console.
 */
export const webCapabilities: ChannelCapabilities = {
  label: "Thử trên web",
  buttons: true,
  messageEdits: false,
  photo: "none",
  html: false,
  textLimit: 4096,
  pacing: { perSecond: 1000, privateGapMs: 0, groupGapMs: 0 },
  // A newcomer's session is asked for the invitation code, typed as a message (checked, not spent).
  invite: "code",
  oneTapLinks: false,
  groups: "reliable",
  preview: true,
  // One chat per simulator session, always private.
  isGroupChat: () => false,
};

/** The web channel's name: its chats are "web:<simulator session id>". */
export const WEB_CHANNEL = "web" as const;
