/** Vietnamese words for the API's codes. Role names come from the core, as the bot says them. */
export { ROLE_LABELS } from "../core/roles.js";

/** The channels a person can be bound on, in the order the console lists them. */
export const CHANNELS: { channel: string; label: string }[] = [
  { channel: "telegram", label: "Telegram" },
  { channel: "zalo", label: "Zalo" },
];
