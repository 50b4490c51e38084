/**
 * Roll-up of weekly reports across wards: how many reports were due, sent, sent late or not
 * sent, and the sum of every numeric answer, per ward and in total. Pure: the service loads
 * rows and feeds them in chunks, so memory stays flat however many reports there are.
 */
import { addDays, parseIsoDate } from "./calendar.js";
import { invalidFields, type FieldProblem } from "./errors.js";
import { isNumericType } from "./form.js";
import { groupReporting, isComplete } from "./group-standing.js";
import type { Role } from "./roles.js";

/** Four weeks up to today when no period is given: a month of weekly cycles. */
export const DEFAULT_PERIOD_DAYS = 28;
/** A year at most (leap years included): enough for a tổng kết, bounded for the server. */
export const MAX_PERIOD_DAYS = 366;

export interface Period {
  from: string;
  to: string;
}

const dayNumber = (isoDate: string) => {
  const d = parseIsoDate(isoDate)!;
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
};

/**
 * The period asked for, both ends inclusive local days. `to` defaults to today and `from` to
 * four weeks before `to`. Throws a 400 naming the bad field.
 */
export function resolvePeriod(query: { from?: string; to?: string }, today: string): Period {
  const problems: FieldProblem[] = [];
  for (const field of ["from", "to"] as const) {
    const value = query[field];
    if (value !== undefined && !parseIsoDate(value)) problems.push({ field, code: "invalid_date", message: `${field === "from" ? "Từ ngày" : "Đến ngày"} chưa đúng: cần một ngày có thật dạng YYYY-MM-DD, ví dụ 2026-11-23.` });
  }
  if (problems.length) throw invalidFields(problems);
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw invalidFields([{ field: "from", code: "out_of_order", message: "Từ ngày không được sau đến ngày." }]);
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_PERIOD_DAYS)
    throw invalidFields([{ field: "from", code: "too_big", message: `Khoảng thời gian dài nhất là ${MAX_PERIOD_DAYS} ngày: xin chọn khoảng ngắn hơn.` }]);
  return { from, to };
}

export interface RollupWardInput {
  id: string;
  name: string;
}
/** A cycle of one of the wards, already known to open within the period. */
export interface RollupCycleInput {
  id: string;
  wardId: string;
  formVersionId: string;
}
export interface RollupVersionInput {
  id: string;
  version: number;
  createdAt: Date;
  /** In the form's order. */
  questions: { key: string; text: string; type: string }[];
}
export interface RollupReportInput {
  cycleId: string;
  groupId: string;
  role: string;
  status: string;
  late: boolean;
  answers: unknown;
}

export interface RollupQuestion {
  key: string;
  text: string;
  type: string;
}
export interface ReportCounts {
  expected: number;
  submitted: number;
  late: number;
  missing: number;
}
/**
 * Groups per cycle, by the rule of core/group-standing.ts: complete when every role the form asks
 * for has submitted (late: one of them after the deadline), partial when some have, missing when
 * none has. `expected` counts each group once per cycle.
 */
export interface GroupCounts {
  expected: number;
  complete: number;
  late: number;
  partial: number;
  missing: number;
}
/** Reports of one role: expected (one per group and cycle asking it) and submitted (late included). */
export type RoleCounts = Record<string, { expected: number; submitted: number }>;
export interface WardRollup {
  wardId: string;
  name: string;
  cycles: number;
  reports: ReportCounts;
  groups: GroupCounts;
  byRole: RoleCounts;
  /** Groups complete ÷ groups expected (the same as reports with a single role). */
  submissionRate: number | null;
  totals: Record<string, number>;
}
export interface RollupTotals extends ReportCounts {
  cycles: number;
  groups: GroupCounts;
  byRole: RoleCounts;
  submissionRate: number | null;
  totals: Record<string, number>;
}

/**
 * The numeric questions of the given form versions, one per key (the key is the question's
 * identity; its wording may change between versions). Text and type come from the newest
 * version that has the key; the order is the newest form's, then keys only older forms had.
 */
export function numericQuestions(versions: RollupVersionInput[]): RollupQuestion[] {
  const newestFirst = [...versions].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.version - a.version || (a.id < b.id ? -1 : 1),
  );
  const byKey = new Map<string, RollupQuestion>();
  for (const v of newestFirst)
    for (const q of v.questions) if (!byKey.has(q.key)) byKey.set(q.key, { key: q.key, text: q.text, type: q.type });
  return [...byKey.values()].filter((q) => isNumericType(q.type));
}

/** submitted / expected to three decimals; null (not NaN) when nothing was expected. */
export const submissionRate = (submitted: number, expected: number): number | null =>
  expected === 0 ? null : Math.round((submitted / expected) * 1000) / 1000;

/** Sums of decimals carry binary noise (0.1 + 0.2); whole numbers (money, counts) stay exact. */
const tidy = (n: number) => (Number.isInteger(n) ? n : Number(n.toPrecision(15)));

interface Tally {
  cycles: number;
  expected: number;
  submitted: number;
  late: number;
  groups: GroupCounts;
  byRole: RoleCounts;
  totals: Record<string, number>;
}

const zeroGroups = (): GroupCounts => ({ expected: 0, complete: 0, late: 0, partial: 0, missing: 0 });

