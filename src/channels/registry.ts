import type { ChannelCapabilities } from "./capabilities.js";
import { telegramCapabilities } from "./telegram/capabilities.js";
import { zaloCapabilities } from "./zalo/capabilities.js";
import { zaloOaCapabilities } from "./zalo-oa/capabilities.js";
import { webCapabilities } from "./web/capabilities.js";

/** Every channel the product speaks, and what each can do. Adding a channel: one line here. */
export const CHANNELS = {
  telegram: telegramCapabilities,
  zalo: zaloCapabilities,
  zalo_oa: zaloOaCapabilities,
  web: webCapabilities,
} as const satisfies Record<string, ChannelCapabilities>;

export type ChannelName = keyof typeof CHANNELS;
const ALL = Object.keys(CHANNELS) as ChannelName[];

/**
 * The channels that reach real people: what destinations, /kenh, the deliveries list and the
 * metrics know. A preview channel (the console's chat simulator) is not one of them.
 */
export const CHANNEL_NAMES = ALL.filter((c) => !CHANNELS[c].preview);
/** The preview channels (capabilities.preview): their chats are simulator sessions. */
export const PREVIEW_CHANNELS = ALL.filter((c) => CHANNELS[c].preview);

export const capabilitiesOf = (channel: ChannelName): ChannelCapabilities => CHANNELS[channel];

export const isChannelName = (value: string): value is ChannelName => Object.hasOwn(CHANNELS, value);

/** Whether a stored channel name is a preview channel (its chats are simulator sessions). */
export const isPreviewChannel = (channel: string): boolean => isChannelName(channel) && CHANNELS[channel].preview;

/** A stored channel name as people know it ("Telegram", "Zalo"); an unknown one as stored. */
export const channelLabel = (channel: string): string => (isChannelName(channel) ? CHANNELS[channel].label : channel);
