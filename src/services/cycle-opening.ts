import { AppError, invalidFields } from "../core/errors.js";
import { weekLabel } from "../core/calendar.js";
import { nextRuns } from "../core/schedule.js";
import { parseDateTimeInZone } from "../core/time.js";
import { uuidv7 } from "../db/ids.js";
import { isClash } from "../db/errors.js";
import { auditWrite, type ServiceContext } from "./context.js";
import { getCycle } from "./cycles.js";
import { requireWard } from "./wards.js";
import { openingPrompts, type OpeningReport } from "./chat/report-chat.js";
import { readConversations, writeStatePart } from "./chat/conversation-store.js";
import { AlreadyRan, type RunKey } from "./job-runs.js";
import { queueWebhookEvent, webhookEvent, webhooksOf } from "./webhooks.js";
import { queueKeyedInBatch } from "./outbox-queue.js";
import { realCycle } from "./real-cycles.js";

export interface OpenCycleInput {
  dueAt?: string;
  label?: string;
  /** Close the cycle still open (its unanswered reports become missed) and open this one. */
  replaceOpen?: boolean;
}

/** How the scheduler opens a cycle: a computed deadline, and the run that makes it happen once. */
export interface ScheduledOpen {
  dueAt: Date;
  label: string;
  run: RunKey;
}

const DEFAULT_PERIOD_DAYS = 7;
/** Readings and batches tried before a clash with concurrent writers is reported as an error. */
const MAX_ATTEMPTS = 4;


/**
 * Opens a reporting cycle now with the ward's current form version: one pending report per
 * group and answering role, and every bound reporter gets the first question. An admin's
 * opening is refused (409) while a cycle is open unless it says `replaceOpen`; the scheduler's
 * opening replaces it, as a new week replaces the last (its unanswered reports become missed).
 *
 * It reads what it needs, decides, and commits ONE batch: the job run (scheduled), the closing
 * of the cycle replaced, the cycle and its reports, each reporter's conversation moved to the
 * new report, the prompts in the outbox, and the audit row: all of it or none. Guards make a
 * concurrent change fail the batch (the job-run key, `Cycle.openedAfter`, the conversations'
 * versions); it is then read and decided again.
 */
