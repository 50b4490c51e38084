import { AppError } from "../core/errors.js";
import { foldVietnamese, tidyName } from "../core/text.js";
import type { Unit } from "../db/generated/prisma/client.js";
import { audit, type DbOrTx, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";

/**
 * The key under which two names designate the same group of a ward: the one comparison of
 * group names. The CSV/Excel import matches the groups its rows name through it.
 */
export function groupNameKey(name: string): string {
  return foldVietnamese(tidyName(name));
}

export function toGroupDto(group: Unit) {
  return {
    id: group.id,
    wardId: group.wardId!,
    name: group.name,
    parentId: group.parentId,
    createdAt: group.createdAt.toISOString(),
  };
}

/**
 * Adds a residential group (tổ dân phố / thôn) to a ward, directly or under one of the ward's
 * khu phố (`parentId`). Names are unique among siblings.
 */
export async function createGroup(ctx: ServiceContext, wardId: string, input: { name: string; parentId?: string }) {
  const name = tidyName(input.name);
  return ctx.db.$transaction(async (tx) => {
    await requireWard(tx, wardId);
    const parentId = input.parentId ?? wardId;
    if (parentId !== wardId) {
      const parent = await tx.unit.findUnique({ where: { id: parentId } });
      if (!parent || parent.wardId !== wardId || parent.kind !== "neighbourhood")
        throw new AppError("invalid_input", "parentId must be a khu phố (neighbourhood) of this ward", [
          { field: "parentId", message: "is not a neighbourhood of this ward" },
        ]);
    }
    const group = await insertGroup(tx, wardId, parentId, name);
    await audit(ctx, tx, { action: "group.create", entity: "group", entityId: group.id, wardId, details: { name } });
    return toGroupDto(group);
  });
}

export async function insertGroup(tx: DbOrTx, wardId: string, parentId: string, name: string) {
  const clash = await tx.unit.findFirst({ where: { parentId, name } });
  if (clash) throw new AppError("conflict", `a group named "${name}" already exists in this ward`, { id: clash.id });
  return tx.unit.create({ data: { kind: "group", name, parentId, wardId } });
}

/** Groups in a natural order: "Tổ dân phố số 2" before "Tổ dân phố số 10". */
const naturalOrder = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });

export async function listGroups(ctx: ServiceContext, wardId: string) {
  await requireWard(ctx.db, wardId);
  const groups = await ctx.db.unit.findMany({ where: { wardId, kind: "group" } });
  return groups.sort((a, b) => naturalOrder.compare(a.name, b.name)).map(toGroupDto);
}

export async function requireGroupOfWard(db: DbOrTx, wardId: string, groupId: string, field = "groupId") {
  const group = await db.unit.findUnique({ where: { id: groupId } });
  if (!group || group.kind !== "group" || group.wardId !== wardId)
    throw new AppError("invalid_input", `${field} is not a group of this ward`, [
      { field, message: "is not a group of this ward" },
    ]);
  return group;
}
