import { AppError, notFound } from "../core/errors.js";
import { formatDateTimeInZone } from "../core/format.js";
import { reachAddressOf } from "../core/reach.js";
import type { Outgoing } from "../channels/channel.js";
import { audit, type ServiceContext } from "./context.js";
import { getCycle } from "./cycles.js";
import { recordRun, type RunKey } from "./job-runs.js";
import { queueMessages } from "./outbox.js";

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
      where: { cycleId, status: { in: ["pending", "in_progress"] }, nudges: { lt: MAX_NUDGES } },
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
      const messages = present.flatMap((h) => {
        const address = reachAddressOf(h.member);
        if (!address) return [];
        return {
          address,
          message: {
            text:
              `Kính gửi ông/bà ${h.member.name}, ${report.group.name} chưa gửi báo cáo ${cycle.label}. ` +
              `Hạn chót: ${deadline}.\nXin ông/bà bấm “Làm báo cáo” hoặc gõ /baocao để làm ngay. Xin cảm ơn!`,
            choices: [{ label: "Làm báo cáo", value: "cmd:baocao" }],
          },
        };
      });
      if (!messages.length) continue;
      await tx.report.update({ where: { id: report.id }, data: { nudges: { increment: 1 } } });
      // The key makes a retried run (or a second instance) queue each reminder once.
      await queueMessages(tx, now, messages, (item) => `nudge:${report.id}:${report.nudges + 1}:${item.address}`);
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
 * still accepted and flagged late, until a summary locks the cycle.
 */
export async function closeCycle(ctx: ServiceContext, cycleId: string, run?: RunKey) {
  const now = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    await recordRun(tx, run, now);
    const cycle = await tx.cycle.findUnique({ where: { id: cycleId } });
    if (!cycle) throw notFound("cycle", cycleId);
    if (cycle.status === "locked") throw new AppError("conflict", "the cycle is locked: its summary has been built");
    if (cycle.status === "closed") return;
    await tx.cycle.update({ where: { id: cycleId }, data: { status: "closed", closedAt: now } });
    await tx.report.updateMany({ where: { cycleId, status: { in: ["pending", "in_progress"] } }, data: { status: "missed" } });
    if (!run) await audit(ctx, tx, { action: "cycle.close", entity: "cycle", entityId: cycleId, wardId: cycle.wardId });
  });
  return getCycle(ctx, cycleId);
}

/**
 * Unlocks a cycle whose summary has been built, so that late answers are accepted again (as
 * late). Only an admin does this, on purpose: the summary already sent no longer matches.
 */
export async function reopenCycle(ctx: ServiceContext, cycleId: string) {
  await ctx.db.$transaction(async (tx) => {
    const cycle = await tx.cycle.findUnique({ where: { id: cycleId } });
    if (!cycle) throw notFound("cycle", cycleId);
    if (cycle.status !== "locked") throw new AppError("conflict", `the cycle is ${cycle.status}: only a locked cycle is reopened`);
    await tx.cycle.update({ where: { id: cycleId }, data: { status: "closed" } });
    await audit(ctx, tx, { action: "cycle.reopen", entity: "cycle", entityId: cycleId, wardId: cycle.wardId });
  });
  return getCycle(ctx, cycleId);
}
