import { AppError, invalidFields, notFound } from "../core/errors.js";
import { weekLabel } from "../core/calendar.js";
import { nextRuns } from "../core/schedule.js";
import { formatInstant, parseDateTimeInZone } from "../core/time.js";
import type { AnswerValue } from "../core/form.js";
import { audit, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";
import { promptReporters } from "./chat/report-chat.js";
import { recordRun, type RunKey } from "./job-runs.js";

export interface OpenCycleInput {
  dueAt?: string;
  label?: string;
}

/** How the scheduler opens a cycle: a computed deadline, and the run that makes it happen once. */
export interface ScheduledOpen {
  dueAt: Date;
  label: string;
  run: RunKey;
}

const DEFAULT_PERIOD_DAYS = 7;

/**
 * Opens a reporting cycle now with the ward's current form version: one pending report per
 * group and answering role. A cycle still open is closed first (its unanswered reports become
 * missed), as a new week replaces the last. Then every bound reporter gets the first question.
 */
export async function openCycle(ctx: ServiceContext, wardId: string, input: OpenCycleInput, scheduled?: ScheduledOpen) {
  const ward = await requireWard(ctx.db, wardId);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const now = ctx.now();
  const form = await ctx.db.form.findUnique({ where: { wardId } });
  if (!form) throw new AppError("conflict", "the ward has no report form yet: PUT /api/v1/wards/{wardId}/form first");
  const version = await ctx.db.formVersion.findUniqueOrThrow({
    where: { formId_version: { formId: form.id, version: form.currentVersion } },
  });

  let dueAt: Date;
  if (scheduled) {
    dueAt = scheduled.dueAt;
  } else if (input.dueAt) {
    const parsed = parseDateTimeInZone(input.dueAt, zone);
    if (!parsed) throw invalidFields([{ field: "dueAt", message: "must be an ISO 8601 date-time, e.g. 2026-11-27T17:00:00+07:00" }]);
    if (parsed <= now) throw invalidFields([{ field: "dueAt", message: "must be in the future" }]);
    dueAt = parsed;
  } else {
    const schedule = await ctx.db.schedule.findUnique({ where: { wardId } });
    dueAt = (schedule && nextRuns(schedule.dueAt, zone, now, 1)[0]) || new Date(now.getTime() + DEFAULT_PERIOD_DAYS * 86_400_000);
  }

  const roles = version.roles as string[];
  const groups = await ctx.db.unit.findMany({ where: { wardId, kind: "group" }, select: { id: true } });
  const cycle = await ctx.db.$transaction(async (tx) => {
    await recordRun(tx, scheduled?.run, now);
    const open = await tx.cycle.findMany({ where: { wardId, status: "open" }, select: { id: true } });
    if (open.length) {
      const ids = open.map((c) => c.id);
      await tx.cycle.updateMany({ where: { id: { in: ids } }, data: { status: "closed", closedAt: now } });
      await tx.report.updateMany({ where: { cycleId: { in: ids }, status: { in: ["pending", "in_progress"] } }, data: { status: "missed" } });
    }
    const created = await tx.cycle.create({
      data: { wardId, formVersionId: version.id, label: scheduled?.label ?? (input.label?.trim() || weekLabel(now, zone)), opensAt: now, dueAt },
    });
    await tx.report.createMany({
      data: groups.flatMap((g) => roles.map((role) => ({ cycleId: created.id, groupId: g.id, role, answers: {} }))),
    });
    await audit(ctx, tx, { action: "cycle.open", entity: "cycle", entityId: created.id, wardId, details: { label: created.label, closed: open.length } });
    return created;
  });

  const prompted = await promptReporters(ctx, cycle.id);
  return { ...(await getCycle(ctx, cycle.id)), prompted };
}

export async function listCycles(ctx: ServiceContext, wardId: string) {
  const ward = await requireWard(ctx.db, wardId);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const cycles = await ctx.db.cycle.findMany({
    where: { wardId },
    orderBy: { opensAt: "desc" },
    include: { reports: { select: { status: true } }, formVersion: { select: { version: true } } },
  });
  return cycles.map((c) => ({
    id: c.id,
    wardId: c.wardId,
    label: c.label,
    opensAt: formatInstant(c.opensAt, zone),
    dueAt: formatInstant(c.dueAt, zone),
    status: c.status,
    formVersion: c.formVersion.version,
    reports: { expected: c.reports.length, submitted: c.reports.filter((r) => r.status === "submitted").length },
  }));
}

export type ReportStatus = "pending" | "in_progress" | "submitted" | "late" | "missed";

/** What the admin API shows of a report's status: a submission after the deadline is "late". */
function reportStatus(r: { status: string; late: boolean }): ReportStatus {
  return r.status === "submitted" && r.late ? "late" : (r.status as ReportStatus);
}

interface ReportDto {
  role: string;
  memberId: string | null;
  status: ReportStatus;
  /** The role's holder is away (PUT /members/{id}/absence) through the deadline. */
  absent: boolean;
  submittedAt: string | null;
  via: string | null;
  answers: Record<string, AnswerValue>;
}

export async function getCycle(ctx: ServiceContext, cycleId: string) {
  const cycle = await ctx.db.cycle.findUnique({
    where: { id: cycleId },
    include: { ward: true, formVersion: { include: { questions: { orderBy: { position: "asc" } } } }, reports: { include: { group: true } } },
  });
  if (!cycle) throw notFound("cycle", cycleId);
  const zone = cycle.ward.timezone ?? ctx.defaultTimezone;
  // Who holds each report's role, to say who is away, as the summary does.
  const holders = await ctx.db.memberRole.findMany({
    where: { unitId: { in: [...new Set(cycle.reports.map((r) => r.groupId))] } },
    select: { unitId: true, role: true, member: { select: { absentUntil: true } } },
  });
  const away = (groupId: string, role: string) =>
    holders.some((h) => h.unitId === groupId && h.role === role && h.member.absentUntil !== null && h.member.absentUntil >= cycle.dueAt);
  const collator = new Intl.Collator("vi", { numeric: true });
  const byGroup = new Map<string, { groupId: string; name: string; reports: ReportDto[] }>();
  const sorted = [...cycle.reports].sort((a, b) => collator.compare(a.group.name, b.group.name) || a.role.localeCompare(b.role));
  for (const r of sorted) {
    const entry = byGroup.get(r.groupId) ?? { groupId: r.groupId, name: r.group.name, reports: [] };
    byGroup.set(r.groupId, entry);
    const answers = r.answers as Record<string, AnswerValue | null>;
    entry.reports.push({
      role: r.role,
      memberId: r.memberId,
      status: reportStatus(r),
      absent: away(r.groupId, r.role),
      submittedAt: r.submittedAt ? formatInstant(r.submittedAt, zone) : null,
      via: r.via,
      answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null)) as Record<string, AnswerValue>,
    });
  }
  return {
    id: cycle.id,
    wardId: cycle.wardId,
    label: cycle.label,
    opensAt: formatInstant(cycle.opensAt, zone),
    dueAt: formatInstant(cycle.dueAt, zone),
    status: cycle.status,
    formVersion: cycle.formVersion.version,
    groups: [...byGroup.values()],
  };
}