export async function openCycle(ctx: ServiceContext, wardId: string, input: OpenCycleInput, scheduled?: ScheduledOpen) {
  for (let attempt = 1; ; attempt++) {
    const plan = await planOpening(ctx, wardId, input, scheduled);
    try {
      await ctx.db.$transaction(plan.writes);
    } catch (error) {
      if (isClash(error) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    if (plan.prompted) ctx.delivery?.wake();
    return { ...(await getCycle(ctx, plan.cycleId)), prompted: plan.prompted };
  }
}

async function planOpening(ctx: ServiceContext, wardId: string, input: OpenCycleInput, scheduled: ScheduledOpen | undefined) {
  const { db } = ctx;
  const ward = await requireWard(db, wardId);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const now = ctx.now();
  if (scheduled && (await db.jobRun.findUnique({ where: { job_instant: { job: scheduled.run.job, instant: scheduled.run.instant } } })))
    throw new AlreadyRan(scheduled.run);
  const form = await db.form.findUnique({ where: { wardId } });
  if (!form) throw new AppError("conflict", "Phường/xã chưa có mẫu báo cáo: xin soạn mẫu báo cáo trước khi mở kỳ.");
  const version = await db.formVersion.findUniqueOrThrow({ where: { formId_version: { formId: form.id, version: form.currentVersion } } });
  const dueAt = await deadlineOf(ctx, wardId, zone, now, input, scheduled);

  const open = await db.cycle.findMany({ where: realCycle({ wardId, status: "open" }), select: { id: true, label: true } });
  if (open.length && !scheduled && !input.replaceOpen) {
    const [current] = open;
    throw new AppError(
      "conflict",
      `Phường/xã đang có kỳ báo cáo “${current!.label}” chưa đóng. Xin đóng kỳ đó trước, ` +
        "hoặc chọn thay kỳ đang mở (replaceOpen): kỳ cũ được đóng, các báo cáo chưa nộp thành “không báo cáo”.",
      { openCycleId: current!.id, label: current!.label },
    );
  }
  // The guard against two openings decided on the same view: each names the ward's last cycle
  // (the one nothing was opened after yet), and that name is unique.
  const [last] = await db.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Cycle" AS c
    WHERE c."wardId" = ${wardId} AND c."preview" = 0 AND NOT EXISTS (SELECT 1 FROM "Cycle" AS n WHERE n."openedAfter" = c."id")
    ORDER BY c."opensAt" DESC, c."id" DESC LIMIT 1`;

  const cycleId = uuidv7();
  const label = scheduled?.label ?? (input.label?.trim() || weekLabel(now, zone));
  const roles = version.roles as string[];
  // Archived groups get no report, hence no prompt and no reminder.
  const groups = await db.unit.findMany({ where: { wardId, kind: "group", archivedAt: null }, select: { id: true, name: true }, orderBy: { id: "asc" } });
  const reports: OpeningReport[] = groups.flatMap((g) => roles.map((role) => ({ id: uuidv7(), groupId: g.id, groupName: g.name, role })));
  const { out, prompts: moves } = await openingPrompts(ctx, { cycleId, label, dueAt, zone, formVersionId: version.id, reports });
  const read = await readConversations(db, moves);
  // A chat that was not prompted changes only if it is on an older report.
  const changed = moves.map((move, i) => ({ move, stored: read[i]! })).filter(({ move, stored }) => move.prompted || stored.row?.state.session);
  const prompts = changed.map((c) => c.move);
  const conversations = changed.map((c) => c.stored);

  const ids = open.map((c) => c.id);
  // Opening closes the cycles still open: the ward's system hears of each close as if closed by hand.
  const hooks = ids.length ? await webhooksOf(db, wardId) : [];
  const closedEvents = open.map((c) => queueWebhookEvent(db, hooks, webhookEvent(wardId, "cycle.closed", { cycleId: c.id, cycleLabel: c.label, closedAt: now.toISOString() }, now)));
  const writes = [
    ...(scheduled ? [db.jobRun.create({ data: { job: scheduled.run.job, instant: scheduled.run.instant, wardId, ranAt: now, outcome: { opened: cycleId } } })] : []),
    ...(ids.length
      ? [
          db.cycle.updateMany({ where: { id: { in: ids }, status: "open" }, data: { status: "closed", closedAt: now } }),
          db.report.updateMany({ where: { cycleId: { in: ids }, status: { in: ["pending", "in_progress"] } }, data: { status: "missed" } }),
        ]
      : []),
    db.cycle.create({ data: { id: cycleId, wardId, formVersionId: version.id, label, opensAt: now, dueAt, openedAfter: last?.id ?? wardId } }),
    db.report.createMany({ data: reports.map((r) => ({ id: r.id, cycleId, groupId: r.groupId, role: r.role, answers: {} })) }),
    ...conversations.flatMap((stored, i) => writeStatePart(db, stored, prompts[i]!.prompted ? { session: prompts[i]!.session, menu: prompts[i]!.menu } : { session: undefined })),
    ...(out.length ? [queueKeyedInBatch(db, now, out, (item, i) => `cycle-open:${cycleId}:${item.address}:${i}`)] : []),
    ...closedEvents.filter((w) => w !== undefined),
    auditWrite(ctx, db, { action: "cycle.open", entity: "cycle", entityId: cycleId, wardId, details: { label, closed: ids.length } }),
  ];
  return { cycleId, writes, prompted: out.length };
}

async function deadlineOf(ctx: ServiceContext, wardId: string, zone: string, now: Date, input: OpenCycleInput, scheduled: ScheduledOpen | undefined) {
  if (scheduled) return scheduled.dueAt;
  if (input.dueAt) {
    const parsed = parseDateTimeInZone(input.dueAt, zone);
    if (!parsed) throw invalidFields([{ field: "dueAt", code: "invalid_date_time", message: "Hạn nộp chưa đúng: cần ngày giờ dạng 2026-11-27T17:00:00+07:00." }]);
    if (parsed <= now) throw invalidFields([{ field: "dueAt", code: "not_in_future", message: "Hạn nộp phải ở tương lai." }]);
    return parsed;
  }
  const schedule = await ctx.db.schedule.findUnique({ where: { wardId } });
  return (schedule && nextRuns(schedule.dueAt, zone, now, 1)[0]) || new Date(now.getTime() + DEFAULT_PERIOD_DAYS * 86_400_000);
}
