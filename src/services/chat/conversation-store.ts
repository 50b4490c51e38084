import { upgradeSession, type ReportSession } from "../../core/conversation/report-session.js";
import type { Menu } from "../../core/conversation/menu.js";
import type { Outgoing } from "../../channels/channel.js";
import { groupCommitOf, type Batch } from "../../db/group-commit.js";
import { uuidv7 } from "../../db/ids.js";
import { jsonColumn, sql } from "../../db/sql.js";
import type { DbOrTx, ServiceContext } from "../context.js";
import { queueTimedMessages, type TimedOutgoing } from "../outbox.js";
import { readReportContext, reportContextSubquery, type ReportContext } from "./report-context.js";

/** What is stored per person and channel. */
export interface ConversationState {
  session?: ReportSession;
  /** The meeting invitation (invitee id) whose "Vắng" awaits a reason. */
  awaitingAbsenceReason?: string;
  /**
   * On channels without buttons: the numbered menu last shown in this person's private chat,
   * so that a typed "1" means its first entry (core/conversation/menu.ts). Absent: no menu.
   */
  menu?: Menu;
}

type Tx = Parameters<Parameters<ServiceContext["db"]["$transaction"]>[0]>[0];

export interface Turn {
  tx: Tx;
  state: ConversationState;
  /** The member this (channel, user) is bound to, read together with the state. */
  memberId: string | undefined;
  /** Of that binding, read together with the state: what a private turn may have to update. */
  bound: BoundAccount | undefined;
  /** The report the stored session is about, read together with the state (report-chat.ts). */
  sessionReport: ReportContext | undefined;
  /** Messages to send once the turn is committed. */
  out: Outgoing[];
}

/** What the turn's first statement reads of the account's binding (channel-chat.ts keeps it current). */
export interface BoundAccount {
  /** The member's channel of their last private message (Member.lastChannel). */
  lastChannel: string | null;
  /** Whether this account is marked unreachable (ChannelIdentity.unreachableAt). */
  unreachable: boolean;
}

/** Thrown inside a turn when something it read has changed since: the turn is tried again on fresh state. */
export class StaleState extends Error {}
const MAX_ATTEMPTS = 4;

function readState(raw: unknown): ConversationState {
  const state = (raw ?? {}) as ConversationState;
  if (!state.session) return state;
  // A session stored by an older engine is upgraded, or dropped on purpose rather than misread.
  const session = upgradeSession(state.session);
  return session ? { ...state, session } : {};
}

interface TurnKey {
  channel: string;
  userId: string;
  updateId?: string;
}

/*
 * The statements of a turn are raw SQL (through Prisma, parameterised): they run on every
 * message, and Prisma's query layer costs several times what SQLite does for them (README,
 * "Performance"). Timestamps are written as Prisma writes @default(now()) / @updatedAt: the
 * real time, not the service clock.
 */

interface StoredTurn {
  id: string | null;
  state: unknown;
  version: number | bigint | null;
  bound: unknown;
  sessionReport: unknown;
}

/**
 * Starts a turn in one statement: records the update id and reads the conversation row (if
 * any), the bound member (if any) of (channel, user) with the channel they used last, and the context of the report its
 * session is about (if any: every answer needs it). Undefined when the update id was already
 * recorded: a redelivery, to be skipped. (RETURNING may hold subqueries on other tables;
 * SQLite, libSQL and D1 all have it.)
 */
async function beginTurn(tx: Tx, key: TurnKey) {
  const { channel, userId } = key;
  const mine = sql`"channel" = ${channel} AND "userId" = ${userId}`;
  const state = sql`(SELECT "state" FROM "Conversation" WHERE ${mine})`;
  const columns = sql`
    (SELECT "id" FROM "Conversation" WHERE ${mine}) AS "id",
    ${state} AS "state",
    (SELECT "version" FROM "Conversation" WHERE ${mine}) AS "version",
    (SELECT json_object('memberId', i."memberId", 'lastChannel', m."lastChannel", 'unreachable', i."unreachableAt" IS NOT NULL)
     FROM "ChannelIdentity" AS i JOIN "Member" AS m ON m."id" = i."memberId"
     WHERE i."channel" = ${channel} AND i."externalId" = ${userId}) AS "bound",
    ${reportContextSubquery(sql`json_extract(${state}, '$.session.reportId')`)} AS "sessionReport"`;
  const [row] = key.updateId
    ? await tx.$queryRaw<StoredTurn[]>`
        INSERT INTO "ProcessedUpdate" ("channel", "updateId", "processedAt") VALUES (${channel}, ${key.updateId}, ${new Date()})
        ON CONFLICT DO NOTHING
        RETURNING ${columns}`
    : await tx.$queryRaw<StoredTurn[]>`SELECT ${columns}`;
  if (!row) return undefined;
  const bound = row.bound == null ? undefined : jsonColumn<{ memberId: string; lastChannel: string | null; unreachable: number | boolean }>(row.bound);
  return {
    conversation: row.id ? { id: row.id, version: Number(row.version), state: jsonColumn<unknown>(row.state) } : undefined,
    memberId: bound?.memberId,
    bound: bound && { lastChannel: bound.lastChannel, unreachable: Boolean(bound.unreachable) },
    sessionReport: readReportContext(row.sessionReport),
  };
}

