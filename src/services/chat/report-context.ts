import { sql, jsonColumn, type Sql } from "../../db/sql.js";
import type { DbOrTx } from "../context.js";

/** What a turn needs of a report: its own status, its cycle, its group's name, the ward's zone. */
export interface ReportContext {
  id: string;
  status: string;
  /** Bumped by every change of the answers (Report.version). */
  version: number;
  /** The channel the report was submitted through, once submitted. */
  via: string | null;
  submittedAt: Date | null;
  /** `preview`: a chat simulator session's cycle (Cycle.preview): nothing about it leaves the session. */
  cycle: { id: string; wardId: string; label: string; status: string; dueAt: Date; formVersionId: string; preview: boolean };
  group: { id: string; name: string };
  timezone: string | null;
}

interface ReportContextJson {
  id: string;
  status: string;
  version: number;
  via: string | null;
  submittedAt: string | null;
  label: string;
  cycleStatus: string;
  dueAt: string;
  formVersionId: string;
  groupName: string;
  cycleId: string;
  wardId: string;
  groupId: string;
  timezone: string | null;
  preview: number | boolean;
}

/**
 * The context of the report whose id `reportId` evaluates to, as one JSON object (NULL if there
 * is no such report): a scalar subquery, so that a turn can read it in the statement that
 * starts it (conversation-store.ts), and on its own below. One statement rather than Prisma's
 * four (report, group, cycle, ward): it runs on every answer.
 */
export function reportContextSubquery(reportId: Sql): Sql {
  return sql`(
    SELECT json_object('id', r."id", 'status', r."status", 'version', r."version", 'via', r."via", 'submittedAt', r."submittedAt", 'label', c."label", 'cycleStatus', c."status",
                       'dueAt', c."dueAt", 'formVersionId', c."formVersionId", 'groupName', g."name", 'timezone', w."timezone",
                       'cycleId', c."id", 'wardId', c."wardId", 'groupId', g."id", 'preview', c."preview")
    FROM "Report" AS r
    JOIN "Cycle" AS c ON c."id" = r."cycleId"
    JOIN "Unit" AS g ON g."id" = r."groupId"
    JOIN "Unit" AS w ON w."id" = c."wardId"
    WHERE r."id" = ${reportId})`;
}

/** The value of that subquery as a report context (undefined for NULL). */
export function readReportContext(value: unknown): ReportContext | undefined {
  if (value === null || value === undefined) return undefined;
  const row = jsonColumn<ReportContextJson>(value);
  return {
    id: row.id,
    status: row.status,
    version: Number(row.version),
    via: row.via,
    submittedAt: row.submittedAt === null ? null : new Date(row.submittedAt),
    cycle: { id: row.cycleId, wardId: row.wardId, label: row.label, status: row.cycleStatus, dueAt: new Date(row.dueAt), formVersionId: row.formVersionId, preview: Boolean(row.preview) },
    group: { id: row.groupId, name: row.groupName },
    timezone: row.timezone,
  };
}

export async function loadReportContext(db: DbOrTx, reportId: string): Promise<ReportContext> {
  const [row] = await db.$queryRaw<{ context: unknown }[]>`SELECT ${reportContextSubquery(sql`${reportId}`)} AS "context"`;
  const context = readReportContext(row?.context);
  if (!context) throw new Error(`report ${reportId} not found`);
  return context;
}
