import { localDate } from "../../core/calendar.js";
import { AppError } from "../../core/errors.js";
import { formatDateTimeInZone } from "../../core/format.js";
import { openSession, type FlowContext } from "../../core/conversation/report-flow.js";
import type { ReportSession } from "../../core/conversation/report-session.js";
import type { OutboundMessage } from "../../core/conversation/types.js";
import { uuidv7 } from "../../db/ids.js";
import type { Write } from "../../db/guard.js";
import type { Database } from "../../db/types.js";
import type { DbOrTx, ServiceContext } from "../context.js";
import { questionsOf } from "../form.js";
import { openingGreeting } from "../chat/report-chat.js";

/*
 * A simulator session's preview cycle: a Cycle flagged `preview` in the session's ward, opened
 * with the ward's current form, holding reports only for the person the session plays. It is
 * invisible to everything that reads the ward's cycles (real-cycles.ts) and goes with the session.
 */

/** The default name of a preview cycle, as the conversation says it ("báo cáo Kỳ thử"). */
export const PREVIEW_LABEL = "Kỳ thử";
/** A preview cycle's deadline: a day, as long as the session may last (retention.ts). */
export const PREVIEW_DAY_MS = 24 * 3600_000;

/** The ward's current form version, or a 409 the console can say (no form yet). */
export async function currentFormVersion(db: DbOrTx, wardId: string) {
  const form = await db.form.findUnique({ where: { wardId } });
  if (!form) throw new AppError("conflict", "Phường chưa có mẫu báo cáo: xin soạn và lưu mẫu báo cáo trước khi thử trò chuyện.", { field: "form" });
  return db.formVersion.findUniqueOrThrow({ where: { formId_version: { formId: form.id, version: form.currentVersion } } });
}

export interface PreviewReport {
  id: string;
  groupId: string;
  groupName: string;
  role: string;
}

/**
 * The reports a person answers in a cycle of this form: one per group they lead (or head the
 * front of) whose role the form asks, groups in use only, as a real opening makes them.
 */
export async function reportsFor(db: DbOrTx, memberId: string, formRoles: string[]): Promise<PreviewReport[]> {
  const roles = await db.memberRole.findMany({
    where: { memberId, role: { in: formRoles }, unit: { kind: "group", archivedAt: null } },
    include: { unit: { select: { id: true, name: true } } },
    orderBy: { id: "asc" },
  });
  return roles.map((r) => ({ id: uuidv7(), groupId: r.unit.id, groupName: r.unit.name, role: r.role }));
}

/** The writes that create these reports in the preview cycle. */
export const reportWrites = (db: Database, cycleId: string, reports: PreviewReport[]): Write[] =>
  reports.length ? [db.report.createMany({ data: reports.map((r) => ({ id: r.id, cycleId, groupId: r.groupId, role: r.role, answers: {} })) })] : [];

/**
 * What a cycle's opening says to this person (the greeting, the deadline, the first question),
 * and the session their chat moves to: as a real opening would, for the last of their reports.
 */
export async function openingWords(
  ctx: ServiceContext,
  opening: { cycleId: string; label: string; dueAt: Date; zone: string; formVersionId: string; memberName: string; reports: PreviewReport[] },
): Promise<{ messages: OutboundMessage[]; session: ReportSession | undefined }> {
  const questions = await questionsOf(ctx.db, opening.formVersionId);
  const messages: OutboundMessage[] = [];
  let session: ReportSession | undefined;
  for (const report of opening.reports) {
    const flow: FlowContext = { questions, today: localDate(ctx.now(), opening.zone), cycleLabel: opening.label, groupName: report.groupName };
    const result = openSession({ cycleId: opening.cycleId, reportId: report.id }, {}, flow);
    const greeting = openingGreeting(opening.memberName, opening.label, formatDateTimeInZone(opening.dueAt, opening.zone));
    const [first, ...rest] = result.messages;
    messages.push({ ...first!, text: `${greeting}\n${first!.text}` }, ...rest);
    session = result.session ? { ...result.session, reportVersion: 0 } : undefined;
  }
  return { messages, session };
}
