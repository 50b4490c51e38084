/**
 * Pacing of outgoing messages so a bot stays within a platform's limits: a global rate per
 * bot, and a minimum gap between two messages to the same chat (groups get a longer gap).
 * Pure bookkeeping over a clock; the delivery loop asks before each send.
 */
export interface PacingRules {
  perSecond: number;
  privateGapMs: number;
  groupGapMs: number;
}

export class SendPacer {
  private readonly lastByChat = new Map<string, number>();
  /** Send times of the last second: a sliding window, so two adjacent seconds cannot both fill up. */
  private recent: number[] = [];

  constructor(private readonly rules: PacingRules) {}

  /** Whether the chat's own gap has passed (without counting anything). */
  chatReady(chat: string, isGroup: boolean, nowMs: number): boolean {
    const last = this.lastByChat.get(chat);
    return last === undefined || nowMs - last >= (isGroup ? this.rules.groupGapMs : this.rules.privateGapMs);
  }

  /** How many more messages the bot's own rate lets go right now, whatever the chats. */
  room(nowMs: number): number {
    this.recent = this.recent.filter((t) => nowMs - t < 1000);
    return Math.max(0, this.rules.perSecond - this.recent.length);
  }

  /** Milliseconds until the bot's own rate lets another message go (0: now), whatever the chat. */
  waitMs(nowMs: number): number {
    this.recent = this.recent.filter((t) => nowMs - t < 1000);
    if (this.recent.length < this.rules.perSecond) return 0;
    return Math.max(1, Math.min(...this.recent) + 1000 - nowMs);
  }

  /**
   * Whether a message to `chat` may go now; if so, it is counted. Call it at the moment of
   * sending: a slot taken earlier and used later lets two windows' messages go out together.
   */
  tryTake(chat: string, isGroup: boolean, nowMs: number): boolean {
    this.recent = this.recent.filter((t) => nowMs - t < 1000);
    if (this.recent.length >= this.rules.perSecond) return false;
    const gap = isGroup ? this.rules.groupGapMs : this.rules.privateGapMs;
    const last = this.lastByChat.get(chat);
    if (last !== undefined && nowMs - last < gap) return false;
    this.recent.push(nowMs);
    this.lastByChat.set(chat, nowMs);
    if (this.lastByChat.size > 10_000) this.forgetOlderThan(nowMs - Math.max(this.rules.groupGapMs, this.rules.privateGapMs));
    return true;
  }

  private forgetOlderThan(cutoff: number) {
    for (const [chat, at] of this.lastByChat) if (at < cutoff) this.lastByChat.delete(chat);
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
