/**
 * Delivery on Workers: no loop runs between requests, so the outbox is emptied by bounded
 * passes, started by the Cron Trigger every minute and right after a commit that queued messages
 * (a webhook turn), each kept alive with ctx.waitUntil. A pass sends what is due, waits out the
 * pacing gaps (a second message to the same chat), and stops when nothing more is due within
 * its time budget; what is left goes with the next pass.
 */
import type { ChannelName } from "../channels/channel.js";
import type { Logger } from "../core/logger.js";
import type { Database } from "../db/types.js";
import type { Deliverer } from "../services/outbox.js";

/** Well inside the 30 s a Worker may go on after its answer. */
export const PASS_BUDGET_MS = 20_000;
/** The shortest wait between two tries of a channel that sent nothing but has messages due. */
const IDLE_WAIT_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the channel has a pending message due before `until` (a chat's gap, a short backoff). */
async function dueBefore(db: Database, queue: string, until: Date): Promise<boolean> {
  const row = await db.outboxMessage.findFirst({
    where: { status: "pending", channel: queue, nextAttemptAt: { lte: until } },
    select: { id: true },
  });
  return row !== null;
}

/** One channel of one deliverer, until its queue is empty for the budget or the budget is spent. */
async function drain(db: Database, deliverer: Deliverer, channel: ChannelName | undefined, queue: string, until: number, log: Logger) {
  while (Date.now() < until) {
    const wait = deliverer.waitMs?.(channel) ?? 0;
    if (wait > 0) {
      if (Date.now() + wait >= until) return;
      await sleep(wait);
      continue;
    }
    let sent: number;
    try {
      sent = await deliverer.deliverDue(channel);
    } catch (error) {
      log.error("delivery pass failed", { channel, error });
      return;
    }
    if (sent > 0) continue;
    if (!(await dueBefore(db, queue, new Date(until)))) return;
    await sleep(IDLE_WAIT_MS);
  }
}

/** A deliverer and, when it has no channels of its own (the webhooks'), the outbox queue it reads. */
export interface PassTarget {
  deliverer: Deliverer;
  queue?: string;
}

/** Every channel of every deliverer side by side: a slow one never holds back another. */
export async function deliveryPass(db: Database, targets: PassTarget[], log: Logger, budgetMs = PASS_BUDGET_MS): Promise<void> {
  const until = Date.now() + budgetMs;
  await Promise.all(
    targets.flatMap(({ deliverer, queue }) =>
      deliverer.channels
        ? deliverer.channels().map((channel) => drain(db, deliverer, channel, channel, until, log))
        : queue
          ? [drain(db, deliverer, undefined, queue, until, log)]
          : [],
    ),
  );
}

/**
 * The `delivery.wake` of the services on Workers: one pass at a time per isolate; a wake during a
 * pass runs one more pass after it (it may have queued after the pass looked). Every waker gets
 * the promise to hand to its own ctx.waitUntil.
 */
export function passWaker(run: () => Promise<void>) {
  let running: Promise<void> | undefined;
  let again = false;
  const start = (): Promise<void> =>
    (running = run().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        return start();
      }
    }));
  return (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    return start();
  };
}
