import { AppError, changedMeanwhile, notFound } from "../core/errors.js";
import { formatDateTimeInZone } from "../core/format.js";
import { reachOf } from "../core/reach.js";
import type { Outgoing } from "../channels/channel.js";
import { isGuardFailure } from "../db/errors.js";
import { changedOrFail, type Write } from "../db/guard.js";
import { runUnitOfWork, type Plan } from "./batch.js";
import { auditRow, auditWrite, type ServiceContext } from "./context.js";
import { getCycle } from "./cycles.js";
import { assertNotRun, runWrite, type RunKey } from "./job-runs.js";
import { messageWrites } from "./outbox-queue.js";
import { menuWrites } from "./chat/menu-memory.js";
import { queueWebhookEvent, webhookEvent, webhooksOf } from "./webhooks.js";
import { realCycle } from "./real-cycles.js";

/** A cycle's state in the words of the console ("Kỳ báo cáo đã đóng"). */
const statusWord = (status: string) => ({ open: "đang mở", closed: "đã đóng", locked: "đã chốt số liệu" } as Record<string, string>)[status] ?? status;

/** A leader gets at most this many reminders per report, however many remindAt fires there are. */
export const MAX_NUDGES = 3;

/**
 * Reminds the reporters of every report of the cycle not yet submitted (pending or half done),
 * politely, with the deadline in words, once per person on the channel that reaches them. Those
 * already reminded MAX_NUDGES times, away (absent) or not bound are left alone. Returns how many messages were queued.
 */
export async function nudgeCycle(ctx: ServiceContext, cycleId: string, run?: RunKey): Promise<number> {
  const count = await runUnitOfWork(ctx.db, () => planNudges(ctx, cycleId, run));
  if (count) ctx.delivery?.wake();
  return count;
}

/**
 * Reads the reports to nudge and decides the reminders. One batch: the run, each report's
 * nudge count (checked on the count read, so two runs never both count), the reminders (their
 * dedupe keys queue each once), the menus they show, the audit row.
 */
async function planNudges(ctx: ServiceContext, cycleId: string, run: RunKey | undefined): Promise<Plan<number>> {
  const { db } = ctx;
  await assertNotRun(db, run);
  const cycle = await db.cycle.findUnique({ where: realCycle({ id: cycleId }), include: { ward: true } });
  if (!cycle) throw notFound("cycle", cycleId);
  if (cycle.status !== "open") throw new AppError("conflict", `Kỳ báo cáo ${statusWord(cycle.status)}: chỉ nhắc được khi kỳ đang mở.`);
  const zone = cycle.ward.timezone ?? ctx.defaultTimezone;
  const deadline = formatDateTimeInZone(cycle.dueAt, zone);
  const now = ctx.now();
  const reports = await db.report.findMany({
    where: { cycleId, status: { in: ["pending", "in_progress"] }, nudges: { lt: MAX_NUDGES }, group: { archivedAt: null } },
    include: { group: true },
  });
  // Plain lists (Prisma splits them within the limit of bound parameters); the pairs are matched below.
  const allHolders = await db.memberRole.findMany({
    where: { unitId: { in: [...new Set(reports.map((r) => r.groupId))] }, role: { in: [...new Set(reports.map((r) => r.role))] } },
    include: { member: { include: { identities: true } } },
    orderBy: { id: "asc" },
  });
  const writes: Write[] = [...runWrite(db, run, now)];
  const out: Outgoing[] = [];
  for (const report of reports) {
    const holders = allHolders.filter((h) => h.unitId === report.groupId && h.role === report.role);
    const present = holders.filter((h) => !h.member.absentUntil || h.member.absentUntil <= now);
    // One reminder per person, on the channel that reaches them (core/reach.ts).
    const sends = present.flatMap((h) => {
      const identity = reachOf(h.member.identities, h.member);
      if (!identity) return [];
      return {
        channel: identity.channel,
        userId: identity.externalId,
        address: identity.address,
        message: {
          text:
            `Kính gửi ông/bà ${h.member.name}, ${report.group.name} chưa gửi báo cáo ${cycle.label}. ` +
            `Hạn chót: ${deadline}.\nXin ông/bà bấm “Làm báo cáo” hoặc gõ /baocao để làm ngay. Xin cảm ơn!`,
          choices: [{ label: "Làm báo cáo", value: "cmd:baocao" }],
        },
      };
    });
    const messages: Outgoing[] = sends.map(({ address, message }) => ({ address, message }));
    if (!messages.length) continue;
    writes.push(
      db.report.updateMany({ where: { id: report.id, nudges: report.nudges }, data: { nudges: report.nudges + 1 } }),
      changedOrFail(db),
      // The key makes a retried run (or a second instance) queue each reminder once.
      ...messageWrites(db, now, messages, (item) => `nudge:${report.id}:${report.nudges + 1}:${item.address}`),
      ...menuWrites(db, sends),
    );
    out.push(...messages);
  }
  if (!run) writes.push(auditWrite(ctx, db, { action: "cycle.remind", entity: "cycle", entityId: cycleId, wardId: cycle.wardId, details: { messages: out.length } }));
  return { writes, result: out.length };
}

