import { AppError, invalidFields, notFound } from "../core/errors.js";
import { localDate } from "../core/calendar.js";
import { formatInstant } from "../core/time.js";
import { OFFICE_VIA, readOfficeAnswers } from "../core/report-entry.js";
import { commitBatch } from "./batch.js";
import { auditRow, type ServiceContext } from "./context.js";
import { questionsOf } from "./form.js";
import { queueWebhookEvent, reportEventData, webhookEvent, webhooksOf } from "./webhooks.js";
import { REAL_CYCLE } from "./real-cycles.js";
import { changedOrFail } from "../db/guard.js";

export interface OfficeEntry {
  /** Each answer as text, as the reporter said it on the phone ("12", "212 triệu", "có"). */
  answers: Record<string, string>;
  /** Why the office entered it ("Tổ trưởng báo qua điện thoại"): kept with the revision. */
  reason: string;
  /** The report's version the officer saw (GET /cycles/{id}); a report changed since is a 409. */
  version?: number;
}

/**
 * Enters or corrects a report on its reporter's behalf. Reads what it needs, decides in pure code
 * (the chat's own parsers, core/report-entry.ts), then commits one batch: the report, guarded by
 * the version it was read at (a leader answering on Telegram meanwhile fails the batch, and their
 * own open session sees a newer version and starts again from what is stored), its revision with
 * who entered it and why, and the audit row.
 */
export async function enterReport(ctx: ServiceContext, cycleId: string, reportId: string, entry: OfficeEntry) {
  const report = await ctx.db.report.findUnique({ where: { id: reportId, cycle: REAL_CYCLE }, include: { cycle: { include: { ward: true } } } });
  if (!report || report.cycleId !== cycleId) throw notFound("report", reportId);
  if (entry.version !== undefined && entry.version !== report.version)
    throw new AppError("conflict", "Báo cáo vừa được thay đổi ở nơi khác (có thể tổ trưởng vừa gửi qua chat). Xin tải lại rồi nhập lại.", { field: "version", current: report.version });
  const cycle = report.cycle;
  if (cycle.status === "locked") throw new AppError("conflict", "Kỳ báo cáo đã chốt số liệu: xin mở lại kỳ trước khi sửa báo cáo.", { field: "cycle", status: "locked" });
  const zone = cycle.ward.timezone ?? ctx.defaultTimezone;
  const now = ctx.now();
  const read = readOfficeAnswers(await questionsOf(ctx.db, cycle.formVersionId), entry.answers, localDate(now, zone));
  if (!read.ok) throw invalidFields(read.problems);

  // The report belongs to the role's holder, as if they had sent it themselves.
  const holder = report.memberId
    ? { memberId: report.memberId }
    : await ctx.db.memberRole.findFirst({ where: { unitId: report.groupId, role: report.role, member: { archivedAt: null } }, select: { memberId: true } });
  const memberId = holder?.memberId ?? null;
  // A correction keeps the timeliness of what was first sent; a first entry is late after the deadline.
  const late = report.status === "submitted" ? report.late : cycle.status === "closed" || now > cycle.dueAt;
  const answers = read.answers as object;
  const hooks = await webhooksOf(ctx.db, cycle.wardId);
  const group = await ctx.db.unit.findUniqueOrThrow({ where: { id: report.groupId }, select: { name: true } });
  const event = webhookEvent(
    cycle.wardId,
    report.status === "submitted" ? "report.edited" : "report.submitted",
    reportEventData({ id: report.id, cycleId, cycleLabel: cycle.label, groupId: report.groupId, groupName: group.name, version: report.version + 1, late, via: OFFICE_VIA, answers, submittedAt: now }),
    now,
  );
  const queued = queueWebhookEvent(ctx.db, hooks, event);
  await commitBatch(
    ctx.db,
    [
      // The version check: an answer saved since the read fails the batch (409, try again).
      ctx.db.report.updateMany({
        where: { id: report.id, version: report.version },
        data: { answers, status: "submitted", memberId, submittedAt: now, via: OFFICE_VIA, late, version: report.version + 1 },
      }),
      changedOrFail(ctx.db),
      ctx.db.reportRevision.create({
        data: { reportId: report.id, answers, memberId, via: OFFICE_VIA, late, submittedAt: now, enteredBy: ctx.actor, reason: entry.reason.trim() },
      }),
      ctx.db.auditLog.create({
        // Which questions, not the answers or the reason: those stay in the report's own rows.
        data: auditRow(ctx, { action: "report.enter", entity: "report", entityId: report.id, wardId: cycle.wardId, details: { cycleId, questions: Object.keys(read.answers), late } }),
      }),
      ...(queued ? [queued] : []),
    ],
    "report",
  );
  return reportHistory(ctx, cycleId, reportId);
}

/** A report's submissions, newest first: who sent each (or which admin entered it, and why). */
export async function reportHistory(ctx: ServiceContext, cycleId: string, reportId: string) {
  const report = await ctx.db.report.findUnique({
    where: { id: reportId, cycle: REAL_CYCLE },
    include: { cycle: { include: { ward: true } }, revisions: { orderBy: { submittedAt: "desc" } } },
  });
  if (!report || report.cycleId !== cycleId) throw notFound("report", reportId);
  const zone = report.cycle.ward.timezone ?? ctx.defaultTimezone;
  const ids = [...new Set(report.revisions.map((r) => r.memberId).filter((id): id is string => !!id))];
  const names = new Map((await ctx.db.member.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));
  return {
    id: report.id,
    version: report.version,
    status: report.status === "submitted" && report.late ? "late" : report.status,
    via: report.via,
    revisions: report.revisions.map((r) => ({
      submittedAt: formatInstant(r.submittedAt, zone),
      via: r.via,
      late: r.late,
      memberId: r.memberId,
      memberName: r.memberId ? (names.get(r.memberId) ?? null) : null,
      enteredBy: r.enteredBy,
      reason: r.reason,
      answers: r.answers as Record<string, string | number | boolean>,
    })),
  };
}
