/**
 * The contract every channel adapter passes: what a scenario may do with a channel, and the
 * small helpers the scenarios share. A channel joins the suite by implementing `ContractWorld`
 * (a driver that works through the adapter's real webhook, parse, render and send code on
 * 127.0.0.1) and running the table in scenarios.ts; the scenarios never name a channel.
 */
import type { ChannelName } from "../../src/channels/channel.js";
import { foldVietnamese } from "../../src/core/text.js";
import type { Database } from "../../src/db/types.js";
import type { ServiceContext } from "../../src/services/context.js";

/** One message the bot sent to the person, as they see it. */
export interface Reply {
  text: string;
  /**
   * What the person can pick: the buttons under the message, or the entries of the numbered
   * menu at its end, in order; labels as shown ("✅ Gửi").
   */
  choices: string[];
}

/**
 * How a pick is made where a channel has no buttons: by the entry's number in the menu, or by
 * typing its label without diacritics or case. A channel with buttons presses the button.
 */
export type PickBy = "number" | "words";

/** A person in a private chat with the bot on one channel. */
export interface ChannelUser {
  /** Binds with an invitation code the way this channel does it (deep link, or the code sent as a message). */
  pair(code: string): Promise<void>;
  say(text: string): Promise<void>;
  /** "/baocao", "/sua": a command as the channel carries it. */
  command(name: string, args?: string): Promise<void>;
  /** Picks the choice labelled so in the newest reply that offers it (or types the word when no menu lists it). */
  choose(label: string, by?: PickBy): Promise<void>;
  /** A sticker instead of text. */
  sendSticker(): Promise<void>;
  /** The platform delivers the person's last update again, unchanged; the webhook's HTTP status. */
  redeliverLast(): Promise<number>;
  /** A request to the webhook that looks like this person's message but has the wrong secret; its HTTP status. */
  forge(text: string): Promise<number>;
  /** The bot's next message to this person (waits for it). */
  next(timeoutMs?: number): Promise<Reply>;
  /** Whether the bot sends this person nothing within `ms`. */
  staysQuiet(ms: number): Promise<boolean>;
}

export interface ContractWorld {
  /** The channel's name, as the cycle API's `via` says it. */
  channel: ChannelName;
  /** The platform's most characters in one message. */
  textLimit: number;
  db: Database;
  /** A service context for jobs the scheduler runs (meeting reminders). */
  ctx(): ServiceContext;
  /** The admin API over HTTP. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /**
   * The error lines the server logged so far (a handler that failed): what an operator sees. A
   * redelivered update is skipped as already processed, not retried into an error.
   */
  errorsLogged(): string[];
  /** A new person, unknown to the bot so far. */
  newUser(): ChannelUser;
  /**
   * Opens a reporting cycle in the ward that the people of this world report into, and returns
   * its id. Unset: the cycle API (POST /wards/{wardId}/cycles). The web channel's people are chat
   * simulator sessions: they report into their session's preview cycle, never a real one.
   */
  openCycle?(wardId: string, label: string): Promise<string>;
  /** A report of that cycle as stored. Unset: the cycle API (GET /cycles/{cycleId}). */
  storedReport?(cycleId: string): Promise<StoredReport>;
  /**
   * Scenarios that cannot apply to this channel, by name, each with the reason (keep it short:
   * every scenario that can be run honestly is run).
   */
  notApplicable?: Record<string, string>;
  close(): Promise<void>;
}

/** What a scenario checks of a stored report. */
export interface StoredReport {
  status: string;
  memberId: string | null;
  via: string | null;
  answers: Record<string, unknown>;
}

/** A label as compared: no emoji or punctuation, no diacritics, no case ("✅ Gửi" → "gui"). */
/** The error lines among JSON log lines. */
export const errorLines = (logs: string[]) => logs.filter((line) => line.includes('"level":"error"'));

export const bareLabel = (label: string) =>
  foldVietnamese(label)
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The index of the choice with this label, compared bare; -1 if none. */
export const choiceIndex = (choices: string[], label: string) => choices.findIndex((c) => bareLabel(c) === bareLabel(label));

/**
 * The entries of a numbered menu at the end of a text ("1. Ổn định\n2. Có vụ việc\n(Trả lời 1
 * hoặc 2)"): only a block of numbered lines right above the reply hint counts, so a text that
 * numbers its own lines (the report review) offers no menu.
 */
export function numberedMenu(text: string): string[] {
  const lines = text.split("\n");
  if (!/^\(Trả lời /.test(lines.at(-1) ?? "")) return [];
  const entries: string[] = [];
  for (let i = lines.length - 2; i >= 0; i--) {
    const entry = /^(\d+)\. (.+)$/.exec(lines[i]!);
    if (!entry) break;
    entries.unshift(entry[2]!);
  }
  return entries;
}
