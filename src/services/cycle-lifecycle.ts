import { AppError, notFound } from "../core/errors.js";
import { formatDateTimeInZone } from "../core/format.js";
import { reachOf } from "../core/reach.js";
import type { Outgoing } from "../channels/channel.js";
import { audit, auditRow, type ServiceContext } from "./context.js";
import { getCycle } from "./cycles.js";
import { recordRun, type RunKey } from "./job-runs.js";
import { queueMessages } from "./outbox.js";
import { recordMenusShown } from "./chat/menu-memory.js";
import { emitWebhookEvent } from "./webhooks.js";

/** A leader gets at most this many reminders per report, however many remindAt fires there are. */
export const MAX_NUDGES = 3;

/**
 * Reminds the reporters of every report of the cycle not yet submitted (pending or half done),
 * politely, with the deadline in words, once per person on the channel that reaches them. Those
 * already reminded MAX_NUDGES times, away (absent) or not bound are left alone. Returns how many messages were queued.
 */
export async function nudgeCycle(ctx: ServiceContext, cycleId: string, run?: RunKey): Promise<number> {
  const cycle = await ctx.db.cycle.findUnique({ where: { id: cycleId }, include: { ward: true } });
  if (!cycle) throw notFound("cycle", cycleId);
  if (cycle.status !== "open") throw new AppError("conflict", `the cycle is ${cycle.status}: reminders go only to an open cycle`);
  const zone = cycle.ward.timezone ?? ctx.defaultTimezone;
  const deadline = formatDateTimeInZone(cycle.dueAt, zone);
  const now = ctx.now();
  const count = await ctx.db.$transaction(async (tx) => {
    await recordRun(tx, run, now);
    const reports = await tx.report.findMany({
      where: { cycleId, status: { in: ["pending", "in_progress"] }, nudges: { lt: MAX_NUDGES }, group: { archivedAt: null } },
      include: { group: true },
    });
    const out: Outgoing[] = [];
    for (const report of reports) {
      const holders = await tx.memberRole.findMany({
        where: { unitId: report.groupId, role: report.role },
        include: { member: { include: { identities: true } } },
      });
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
      await tx.report.update({ where: { id: report.id }, data: { nudges: { increment: 1 } } });
      // The key makes a retried run (or a second instance) queue each reminder once.
      await queueMessages(tx, now, messages, (item) => `nudge:${report.id}:${report.nudges + 1}:${item.address}`);
      await recordMenusShown(tx, sends);
      out.push(...messages);
    }
    if (!run) await audit(ctx, tx, { action: "cycle.remind", entity: "cycle", entityId: cycleId, wardId: cycle.wardId, details: { messages: out.length } });
    return out.length;
  });
  if (count) ctx.delivery?.wake();
  return count;
}

/**
 * Closes a cycle at its deadline: reports not submitted become "missed". Later submissions are
 * still accepted and flagged late, until the cycle is locked (lockCycle).
 */
export async function closeCycle(ctx: ServiceContext, cycleId: string, run?: RunKey) {
  const now = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    await recordRun(tx, run, now);
    const cycle = await tx.cycle.findUnique({ where: { id: cycleId } });
    if (!cycle) throw notFound("cycle", cycleId);
    if (cycle.status === "locked") throw new AppError("conflict", "the cycle is locked: its figures are final");
    if (cycle.status === "closed") return;
    await tx.cycle.update({ where: { id: cycleId }, data: { status: "closed", closedAt: now } });
    await tx.report.updateMany({ where: { cycleId, status: { in: ["pending", "in_progress"] } }, data: { status: "missed" } });
    await emitWebhookEvent(tx, cycle.wardId, "cycle.closed", { cycleId, cycleLabel: cycle.label, closedAt: now.toISOString() }, now);
    if (!run) await audit(ctx, tx, { action: "cycle.close", entity: "cycle", entityId: cycleId, wardId: cycle.wardId });
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
  const cycle = await ctx.db.cycle.findUnique({ where: { id: cycleId } });
  if (!cycle) throw notFound("cycle", cycleId);
  if (cycle.status !== "closed")
    throw new AppError("conflict", cycle.status === "locked" ? "the cycle is already locked" : `the cycle is ${cycle.status}: close it first; only a closed cycle is locked`);
  // Not closed any more (reopened, or locked by the scheduled summary meanwhile): the batch fails.
  await guarded(() =>
    ctx.db.$transaction([
      ctx.db.cycle.update({ where: { id: cycleId, status: "closed" }, data: { status: "locked" } }),
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
  const cycle = await ctx.db.cycle.findUnique({ where: { id: cycleId } });
  if (!cycle) throw notFound("cycle", cycleId);
  if (cycle.status !== "locked") throw new AppError("conflict", `the cycle is ${cycle.status}: only a locked cycle is reopened`);
  await guarded(() =>
    ctx.db.$transaction([
      ctx.db.cycle.update({ where: { id: cycleId, status: "locked" }, data: { status: "closed" } }),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "cycle.reopen", entity: "cycle", entityId: cycleId, wardId: cycle.wardId, change: { before: { status: cycle.status }, after: { status: "closed" } } }) }),
    ]),
  );
  return getCycle(ctx, cycleId);
}

/** A batch whose guarded update found no row (Prisma's P2025): the cycle changed since it was read. */
async function guarded(batch: () => Promise<unknown>) {
  try {
    await batch();
  } catch (error) {
    if ((error as { code?: string })?.code === "P2025") throw new AppError("conflict", "the cycle changed meanwhile: read it again");
    throw error;
  }
}
