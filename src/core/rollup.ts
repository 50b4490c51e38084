/**
 * Roll-up of weekly reports across wards: how many reports were due, sent, sent late or not
 * sent, and the sum of every numeric answer, per ward and in total. Pure: the service loads
 * rows and feeds them in chunks, so memory stays flat however many reports there are.
 */
import { addDays, parseIsoDate } from "./calendar.js";
import { invalidFields, type FieldProblem } from "./errors.js";
import { isNumericType } from "./form.js";

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
    if (value !== undefined && !parseIsoDate(value)) problems.push({ field, message: "must be a date YYYY-MM-DD, e.g. 2026-11-23" });
  }
  if (problems.length) throw invalidFields(problems);
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw invalidFields([{ field: "from", message: "must not be after to" }]);
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_PERIOD_DAYS)
    throw invalidFields([{ field: "from", message: `the period must be at most ${MAX_PERIOD_DAYS} days` }]);
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
export interface WardRollup {
  wardId: string;
  name: string;
  cycles: number;
  reports: ReportCounts;
  submissionRate: number | null;
  totals: Record<string, number>;
}
export interface RollupTotals extends ReportCounts {
  cycles: number;
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
  totals: Record<string, number>;
}

const zeroTotals = (questions: RollupQuestion[]) => Object.fromEntries(questions.map((q) => [q.key, 0]));

/**
 * Accumulates reports ward by ward. Every report row counts as expected; "submitted" includes
 * late submissions (late is a flag on a submitted report); "missing" is everything else
 * (pending, in progress, missed). Only submitted answers are summed, and only for keys that are
 * numeric in the version the cycle was asked with.
 */
export function rollupBuilder(wards: RollupWardInput[], cycles: RollupCycleInput[], versions: RollupVersionInput[]) {
  const questions = numericQuestions(versions);
  const listed = new Set(questions.map((q) => q.key));
  const keysOfVersion = new Map(
    versions.map((v) => [v.id, v.questions.filter((q) => isNumericType(q.type) && listed.has(q.key)).map((q) => q.key)]),
  );
  const tallies = new Map<string, Tally>(
    wards.map((w) => [w.id, { cycles: 0, expected: 0, submitted: 0, late: 0, totals: zeroTotals(questions) }]),
  );
  const ofCycle = new Map<string, { tally: Tally; keys: string[] }>();
  for (const c of cycles) {
    const tally = tallies.get(c.wardId);
    if (!tally) continue;
    tally.cycles++;
    ofCycle.set(c.id, { tally, keys: keysOfVersion.get(c.formVersionId) ?? [] });
  }

  return {
    add(reports: Iterable<RollupReportInput>) {
      for (const r of reports) {
        const of = ofCycle.get(r.cycleId);
        if (!of) continue;
        const { tally, keys } = of;
        tally.expected++;
        if (r.status !== "submitted") continue;
        tally.submitted++;
        if (r.late) tally.late++;
        const answers = (r.answers ?? {}) as Record<string, unknown>;
        for (const key of keys) {
          const v = answers[key];
          if (typeof v === "number" && Number.isFinite(v)) tally.totals[key]! += v;
        }
      }
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
            submissionRate: submissionRate(t.submitted, t.expected),
            totals: Object.fromEntries(Object.entries(t.totals).map(([k, v]) => [k, tidy(v)])),
          };
        });
      const totals: RollupTotals = { cycles: 0, expected: 0, submitted: 0, late: 0, missing: 0, submissionRate: null, totals: zeroTotals(questions) };
      for (const row of rows) {
        totals.cycles += row.cycles;
        totals.expected += row.reports.expected;
        totals.submitted += row.reports.submitted;
        totals.late += row.reports.late;
        totals.missing += row.reports.missing;
        for (const [k, v] of Object.entries(row.totals)) totals.totals[k]! += v;
      }
      totals.submissionRate = submissionRate(totals.submitted, totals.expected);
      totals.totals = Object.fromEntries(Object.entries(totals.totals).map(([k, v]) => [k, tidy(v)]));
      return { questions, wards: rows, totals };
    },
  };
}