/**
 * Closes a cycle at its deadline: reports not submitted become "missed". Later submissions are
 * still accepted and flagged late, until the cycle is locked (lockCycle). One batch, guarded by
 * the status read; a scheduled close of a cycle already closed only records its run.
 */
export async function closeCycle(ctx: ServiceContext, cycleId: string, run?: RunKey) {
  await runUnitOfWork(ctx.db, async () => {
    const { db } = ctx;
    await assertNotRun(db, run);
    const now = ctx.now();
    const cycle = await db.cycle.findUnique({ where: realCycle({ id: cycleId }) });
    if (!cycle) throw notFound("cycle", cycleId);
    if (cycle.status === "locked") throw new AppError("conflict", "Kỳ báo cáo đã chốt số liệu nên không đóng lại được.");
    if (cycle.status === "closed") return { writes: runWrite(db, run, now), result: undefined };
    const event = queueWebhookEvent(db, await webhooksOf(db, cycle.wardId), webhookEvent(cycle.wardId, "cycle.closed", { cycleId, cycleLabel: cycle.label, closedAt: now.toISOString() }, now));
    const writes = [
      ...runWrite(db, run, now),
      db.cycle.updateMany({ where: { id: cycleId, status: cycle.status }, data: { status: "closed", closedAt: now } }),
      changedOrFail(db),
      db.report.updateMany({ where: { cycleId, status: { in: ["pending", "in_progress"] } }, data: { status: "missed" } }),
      ...(event ? [event] : []),
      ...(run ? [] : [auditWrite(ctx, db, { action: "cycle.close", entity: "cycle", entityId: cycleId, wardId: cycle.wardId })]),
    ];
    return { writes, result: undefined };
  });
  return getCycle(ctx, cycleId);
}

/**
 * Locks a closed cycle: its figures are final, and late answers are refused until an admin
 * reopens it. Always an explicit act (this admin call, or the ward's scheduled summary, which
 * posts and locks together): building, reading or posting a summary never changes a cycle.
 * One batch, guarded by the status read: a cycle changed meanwhile fails it (409).
 */
export async function lockCycle(ctx: ServiceContext, cycleId: string) {
  const cycle = await ctx.db.cycle.findUnique({ where: realCycle({ id: cycleId }) });
  if (!cycle) throw notFound("cycle", cycleId);
  if (cycle.status !== "closed")
    throw new AppError("conflict", cycle.status === "locked" ? "Kỳ báo cáo đã chốt số liệu rồi." : `Kỳ báo cáo ${statusWord(cycle.status)}: xin đóng kỳ trước, chỉ kỳ đã đóng mới chốt được số liệu.`);
  // Not closed any more (reopened, or locked by the scheduled summary meanwhile): the batch fails.
  await guarded(() =>
    ctx.db.$transaction([
      ctx.db.cycle.updateMany({ where: { id: cycleId, status: "closed" }, data: { status: "locked" } }),
      changedOrFail(ctx.db),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "cycle.lock", entity: "cycle", entityId: cycleId, wardId: cycle.wardId, change: { before: { status: cycle.status }, after: { status: "locked" } } }) }),
    ]),
  );
  return getCycle(ctx, cycleId);
}

/**
 * Unlocks a locked cycle, so that late answers are accepted again (as late). Only an admin does
 * this, on purpose: the summary already sent may no longer match. One batch, guarded like lockCycle.
 */
export async function reopenCycle(ctx: ServiceContext, cycleId: string) {
  const cycle = await ctx.db.cycle.findUnique({ where: realCycle({ id: cycleId }) });
  if (!cycle) throw notFound("cycle", cycleId);
  if (cycle.status !== "locked") throw new AppError("conflict", `Kỳ báo cáo ${statusWord(cycle.status)}: chỉ mở lại được kỳ đã chốt số liệu.`);
  await guarded(() =>
    ctx.db.$transaction([
      ctx.db.cycle.updateMany({ where: { id: cycleId, status: "locked" }, data: { status: "closed" } }),
      changedOrFail(ctx.db),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "cycle.reopen", entity: "cycle", entityId: cycleId, wardId: cycle.wardId, change: { before: { status: cycle.status }, after: { status: "closed" } } }) }),
    ]),
  );
  return getCycle(ctx, cycleId);
}

/** A batch whose guarded update found no row (src/db/guard.ts): the cycle changed since it was read. */
async function guarded(batch: () => Promise<unknown>) {
  try {
    await batch();
  } catch (error) {
    if (isGuardFailure(error)) throw changedMeanwhile("cycle");
    throw error;
  }
}
