import { AppError, notFound } from "../core/errors.js";
import { tidyName } from "../core/text.js";
import type { Unit } from "../db/generated/prisma/client.js";
import { audit, type DbOrTx, type ServiceContext } from "./context.js";

export const WARD_KINDS = ["ward", "commune", "special_zone"] as const;
export type WardKind = (typeof WARD_KINDS)[number];

export interface WardInput {
  name: string;
  timezone?: string;
  kind?: WardKind;
  parentId?: string | null;
}

export function toWardDto(ward: Unit, groupCount?: number) {
  return {
    id: ward.id,
    name: ward.name,
    kind: ward.kind,
    timezone: ward.timezone,
    parentId: ward.parentId,
    ...(groupCount === undefined ? {} : { groupCount }),
    createdAt: ward.createdAt.toISOString(),
    updatedAt: ward.updatedAt.toISOString(),
  };
}

/** The ward, or a 404 naming it. Every ward-scoped route starts here. */
export async function requireWard(db: DbOrTx, wardId: string): Promise<Unit> {
  const ward = await db.unit.findFirst({ where: { id: wardId, kind: { in: [...WARD_KINDS] } } });
  if (!ward) throw notFound("ward", wardId);
  return ward;
}

async function checkParent(db: DbOrTx, parentId: string | null | undefined) {
  if (!parentId) return;
  const parent = await db.unit.findUnique({ where: { id: parentId } });
  if (!parent || parent.kind !== "province")
    throw new AppError("invalid_input", "parentId must be the id of a province", [
      { field: "parentId", message: "is not a province" },
    ]);
}

/** SQLite treats NULLs as distinct in unique indexes, so top-level names are checked here. */
async function checkNameFree(db: DbOrTx, name: string, parentId: string | null, exceptId?: string) {
  const clash = await db.unit.findFirst({
    where: { name, parentId, kind: { in: [...WARD_KINDS] }, ...(exceptId ? { id: { not: exceptId } } : {}) },
  });
  if (clash) throw new AppError("conflict", `a ward named "${name}" already exists`, { id: clash.id });
}

export async function createWard(ctx: ServiceContext, input: WardInput) {
  const name = tidyName(input.name);
  const parentId = input.parentId ?? null;
  return ctx.db.$transaction(async (tx) => {
    await checkParent(tx, parentId);
    await checkNameFree(tx, name, parentId);
    const ward = await tx.unit.create({
      data: { kind: input.kind ?? "ward", name, parentId, timezone: input.timezone ?? ctx.defaultTimezone },
    });
    await audit(ctx, tx, { action: "ward.create", entity: "ward", entityId: ward.id, wardId: ward.id, details: { name } });
    return toWardDto(ward, 0);
  });
}

export async function listWards(ctx: ServiceContext) {
  const wards = await ctx.db.unit.findMany({ where: { kind: { in: [...WARD_KINDS] } }, orderBy: { name: "asc" } });
  const counts = await ctx.db.unit.groupBy({ by: ["wardId"], where: { kind: "group" }, _count: { _all: true } });
  const byWard = new Map(counts.map((c) => [c.wardId, c._count._all]));
  return wards.map((w) => toWardDto(w, byWard.get(w.id) ?? 0));
}

export async function getWard(ctx: ServiceContext, wardId: string) {
  const ward = await requireWard(ctx.db, wardId);
  const groupCount = await ctx.db.unit.count({ where: { wardId, kind: "group" } });
  return toWardDto(ward, groupCount);
}

export async function updateWard(ctx: ServiceContext, wardId: string, patch: Partial<WardInput>) {
  return ctx.db.$transaction(async (tx) => {
    const ward = await requireWard(tx, wardId);
    const name = patch.name === undefined ? ward.name : tidyName(patch.name);
    const parentId = patch.parentId === undefined ? ward.parentId : patch.parentId;
    await checkParent(tx, parentId);
    if (name !== ward.name || parentId !== ward.parentId) await checkNameFree(tx, name, parentId, wardId);
    const updated = await tx.unit.update({
      where: { id: wardId },
      data: { name, parentId, timezone: patch.timezone ?? ward.timezone, kind: patch.kind ?? ward.kind },
    });
    await audit(ctx, tx, { action: "ward.update", entity: "ward", entityId: wardId, wardId, details: patch });
    return toWardDto(updated);
  });
}
