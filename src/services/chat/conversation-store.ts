import { SESSION_VERSION, type ReportSession } from "../../core/conversation/report-session.js";
import type { Outgoing } from "../../channels/channel.js";
import type { DbOrTx, ServiceContext } from "../context.js";
import { queueMessages } from "../outbox.js";

/** What is stored per person and channel. */
export interface ConversationState {
  session?: ReportSession;
  /** The meeting invitation (invitee id) whose "Vắng" awaits a reason. */
  awaitingAbsenceReason?: string;
}

type Tx = Parameters<Parameters<ServiceContext["db"]["$transaction"]>[0]>[0];

export interface Turn {
  tx: Tx;
  state: ConversationState;
  /** Messages to send once the turn is committed. */
  out: Outgoing[];
}

class StaleState extends Error {}
const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";
const MAX_ATTEMPTS = 4;

function readState(raw: unknown): ConversationState {
  const state = (raw ?? {}) as ConversationState;
  // A session stored by an older engine is dropped on purpose rather than misread.
  if (state.session && state.session.v !== SESSION_VERSION) return {};
  return state;
}

/**
 * Runs one conversational turn for (channel, user) atomically: records the update id (a
 * redelivered update is then skipped), loads the state, lets `fn` change it and the database,
 * and saves the state only if nobody else saved it meanwhile (optimistic concurrency; on a
 * clash the whole turn is retried on fresh state). Replies go into the outbox in the same
 * transaction, and the delivery loop is woken after the commit.
 * Returns false when the update had already been processed.
 */
export async function runTurn(
  ctx: ServiceContext,
  key: { channel: string; userId: string; updateId?: string },
  fn: (turn: Turn) => Promise<ConversationState>,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const out: Outgoing[] = [];
    try {
      await ctx.db.$transaction(async (tx) => {
        if (key.updateId) await tx.processedUpdate.create({ data: { channel: key.channel, updateId: key.updateId } });
        const where = { channel_userId: { channel: key.channel, userId: key.userId } };
        const row =
          (await tx.conversation.findUnique({ where })) ??
          (await tx.conversation.create({ data: { channel: key.channel, userId: key.userId, state: {} } }));
        const next = await fn({ tx, state: readState(row.state), out });
        const saved = await tx.conversation.updateMany({
          where: { id: row.id, version: row.version },
          data: { state: next as object, version: row.version + 1 },
        });
        if (saved.count !== 1) throw new StaleState();
        // The replies are committed with the state they answer: a crash loses neither.
        await queueMessages(tx, ctx.now(), out);
      });
    } catch (error) {
      if (isUniqueViolation(error) && key.updateId) return false; // already processed
      if (error instanceof StaleState && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    if (out.length) ctx.delivery?.wake();
    return true;
  }
}

/** Sets a person's state outside an inbound turn (e.g. when a cycle opens and prompts them). */
export async function writeState(db: DbOrTx, channel: string, userId: string, state: ConversationState) {
  await db.conversation.upsert({
    where: { channel_userId: { channel, userId } },
    create: { channel, userId, state: state as object },
    update: { state: state as object, version: { increment: 1 } },
  });
}