function addRoles(into: RoleCounts, from: RoleCounts) {
  for (const [role, c] of Object.entries(from)) {
    const to = (into[role] ??= { expected: 0, submitted: 0 });
    to.expected += c.expected;
    to.submitted += c.submitted;
  }
}

const zeroTotals = (questions: RollupQuestion[]) => Object.fromEntries(questions.map((q) => [q.key, 0]));

/**
 * Accumulates reports ward by ward. Every report row counts as expected; "submitted" includes
 * late submissions (late is a flag on a submitted report); "missing" is everything else
 * (pending, in progress, missed). Each group of each cycle is also classified as complete,
 * partial or missing by the reports of all its roles, which is why `add` must be given every
 * report of the cycles it covers at once. Only submitted answers are summed, and only for keys
 * that are numeric in the version the cycle was asked with.
 */
export function rollupBuilder(wards: RollupWardInput[], cycles: RollupCycleInput[], versions: RollupVersionInput[]) {
  const questions = numericQuestions(versions);
  const listed = new Set(questions.map((q) => q.key));
  const keysOfVersion = new Map(
    versions.map((v) => [v.id, v.questions.filter((q) => isNumericType(q.type) && listed.has(q.key)).map((q) => q.key)]),
  );
  const tallies = new Map<string, Tally>(
    wards.map((w) => [w.id, { cycles: 0, expected: 0, submitted: 0, late: 0, groups: zeroGroups(), byRole: {}, totals: zeroTotals(questions) }]),
  );
  const ofCycle = new Map<string, { tally: Tally; keys: string[] }>();
  for (const c of cycles) {
    const tally = tallies.get(c.wardId);
    if (!tally) continue;
    tally.cycles++;
    ofCycle.set(c.id, { tally, keys: keysOfVersion.get(c.formVersionId) ?? [] });
  }

  const folded = new Set<string>();

  return {
    /** Every report of some cycles: a cycle's reports may not be split over two calls. */
    add(reports: Iterable<RollupReportInput>) {
      const groupsOf = new Map<string, { tally: Tally; reports: RollupReportInput[] }>();
      for (const r of reports) {
        const of = ofCycle.get(r.cycleId);
        if (!of) continue;
        if (folded.has(r.cycleId)) throw new Error(`rollup: the reports of cycle ${r.cycleId} came in two parts`);
        const { tally, keys } = of;
        const key = `${r.cycleId}\u0000${r.groupId}`;
        const group = groupsOf.get(key) ?? { tally, reports: [] };
        group.reports.push(r);
        groupsOf.set(key, group);
        const role = (tally.byRole[r.role] ??= { expected: 0, submitted: 0 });
        role.expected++;
        tally.expected++;
        if (r.status !== "submitted") continue;
        role.submitted++;
        tally.submitted++;
        if (r.late) tally.late++;
        const answers = (r.answers ?? {}) as Record<string, unknown>;
        for (const key of keys) {
          const v = answers[key];
          if (typeof v === "number" && Number.isFinite(v)) tally.totals[key]! += v;
        }
      }
      for (const { tally, reports: ofGroup } of groupsOf.values()) {
        const { standing } = groupReporting(ofGroup.map((r) => ({ role: r.role as Role, submitted: r.status === "submitted", late: r.late, absent: false })));
        tally.groups.expected++;
        if (isComplete(standing)) tally.groups.complete++;
        if (standing === "late") tally.groups.late++;
        if (standing === "partial") tally.groups.partial++;
        if (standing === "missing") tally.groups.missing++;
      }
      for (const { reports: ofGroup } of groupsOf.values()) folded.add(ofGroup[0]!.cycleId);
    },

    result(): { questions: RollupQuestion[]; wards: WardRollup[]; totals: RollupTotals } {
      const collator = new Intl.Collator("vi", { numeric: true });
      const rows = [...wards]
        .sort((a, b) => collator.compare(a.name, b.name))
        .map((w): WardRollup => {
          const t = tallies.get(w.id)!;
          return {
            wardId: w.id,
            name: w.name,
            cycles: t.cycles,
            reports: { expected: t.expected, submitted: t.submitted, late: t.late, missing: t.expected - t.submitted },
            groups: t.groups,
            byRole: t.byRole,
            submissionRate: submissionRate(t.groups.complete, t.groups.expected),
            totals: Object.fromEntries(Object.entries(t.totals).map(([k, v]) => [k, tidy(v)])),
          };
        });
      const totals: RollupTotals = {
        cycles: 0, expected: 0, submitted: 0, late: 0, missing: 0, groups: zeroGroups(), byRole: {}, submissionRate: null, totals: zeroTotals(questions),
      };
      for (const row of rows) {
        totals.cycles += row.cycles;
        totals.expected += row.reports.expected;
        totals.submitted += row.reports.submitted;
        totals.late += row.reports.late;
        totals.missing += row.reports.missing;
        for (const k of Object.keys(totals.groups) as (keyof GroupCounts)[]) totals.groups[k] += row.groups[k];
        addRoles(totals.byRole, row.byRole);
        for (const [k, v] of Object.entries(row.totals)) totals.totals[k]! += v;
      }
      totals.submissionRate = submissionRate(totals.groups.complete, totals.groups.expected);
      totals.totals = Object.fromEntries(Object.entries(totals.totals).map(([k, v]) => [k, tidy(v)]));
      return { questions, wards: rows, totals };
    },
  };
}
