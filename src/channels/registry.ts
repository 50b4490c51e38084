import type { ChannelCapabilities } from "./capabilities.js";
import { telegramCapabilities } from "./telegram/capabilities.js";
import { zaloCapabilities } from "./zalo/capabilities.js";
import { zaloOaCapabilities } from "./zalo-oa/capabilities.js";

/** Every channel the product speaks, and what each can do. Adding a channel: one line here. */
export const CHANNELS = {
  telegram: telegramCapabilities,
  zalo: zaloCapabilities,
  zalo_oa: zaloOaCapabilities,
} as const satisfies Record<string, ChannelCapabilities>;

export type ChannelName = keyof typeof CHANNELS;
export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

export const capabilitiesOf = (channel: ChannelName): ChannelCapabilities => CHANNELS[channel];

export const isChannelName = (value: string): value is ChannelName => Object.hasOwn(CHANNELS, value);

/** A stored channel name as people know it ("Telegram", "Zalo"); an unknown one as stored. */
export const channelLabel = (channel: string): string => (isChannelName(channel) ? CHANNELS[channel].label : channel);
