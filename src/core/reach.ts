/**
 * Where the bot reaches a person who is bound on several channels (Telegram and Zalo, say):
 * every prompt, reminder and summary goes ONCE, to one of their chats. Pure: the callers read
 * the person's identities and preferences, this decides.
 */

/** One bound account of a person, as stored (ChannelIdentity). */
export interface ReachIdentity {
  channel: string;
  address: string;
  boundAt: Date;
  /** Set when the platform refused a message for good (blocked the bot, chat gone). */
  unreachableAt: Date | null;
}

/** What the person said or did that decides between their accounts (Member). */
export interface ReachPreferences {
  /** Chosen with /kenh; null: automatic. */
  preferredChannel: string | null;
  /** The channel of their last private message to the bot. */
  lastChannel: string | null;
}

/**
 * The account to write to: the chosen channel if it is bound and reachable; else the channel
 * used last; else the most recently bound. Accounts marked unreachable are passed over while
 * another is reachable; when none is, the same order applies to all of them (the person may
 * have unblocked the bot, and a failed delivery shows admins that they cannot be reached).
 * Undefined for a person bound nowhere.
 */
export function reachOf<T extends ReachIdentity>(identities: readonly T[], preferences: ReachPreferences): T | undefined {
  const reachable = identities.filter((i) => i.unreachableAt === null);
  const candidates = reachable.length ? reachable : identities;
  const on = (channel: string | null) => (channel === null ? undefined : candidates.find((i) => i.channel === channel));
  return (
    on(preferences.preferredChannel) ??
    on(preferences.lastChannel) ??
    [...candidates].sort((a, b) => b.boundAt.getTime() - a.boundAt.getTime() || a.channel.localeCompare(b.channel))[0]
  );
}

/** A person with their accounts, as the senders read them (Member with its identities). */
export type Reachable<T extends ReachIdentity = ReachIdentity> = ReachPreferences & { identities: readonly T[] };

/** The one address of a person, or undefined for a person bound nowhere. */
export const reachAddressOf = (member: Reachable): string | undefined => reachOf(member.identities, member)?.address;
