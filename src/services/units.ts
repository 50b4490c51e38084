import { AppError, notFound } from "../core/errors.js";
import { tidyName } from "../core/text.js";
import type { Unit } from "../db/generated/prisma/client.js";
import { audit, type DbOrTx, type ServiceContext } from "./context.js";

/** Units the admin API creates here: the levels above wards (wards have their own routes). */
export const PARENT_KINDS = ["province"] as const;
export type ParentKind = (typeof PARENT_KINDS)[number];

const naturalOrder = new Intl.Collator("vi", { numeric: true });

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
  const name = tidyName(input.name);
  return ctx.db.$transaction(async (tx) => {
    // SQLite treats NULL parents as distinct in the unique index, so top-level names are checked here.
    const clash = await tx.unit.findFirst({ where: { name, parentId: null } });
    if (clash) throw new AppError("conflict", `a top-level unit named "${name}" already exists`, { id: clash.id });
    const unit = await tx.unit.create({ data: { kind: input.kind, name } });
    await audit(ctx, tx, { action: "unit.create", entity: "unit", entityId: unit.id, details: { name, kind: input.kind } });
    return toUnitDto(unit);
  });
}

/** A unit and its direct children, in natural order ("Phường 2" before "Phường 10"). */
export async function getUnit(ctx: ServiceContext, unitId: string) {
  const unit = await requireUnit(ctx.db, unitId);
  const children = await ctx.db.unit.findMany({ where: { parentId: unitId }, select: { id: true, name: true, kind: true } });
  return { ...toUnitDto(unit), children: children.sort((a, b) => naturalOrder.compare(a.name, b.name)) };
}
