import { upgradeSession, type ReportSession } from "../../core/conversation/report-session.js";
import type { Menu } from "../../core/conversation/menu.js";
import type { Outgoing } from "../../channels/channel.js";
import { isClash } from "../../db/errors.js";
import { groupCommitOf } from "../../db/group-commit.js";
import { changedOrFail, nextVersion, type Write } from "../../db/guard.js";
import { uuidv7 } from "../../db/ids.js";
import { jsonColumn, sql } from "../../db/sql.js";
import type { Database } from "../../db/types.js";
import type { DbOrTx, ServiceContext } from "../context.js";
import { timedMessageWrites, type TimedOutgoing } from "../outbox-queue.js";
import { readReportContext, reportContextSubquery, type ReportContext } from "./report-context.js";
import { isPreviewChannel } from "../../channels/registry.js";

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

export interface Turn {
  /**
   * For reads: the database as committed. The turn's own writes are not in it yet (they are
   * committed at the end, together): read first, then decide, then write.
   */
  db: Database;
  /**
   * The turn's writes, committed in its one batch after the processed-update row and before
   * the state. A write that must not go through when a row changed since it was read is
   * guarded (a version in its WHERE followed by `changedOrFail`, or a unique key): the batch
   * then fails as a whole and the turn is run again on fresh state.
   */
  writes: Write[];
  state: ConversationState;
  /** The member this (channel, user) is bound to, read together with the state. */
  memberId: string | undefined;
  /** Of that binding, read together with the state: what a private turn may have to update. */
  bound: BoundAccount | undefined;
  /** The report the stored session is about, read together with the state (report-chat.ts). */
  sessionReport: ReportContext | undefined;
  /**
   * Set on a preview channel's turn (the console's chat simulator): the session it belongs to.
   * Its person (memberId) comes from the session, not from a binding; its reports are those of
   * the session's preview cycle; it changes nothing of the ward's records (preview-chat.ts).
   */
  preview: PreviewScope | undefined;
  /** Messages to send once the turn is committed. */
  out: Outgoing[];
}

/** A simulator session, as a turn on its chat sees it. */
export interface PreviewScope {
  sessionId: string;
  wardId: string;
  /** The session's preview cycle: the only one this conversation reports into. */
  cycleId: string;
}

/** What the turn's first statement reads of the account's binding (channel-chat.ts keeps it current). */
export interface BoundAccount {
  /** The member's channel of their last private message (Member.lastChannel). */
  lastChannel: string | null;
  /** Whether this account is marked unreachable (ChannelIdentity.unreachableAt). */
  unreachable: boolean;
}

/** Readings and batches of one turn before a clash with concurrent writers is an error. */
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
  processed: number | bigint | boolean;
  id: string | null;
  state: unknown;
  version: number | bigint | null;
  bound: unknown;
  sessionReport: unknown;
  preview: unknown;
}

/**
 * Reads what every turn needs in one statement: whether the update id is already recorded (a
 * redelivery, to be skipped), the conversation row (if any), the bound member (if any) of
 * (channel, user) with the channel they used last, and the context of the report its session
 * is about (if any: every answer needs it).
 */
async function readTurn(db: Database, key: TurnKey) {
  const { channel, userId } = key;
  const mine = sql`"channel" = ${channel} AND "userId" = ${userId}`;
  const state = sql`(SELECT "state" FROM "Conversation" WHERE ${mine})`;
  const processed = key.updateId
    ? sql`EXISTS (SELECT 1 FROM "ProcessedUpdate" WHERE "channel" = ${channel} AND "updateId" = ${key.updateId})`
    : sql`0`;
  // A preview channel's chat is a simulator session: its person is the session's, never a binding.
  const preview = isPreviewChannel(channel);
  const bound = preview
    ? sql`NULL`
    : sql`(SELECT json_object('memberId', i."memberId", 'lastChannel', m."lastChannel", 'unreachable', i."unreachableAt" IS NOT NULL)
     FROM "ChannelIdentity" AS i JOIN "Member" AS m ON m."id" = i."memberId"
     WHERE i."channel" = ${channel} AND i."externalId" = ${userId})`;
  const session = preview
    ? sql`(SELECT json_object('memberId', s."memberId", 'wardId', s."wardId", 'cycleId', s."cycleId") FROM "SimulatorSession" AS s WHERE s."id" = ${userId})`
    : sql`NULL`;
  const [row] = await db.$queryRaw<StoredTurn[]>`
    SELECT ${processed} AS "processed",
    (SELECT "id" FROM "Conversation" WHERE ${mine}) AS "id",
    ${state} AS "state",
    (SELECT "version" FROM "Conversation" WHERE ${mine}) AS "version",
    ${bound} AS "bound",
    ${session} AS "preview",
    ${reportContextSubquery(sql`json_extract(${state}, '$.session.reportId')`)} AS "sessionReport"`;
  if (!row || Number(row.processed)) return undefined;
  // A simulator session ended meanwhile: its chat is gone, nothing to answer.
  if (preview && row.preview == null) return undefined;
  const account = row.bound == null ? undefined : jsonColumn<{ memberId: string; lastChannel: string | null; unreachable: number | boolean }>(row.bound);
  const trial = row.preview == null ? undefined : jsonColumn<{ memberId: string | null; wardId: string; cycleId: string }>(row.preview);
  return {
    conversation: row.id ? { id: row.id, version: Number(row.version), state: jsonColumn<unknown>(row.state) } : undefined,
    memberId: account?.memberId ?? trial?.memberId ?? undefined,
    bound: account && { lastChannel: account.lastChannel, unreachable: Boolean(account.unreachable) },
    sessionReport: readReportContext(row.sessionReport),
    preview: trial && { sessionId: key.userId, wardId: trial.wardId, cycleId: trial.cycleId },
  };
}

