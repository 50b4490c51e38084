import { notFound } from "../core/errors.js";
import { formatInstant } from "../core/time.js";
import type { AnswerValue } from "../core/form.js";
import type { ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";
import { toQuestionDto } from "./form.js";
import { DEFAULT_PAGE_LIMIT, pageOf, type PageRequest } from "../core/pagination.js";
import { instantAfter, instantKey } from "./paging.js";
import { realCycle } from "./real-cycles.js";

export const CYCLE_STATUSES = ["open", "closed", "locked"] as const;

export interface CycleListQuery extends PageRequest {
  status?: (typeof CYCLE_STATUSES)[number];
}

/** A ward's cycles, newest first, a page at a time (a ward opens about 52 a year). */
export async function listCycles(ctx: ServiceContext, wardId: string, query: CycleListQuery = { limit: DEFAULT_PAGE_LIMIT }) {
  const ward = await requireWard(ctx.db, wardId);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const rows = await ctx.db.cycle.findMany({
    where: realCycle({ wardId, ...(query.status ? { status: query.status } : {}), ...instantAfter(query.cursor, "opensAt", "desc") }),
    orderBy: [{ opensAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { reports: { select: { status: true } }, formVersion: { select: { version: true } } },
  });
  const page = pageOf(rows, query.limit, instantKey("opensAt"));
  return { ...page, items: page.items.map((c) => ({
    id: c.id,
    wardId: c.wardId,
    label: c.label,
    opensAt: formatInstant(c.opensAt, zone),
    dueAt: formatInstant(c.dueAt, zone),
    status: c.status,
    formVersion: c.formVersion.version,
    reports: { expected: c.reports.length, submitted: c.reports.filter((r) => r.status === "submitted").length },
  })) };
}

export type ReportStatus = "pending" | "in_progress" | "submitted" | "late" | "missed";

/** What the admin API shows of a report's status: a submission after the deadline is "late". */
function reportStatus(r: { status: string; late: boolean }): ReportStatus {
  return r.status === "submitted" && r.late ? "late" : (r.status as ReportStatus);
}

interface ReportDto {
  id: string;
  version: number;
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
    where: realCycle({ id: cycleId }),
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
      id: r.id,
      version: r.version,
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
    // The questions of the form version the cycle opened with (the ward's form may have changed since).
    questions: cycle.formVersion.questions.map(toQuestionDto),
    groups: [...byGroup.values()],
  };
}
