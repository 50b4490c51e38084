import { addDays, formatIsoDate, localDate, startOfLocalDay } from "../core/calendar.js";
import { invalidFields } from "../core/errors.js";
import { resolvePeriod, rollupBuilder, type RollupVersionInput } from "../core/rollup.js";
import type { DbOrTx, ServiceContext } from "./context.js";
import { requireUnit } from "./units.js";
import { WARD_KINDS } from "./wards.js";
import { realCycle } from "./real-cycles.js";

/** SQLite limits bound variables per statement: long `in` lists are sent in slices of this size. */
const CHUNK = 500;
/**
 * Cycles whose reports are read at once: ~100 weekly cycles of 30 groups is a few thousand rows,
 * folded into the totals before the next slice is read, so memory does not grow with the period.
 */
const CYCLES_PER_READ = 100;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type WardRow = { id: string; name: string; kind: string; timezone: string | null };
const isWard = (kind: string) => (WARD_KINDS as readonly string[]).includes(kind);

/**
 * The wards at or under a unit, at any depth: one query per level of the tree, not per unit.
 * Units inside a ward (khu phố, groups) carry its wardId and are never loaded.
 */
async function wardsUnder(db: DbOrTx, unit: WardRow & { wardId: string | null }): Promise<WardRow[]> {
  if (isWard(unit.kind)) return [unit];
  if (unit.wardId !== null || unit.kind === "group" || unit.kind === "neighbourhood")
    throw invalidFields([{ field: "unitId", code: "invalid_value", message: "Bản tổng hợp chung chỉ làm cho một phường/xã hoặc một tỉnh/thành phố, không cho tổ hay khu phố." }]);
  const wards: WardRow[] = [];
  const seen = new Set([unit.id]);
  let level = [unit.id];
  while (level.length) {
    const next: string[] = [];
    for (const ids of chunks(level)) {
      const children = await db.unit.findMany({
        where: { parentId: { in: ids }, wardId: null },
        select: { id: true, name: true, kind: true, timezone: true },
      });
      for (const child of children) {
        if (seen.has(child.id)) continue;
        seen.add(child.id);
        if (isWard(child.kind)) wards.push(child);
        else next.push(child.id);
      }
    }
    level = next;
  }
  return wards;
}

/**
 * The form versions whose questions head the roll-up: those the period's cycles were asked
 * with, and each ward's current one (its wording is the one people know now).
 */
async function loadVersions(db: DbOrTx, wardIds: string[], used: Set<string>): Promise<RollupVersionInput[]> {
  const versions: Omit<RollupVersionInput, "questions">[] = [];
  for (const ids of chunks(wardIds)) {
    const rows = await db.formVersion.findMany({
      where: { form: { wardId: { in: ids } } },
      select: { id: true, version: true, createdAt: true, form: { select: { currentVersion: true } } },
    });
    for (const r of rows)
      if (used.has(r.id) || r.version === r.form.currentVersion) versions.push({ id: r.id, version: r.version, createdAt: r.createdAt });
  }
  const questions = new Map<string, RollupVersionInput["questions"]>(versions.map((v) => [v.id, []]));
  for (const ids of chunks(versions.map((v) => v.id))) {
    const rows = await db.formQuestion.findMany({
      where: { formVersionId: { in: ids } },
      select: { formVersionId: true, key: true, text: true, type: true },
      orderBy: [{ formVersionId: "asc" }, { position: "asc" }],
    });
    for (const q of rows) questions.get(q.formVersionId)!.push({ key: q.key, text: q.text, type: q.type });
  }
  return versions.map((v) => ({ ...v, questions: questions.get(v.id)! }));
}

export type Rollup = Awaited<ReturnType<typeof rollupUnit>>;

/**
 * Reports rolled up over every ward at or under a unit, for the cycles that opened within the
 * period (local days in each ward's own time zone). A few queries in all, whatever the number
 * of wards and cycles: the tree level by level, then cycles, form versions and reports in slices.
 */
export async function rollupUnit(ctx: ServiceContext, unitId: string, query: { from?: string; to?: string }) {
  const unit = await requireUnit(ctx.db, unitId);
  const wards = await wardsUnder(ctx.db, unit);
  const zoneOf = (w: WardRow) => w.timezone ?? ctx.defaultTimezone;
  const today = formatIsoDate(localDate(ctx.now(), isWard(unit.kind) ? zoneOf(unit) : ctx.defaultTimezone));
  const period = resolvePeriod(query, today);

  const windows = new Map(
    wards.map((w) => [w.id, { start: startOfLocalDay(period.from, zoneOf(w)), end: startOfLocalDay(addDays(period.to, 1), zoneOf(w)) }]),
  );
  const cycles: { id: string; wardId: string; formVersionId: string }[] = [];
  if (wards.length) {
    // One range wide enough for every zone, narrowed per ward below.
    const start = new Date(Math.min(...[...windows.values()].map((w) => w.start.getTime())));
    const end = new Date(Math.max(...[...windows.values()].map((w) => w.end.getTime())));
    for (const ids of chunks(wards.map((w) => w.id))) {
      const rows = await ctx.db.cycle.findMany({
        where: realCycle({ wardId: { in: ids }, opensAt: { gte: start, lt: end } }),
        select: { id: true, wardId: true, formVersionId: true, opensAt: true },
      });
      for (const c of rows) {
        const w = windows.get(c.wardId)!;
        if (c.opensAt >= w.start && c.opensAt < w.end) cycles.push(c);
      }
    }
  }

  const versions = await loadVersions(ctx.db, wards.map((w) => w.id), new Set(cycles.map((c) => c.formVersionId)));
  const builder = rollupBuilder(wards, cycles, versions);
  for (const ids of chunks(cycles.map((c) => c.id), CYCLES_PER_READ))
    builder.add(await ctx.db.report.findMany({ where: { cycleId: { in: ids } }, select: { cycleId: true, groupId: true, role: true, status: true, late: true, answers: true } }));
  return { unit: { id: unit.id, name: unit.name, kind: unit.kind }, from: period.from, to: period.to, ...builder.result() };
}