/**
 * The first statement of a turn's batch: the update id, on its primary key. A redelivery
 * racing this one fails the batch (unique violation); its retry then reads it as processed.
 */
function recordUpdate(db: Database, key: TurnKey): Write[] {
  if (!key.updateId) return [];
  return [db.$executeRaw`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "processedAt") VALUES (${key.channel}, ${key.updateId}, ${new Date()})`];
}

/**
 * The state's save, if nobody saved it since it was read (optimistic concurrency): the update
 * is checked on the version read in the statement itself (nextVersion: a version moved on fails
 * it, and with it the batch); a first save
 * fails on the (channel, userId) key if another turn created the row meanwhile.
 */
function saveState(db: Database, key: TurnKey, read: { id: string; version: number } | undefined, state: ConversationState): Write[] {
  const json = JSON.stringify(state);
  if (!read)
    return [
      db.$executeRaw`
        INSERT INTO "Conversation" ("id", "channel", "userId", "state", "version", "updatedAt")
        VALUES (${uuidv7()}, ${key.channel}, ${key.userId}, ${json}, 1, ${new Date()})`,
    ];
  return [
    db.$executeRaw`
      UPDATE "Conversation" SET "state" = ${json}, "version" = ${nextVersion(read.version)}, "updatedAt" = ${new Date()}
      WHERE "id" = ${read.id}`,
  ];
}

/** The outbox rows of replies (sent before bulk messages), one writer per client: a group commit gathers rows by their writer. */
const replyWriters = new WeakMap<Database, (items: TimedOutgoing[]) => Write[]>();
function replyWrites(db: Database) {
  let write = replyWriters.get(db);
  if (!write) replyWriters.set(db, (write = (items) => timedMessageWrites(db, items, "reply")));
  return write;
}

/**
 * Runs one conversational turn for (channel, user) as one unit of work: reads the state (and
 * whether the update was already processed: then it is skipped), lets `fn` decide on it
 * (reading through `turn.db`, adding writes to `turn.writes`), and commits ONE batch: the
 * update id, the turn's writes, the state (version-checked) and the replies in the outbox (at
 * the end, gathered with those of the group, see src/db/group-commit.ts). A
 * crash loses neither the state nor its replies; a concurrent writer fails the batch, and the
 * whole turn is run again on fresh state. The delivery loop is woken after the commit.
 * Returns false when the update had already been processed.
 */
export async function runTurn(ctx: ServiceContext, key: TurnKey, fn: (turn: Turn) => Promise<ConversationState>): Promise<boolean> {
  const { db } = ctx;
  for (let attempt = 1; ; attempt++) {
    const read = await readTurn(db, key);
    if (!read) return false;
    const { conversation, memberId, bound, sessionReport, preview } = read;
    const turn: Turn = { db, writes: [], state: readState(conversation?.state), memberId, bound, sessionReport, preview, out: [] };
    const next = await fn(turn);
    const at = ctx.now();
    try {
      // Committed with the batches of other turns arriving meanwhile (src/db/group-commit.ts).
      await groupCommitOf(db).commit([...recordUpdate(db, key), ...turn.writes, ...saveState(db, key, conversation, next)], {
        items: turn.out.map((item) => ({ ...item, at })),
        write: replyWrites(db),
      });
    } catch (error) {
      if (isClash(error) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    if (turn.out.length) ctx.delivery?.wake();
    return true;
  }
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
 * no row matches and the guard after the update fails the batch (src/db/guard.ts); for a person
 * without a conversation, the insert fails on the (channel, userId) key if a turn created one
 * meanwhile (P2002). Either way the
 * batch fails and the caller reads again: a concurrent turn is never overwritten, and the
 * version it is bumped to makes a turn in flight retry on the new state.
 */
export function writeStatePart(db: Database, stored: StoredConversation, part: Partial<ConversationState>): Write[] {
  const { channel, userId, row } = stored;
  if (!row) return [db.conversation.create({ data: { channel, userId, state: part as object, version: 1 } })];
  return [
    db.conversation.updateMany({
      where: { id: row.id, version: row.version },
      data: { state: { ...row.state, ...part } as object, version: row.version + 1 },
    }),
    changedOrFail(db),
  ];
}