/** Saves the state if nobody saved it since it was read (optimistic concurrency); false if somebody did. */
async function saveState(tx: Tx, key: TurnKey, read: { id: string; version: number } | undefined, state: ConversationState) {
  const json = JSON.stringify(state);
  const saved = read
    ? await tx.$executeRaw`
        UPDATE "Conversation" SET "state" = ${json}, "version" = ${read.version + 1}, "updatedAt" = ${new Date()}
        WHERE "id" = ${read.id} AND "version" = ${read.version}`
    : await tx.$executeRaw`
        INSERT INTO "Conversation" ("id", "channel", "userId", "state", "version", "updatedAt")
        VALUES (${uuidv7()}, ${key.channel}, ${key.userId}, ${json}, 1, ${new Date()})
        ON CONFLICT ("channel", "userId") DO NOTHING`;
  return saved === 1;
}

/** The replies of a batch's turns: written together, just before the batch's commit. */
const BATCH_REPLIES = {};

/**
 * One attempt at a turn inside `tx`: the replies it queued, or `fresh: false` for a redelivery.
 * Within a batch the replies join the batch's one insert (nothing in a turn reads the outbox).
 */
async function attemptTurn(tx: Tx, ctx: ServiceContext, key: TurnKey, fn: (turn: Turn) => Promise<ConversationState>, batch?: Batch) {
  const out: Outgoing[] = [];
  const begun = await beginTurn(tx, key);
  if (!begun) return { fresh: false, out };
  const { conversation, memberId, bound, sessionReport } = begun;
  const next = await fn({ tx, state: readState(conversation?.state), memberId, bound, sessionReport, out });
  if (!(await saveState(tx, key, conversation, next))) throw new StaleState();
  // The replies are committed with the state they answer: a crash loses neither.
  const at = ctx.now();
  if (batch) batch.gather<TimedOutgoing>(BATCH_REPLIES, queueTimedMessages).push(...out.map((item) => ({ ...item, at })));
  else await queueTimedMessages(tx, out.map((item) => ({ ...item, at })));
  return { fresh: true, out };
}

/** A turn in a transaction of its own, retried on a clash with another writer. */
async function runTurnAlone(ctx: ServiceContext, key: TurnKey, fn: (turn: Turn) => Promise<ConversationState>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.$transaction((tx) => attemptTurn(tx, ctx, key, fn));
    } catch (error) {
      if (error instanceof StaleState && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}

/**
 * Runs one conversational turn for (channel, user) atomically: records the update id (a
 * redelivered update is then skipped), loads the state, lets `fn` change it and the database,
 * and saves the state only if nobody else saved it meanwhile (optimistic concurrency; on a
 * clash the whole turn is retried on fresh state). Replies go into the outbox in the same
 * transaction, and the delivery loop is woken after the commit.
 * Turns arriving while others are being written are committed together (src/db/group-commit.ts);
 * either way this returns only once the turn is committed.
 * Returns false when the update had already been processed.
 */
export async function runTurn(ctx: ServiceContext, key: TurnKey, fn: (turn: Turn) => Promise<ConversationState>): Promise<boolean> {
  const { fresh, out } = await groupCommitOf(ctx.db).run(
    (tx, batch) => attemptTurn(tx, ctx, key, fn, batch),
    () => runTurnAlone(ctx, key, fn),
  );
  if (out.length) ctx.delivery?.wake();
  return fresh;
}

/** A person's conversation as read outside a turn, to change one part of it (writeStatePart). */
export interface StoredConversation {
  channel: string;
  userId: string;
  /** Absent while the person has no conversation yet. */
  row?: { id: string; version: number; state: Record<string, unknown> };
}

/** The stored conversations of these people (channel, platform user id), in their order. */
export async function readConversations(db: DbOrTx, people: { channel: string; userId: string }[]): Promise<StoredConversation[]> {
  if (!people.length) return [];
  // A plain list per channel, which the client cuts to the database's parameter limit: an OR
  // of one (channel, userId) pair per person failed past ~500 people (a cycle opening).
  const byChannel = new Map<string, string[]>();
  for (const { channel, userId } of people) byChannel.set(channel, [...(byChannel.get(channel) ?? []), userId]);
  const rows = [];
  for (const [channel, userIds] of byChannel) rows.push(...(await db.conversation.findMany({ where: { channel, userId: { in: [...new Set(userIds)] } } })));
  const byKey = new Map(rows.map((r) => [`${r.channel}\u0000${r.userId}`, r]));
  return people.map(({ channel, userId }) => {
    const row = byKey.get(`${channel}\u0000${userId}`);
    return { channel, userId, row: row && { id: row.id, version: row.version, state: jsonColumn<Record<string, unknown>>(row.state ?? {}) } };
  });
}

/**
 * The write, for a batch (`db.$transaction([...])`), that sets `part` of a person's state from
 * outside a turn (a cycle opening moves them to its report) and keeps the rest as it was read
 * (a pending absence reason, say). Guarded by the version read: if a turn saved the state since,
 * no row matches and the update fails (P2025); for a person without a conversation, the insert
 * fails on the (channel, userId) key if a turn created one meanwhile (P2002). Either way the
 * batch fails and the caller reads again: a concurrent turn is never overwritten, and the
 * version it is bumped to makes a turn in flight retry on the new state.
 */
export function writeStatePart(db: DbOrTx, stored: StoredConversation, part: Partial<ConversationState>) {
  const { channel, userId, row } = stored;
  if (!row) return db.conversation.create({ data: { channel, userId, state: part as object, version: 1 } });
  return db.conversation.update({
    where: { id: row.id, version: row.version },
    data: { state: { ...row.state, ...part } as object, version: row.version + 1 },
  });
}
