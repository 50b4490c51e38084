import { AppError, notFound } from "../core/errors.js";
import { cleanName, nameKey } from "../core/names.js";
import { uuidv7 } from "../db/ids.js";
import type { Unit } from "../db/generated/prisma/client.js";
import { auditRow, type DbOrTx, type ServiceContext } from "./context.js";

/** Units the admin API creates here: the levels above wards (wards have their own routes). */
export const PARENT_KINDS = ["province"] as const;
export type ParentKind = (typeof PARENT_KINDS)[number];

// Made on first use: ICU's Vietnamese collation data is not loaded into an idle server.
let naturalOrder: Intl.Collator | undefined;

export function toUnitDto(unit: Unit) {
  return { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId, createdAt: unit.createdAt.toISOString() };
}

export async function requireUnit(db: DbOrTx, unitId: string): Promise<Unit> {
  const unit = await db.unit.findUnique({ where: { id: unitId } });
  if (!unit) throw notFound("unit", unitId);
  return unit;
}

/** A province (tỉnh / thành phố): a top-level unit whose wards are rolled up together. */
export async function createUnit(ctx: ServiceContext, input: { name: string; kind: ParentKind }) {
  const name = cleanName(input.name);
  const key = nameKey(name);
  // SQLite treats NULL parents as distinct in the unique index, so top-level names are checked here.
  const topLevel = await ctx.db.unit.findMany({ where: { parentId: null }, select: { id: true, name: true } });
  const clash = topLevel.find((u) => nameKey(u.name) === key);
  if (clash) throw new AppError("conflict", `Đã có đơn vị cấp cao nhất tên “${clash.name}”: xin đặt tên khác.`, { id: clash.id });
  const id = uuidv7();
  // A batch's results are not read back (on D1 there are none): the new row is read after it.
  await ctx.db.$transaction([
    ctx.db.unit.create({ data: { id, kind: input.kind, name, nameKey: key } }),
    ctx.db.auditLog.create({ data: auditRow(ctx, { action: "unit.create", entity: "unit", entityId: id, details: { name, kind: input.kind } }) }),
  ]);
  return toUnitDto(await requireUnit(ctx.db, id));
}

/** A unit and its direct children, in natural order ("Phường 2" before "Phường 10"). */
export async function getUnit(ctx: ServiceContext, unitId: string) {
  const unit = await requireUnit(ctx.db, unitId);
  const children = await ctx.db.unit.findMany({ where: { parentId: unitId }, select: { id: true, name: true, kind: true } });
  return { ...toUnitDto(unit), children: children.sort((a, b) => (naturalOrder ??= new Intl.Collator("vi", { numeric: true })).compare(a.name, b.name)) };
}
