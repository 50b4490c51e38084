import { AppError, invalidFields, notFound, type FieldProblem } from "../core/errors.js";
import { formatDate } from "../core/format.js";
import { parseIsoDate } from "../core/calendar.js";
import { publicHolidays } from "../core/holidays.js";
import { formatInstant, parseDateTimeInZone } from "../core/time.js";
import { commitBatch } from "./batch.js";
import { isUniqueViolation } from "../db/errors.js";
import { uuidv7 } from "../db/ids.js";
import { audit, auditRow, auditWrite, changes, type DbOrTx, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";
import { changedOrFail } from "../db/guard.js";

const BAD_DAY: FieldProblem = { field: "date", code: "invalid_date", message: "Ngày chưa đúng: cần một ngày có thật dạng YYYY-MM-DD, ví dụ 2026-09-03." };
const alreadyOff = (date: string) => `Ngày ${parseIsoDate(date) ? formatDate(parseIsoDate(date)!) : date} đã là ngày nghỉ của phường/xã này.`;

/** A real calendar day "YYYY-MM-DD" (2026-13-01 and 2026-02-30 are not; they used to throw here). */
const isRealDate = (d: string) => parseIsoDate(d) !== null;

/** The ward's own days off, as a set of local dates, for the scheduler. */
export async function localDaysOff(db: DbOrTx, wardId: string): Promise<Set<string>> {
  return new Set((await db.dayOff.findMany({ where: { wardId }, select: { date: true } })).map((d) => d.date));
}

export async function addDayOff(ctx: ServiceContext, wardId: string, input: { date: string; reason?: string }) {
  if (!isRealDate(input.date)) throw invalidFields([BAD_DAY]);
  const taken = () => new AppError("conflict", alreadyOff(input.date));
  await requireWard(ctx.db, wardId);
  if (await ctx.db.dayOff.findUnique({ where: { wardId_date: { wardId, date: input.date } } })) throw taken();
  // One batch; the (ward, date) key refuses a day added meanwhile.
  const id = uuidv7();
  try {
    await ctx.db.$transaction([
      ctx.db.dayOff.create({ data: { id, wardId, date: input.date, reason: input.reason ?? null } }),
      auditWrite(ctx, ctx.db, { action: "day_off.create", entity: "day_off", entityId: id, wardId, details: input }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
  return { id, date: input.date, reason: input.reason ?? null };
}

export async function listDaysOff(ctx: ServiceContext, wardId: string, year: number) {
  await requireWard(ctx.db, wardId);
  const local = await ctx.db.dayOff.findMany({ where: { wardId, date: { startsWith: `${year}-` } }, orderBy: { date: "asc" } });
  return {
    year,
    publicHolidays: publicHolidays(year),
    localDaysOff: local.map((d) => ({ id: d.id, date: d.date, reason: d.reason })),
  };
}

async function requireDayOff(ctx: ServiceContext, dayOffId: string) {
  const day = await ctx.db.dayOff.findUnique({ where: { id: dayOffId } });
  if (!day) throw notFound("day off", dayOffId);
  return day;
}

/** Moves a local day off to another date or changes its reason; the (ward, date) key guards a clash. */
export async function updateDayOff(ctx: ServiceContext, dayOffId: string, patch: { date?: string; reason?: string | null }) {
  if (patch.date !== undefined && !isRealDate(patch.date))
    throw invalidFields([BAD_DAY]);
  const day = await requireDayOff(ctx, dayOffId);
  const date = patch.date ?? day.date;
  if (date !== day.date && (await ctx.db.dayOff.findUnique({ where: { wardId_date: { wardId: day.wardId, date } } })))
    throw new AppError("conflict", alreadyOff(date));
  const reason = patch.reason === undefined ? day.reason : patch.reason || null;
  await commitBatch(
    ctx.db,
    [
      // Guarded on the date read: a move made meanwhile fails the batch (409).
      ctx.db.dayOff.updateMany({ where: { id: dayOffId, date: day.date }, data: { date, reason } }),
      changedOrFail(ctx.db),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "day_off.update", entity: "day_off", entityId: dayOffId, wardId: day.wardId, details: { date, reason }, change: changes(day, { date, reason }) }) }),
    ],
    "day off",
  );
  return { id: dayOffId, date, reason };
}

/** Removes a local day off: the scheduler runs on that date again. It has no history to keep. */
export async function deleteDayOff(ctx: ServiceContext, dayOffId: string) {
  const day = await requireDayOff(ctx, dayOffId);
  await commitBatch(
    ctx.db,
    [
      ctx.db.dayOff.deleteMany({ where: { id: dayOffId } }),
      changedOrFail(ctx.db), // removed meanwhile: 409
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "day_off.delete", entity: "day_off", entityId: dayOffId, wardId: day.wardId, details: { date: day.date }, change: { before: { date: day.date, reason: day.reason }, after: {} } }) }),
    ],
    "day off",
  );
}

/** Marks a member away until a date (inclusive, the ward's time) or clears it with null. */
export async function setAbsence(ctx: ServiceContext, memberId: string, input: { until: string | null; reason?: string }) {
  const member = await ctx.db.member.findUnique({ where: { id: memberId }, include: { ward: true } });
  if (!member) throw notFound("member", memberId);
  const zone = member.ward.timezone ?? ctx.defaultTimezone;
  let until: Date | null = null;
  if (input.until !== null) {
    // A bare date means "away that whole day": until the start of the next one.
    const parsed = isRealDate(input.until)
      ? parseDateTimeInZone(`${input.until}T00:00`, zone)
      : parseDateTimeInZone(input.until, zone);
    if (!parsed) throw invalidFields([{ field: "until", code: "invalid_date", message: "Ngày vắng mặt đến chưa đúng: cần một ngày dạng YYYY-MM-DD (ví dụ 2026-12-05) hoặc ngày giờ." }]);
    until = isRealDate(input.until) ? new Date(parsed.getTime() + 24 * 3600_000) : parsed;
    if (until <= ctx.now()) throw invalidFields([{ field: "until", code: "not_in_future", message: "Ngày vắng mặt đến phải ở tương lai." }]);
  }
  await commitBatch(
    ctx.db,
    [
      ctx.db.member.updateMany({ where: { id: memberId }, data: { absentUntil: until, absenceReason: until ? (input.reason ?? null) : null } }),
      changedOrFail(ctx.db), // removed meanwhile: 409
      auditWrite(ctx, ctx.db, { action: "member.absence", entity: "member", entityId: memberId, wardId: member.wardId, details: { until: until?.toISOString() ?? null } }),
    ],
    "member",
  );
  return { memberId, absentUntil: until ? formatInstant(until, zone) : null, reason: until ? (input.reason ?? null) : null };
}
