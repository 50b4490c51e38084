/**
 * Pacing of outgoing messages so a bot stays within a platform's limits: a global rate per
 * bot, and a minimum gap between two messages to the same chat (groups get a longer gap).
 * Pure bookkeeping over a clock and a list of the send slots taken lately; the deliverer loads
 * that list from the database (shared by every instance sending for the bot), takes slots for
 * what it is about to send, and writes the list back with the claim (src/services/send-slots.ts).
 */
export interface PacingRules {
  perSecond: number;
  privateGapMs: number;
  groupGapMs: number;
}

/** A send slot taken: when (ms since the epoch) and to which chat. */
export type Slot = [atMs: number, chat: string];

export class SendPacer {
  /** Slots of the last `keepMs`, oldest first: the last second for the rate, the longest gap for the chats. */
  private list: Slot[];
  private readonly keepMs: number;

  constructor(
    private readonly rules: PacingRules,
    slots: readonly Slot[] = [],
  ) {
    this.keepMs = Math.max(1000, rules.privateGapMs, rules.groupGapMs);
    this.list = [...slots].sort((a, b) => a[0] - b[0]);
  }

  /** The slots still relevant at `nowMs` (what is stored for the next deliverer). */
  slots(nowMs: number): Slot[] {
    this.prune(nowMs);
    return this.list;
  }

  /** Whether the chat's own gap has passed (without counting anything). */
  chatReady(chat: string, isGroup: boolean, nowMs: number): boolean {
    const gap = isGroup ? this.rules.groupGapMs : this.rules.privateGapMs;
    for (let i = this.list.length - 1; i >= 0; i--) {
      const [at, to] = this.list[i]!;
      if (nowMs - at >= gap) return true;
      if (to === chat) return false;
    }
    return true;
  }

  /** How many more messages the bot's own rate lets go right now, whatever the chats. */
  room(nowMs: number): number {
    return Math.max(0, this.rules.perSecond - this.inLastSecond(nowMs).length);
  }

  /** Milliseconds until the bot's own rate lets another message go (0: now), whatever the chat. */
  waitMs(nowMs: number): number {
    const recent = this.inLastSecond(nowMs);
    if (recent.length < this.rules.perSecond) return 0;
    return Math.max(1, recent[recent.length - this.rules.perSecond]![0] + 1000 - nowMs);
  }

  /**
   * Whether a message to `chat` may go now; if so, it is counted. Call it at the moment of
   * sending: a slot taken earlier and used later lets two windows' messages go out together.
   */
  tryTake(chat: string, isGroup: boolean, nowMs: number): boolean {
    if (this.room(nowMs) === 0 || !this.chatReady(chat, isGroup, nowMs)) return false;
    this.list.push([nowMs, chat]);
    return true;
  }

  /** Slots of the last second (a sliding window, so two adjacent seconds cannot both fill up). */
  private inLastSecond(nowMs: number): Slot[] {
    this.prune(nowMs);
    const from = this.list.findIndex(([at]) => nowMs - at < 1000);
    return from < 0 ? [] : this.list.slice(from);
  }

  private prune(nowMs: number) {
    const from = this.list.findIndex(([at]) => nowMs - at < this.keepMs);
    if (from !== 0) this.list = from < 0 ? [] : this.list.slice(from);
  }
}

/**
 * Whether a channel as a whole is up: after a few transient failures in a row (network errors,
 * 5xx) it is taken as down and left alone for a growing pause, and a platform's "retry after"
 * pauses it too; one success clears it. Kept per channel, so one channel's outage never slows
 * another's messages.
 */
export class ChannelHealth {
  private failures = 0;
  private pausedUntilMs = -Infinity;
  /** The platform's words of the last transient failure or slow-down, for the channel status. */
  lastFailure: { reason: string; atMs: number } | undefined;

  constructor(private readonly rules: { downAfter: number; basePauseMs: number; maxPauseMs: number }) {}

  /** Milliseconds until the channel may be tried again (0: now). */
  waitMs(nowMs: number): number {
    return Math.max(0, this.pausedUntilMs - nowMs);
  }

  /** Whether the channel is taken as down (the failures so far have paused it). */
  get down(): boolean {
    return this.failures >= this.rules.downAfter;
  }

  succeeded() {
    this.failures = 0;
  }

  /** Counts a transient failure; returns the pause's end when the channel is now down. */
  failedTransiently(nowMs: number, random: () => number, reason?: string): number | undefined {
    this.failures++;
    if (reason !== undefined) this.lastFailure = { reason, atMs: nowMs };
    if (!this.down) return undefined;
    const base = Math.min(this.rules.basePauseMs * 2 ** (this.failures - this.rules.downAfter), this.rules.maxPauseMs);
    this.pausedUntilMs = nowMs + Math.round(base * (0.5 + random()));
    return this.pausedUntilMs;
  }

  /** What the channel status shows: down or not, paused until when, the last failure. */
  snapshot(nowMs: number) {
    return { down: this.down, pausedUntilMs: this.waitMs(nowMs) > 0 ? this.pausedUntilMs : null, lastFailure: this.lastFailure ?? null };
  }

  /** The platform asked to wait (429 retry_after). */
  pauseUntil(untilMs: number) {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
  }
}
