import { AppError, invalidFields, notFound } from "../core/errors.js";
import { cleanName, nameKey } from "../core/names.js";
import { pageOf, readCursor, type PageRequest } from "../core/pagination.js";
import type { Unit } from "../db/generated/prisma/client.js";
import { uuidv7 } from "../db/ids.js";
import { commitBatch } from "./batch.js";
import { auditRow, changes, type DbOrTx, type ServiceContext } from "./context.js";
import { listScope } from "../core/access.js";
import { changedOrFail } from "../db/guard.js";

export const WARD_KINDS = ["ward", "commune", "special_zone"] as const;
export type WardKind = (typeof WARD_KINDS)[number];

export interface WardInput {
  name: string;
  timezone?: string;
  kind?: WardKind;
  parentId?: string | null;
}

export interface WardPatch extends Partial<WardInput> {
  /** false restores an archived ward; true archives it (as DELETE does). */
  archived?: boolean;
}

export function toWardDto(ward: Unit, groupCount?: number) {
  return {
    id: ward.id,
    name: ward.name,
    kind: ward.kind,
    timezone: ward.timezone,
    parentId: ward.parentId,
    ...(groupCount === undefined ? {} : { groupCount }),
    archivedAt: ward.archivedAt?.toISOString() ?? null,
    createdAt: ward.createdAt.toISOString(),
    updatedAt: ward.updatedAt.toISOString(),
  };
}

/** The ward, or a 404 naming it. Every ward-scoped route starts here (archived wards too: their history stays readable). */
export async function requireWard(db: DbOrTx, wardId: string): Promise<Unit> {
  const ward = await db.unit.findFirst({ where: { id: wardId, kind: { in: [...WARD_KINDS] } } });
  if (!ward) throw notFound("ward", wardId);
  return ward;
}

async function checkParent(db: DbOrTx, parentId: string | null | undefined) {
  if (!parentId) return;
  const parent = await db.unit.findUnique({ where: { id: parentId } });
  if (!parent || parent.kind !== "province")
    throw invalidFields([{ field: "parentId", code: "unknown_reference", message: "Đơn vị cấp trên phải là một tỉnh/thành phố." }]);
}

/**
 * Ward names are unique under their province (or at the top) by nameKey, archived wards
 * included: restore or rename the archived one to reuse its name. Compared afresh rather than
 * by the stored key, which rows from before nameKey existed may hold imperfectly; the unique
 * index on (parentId, nameKey) guards concurrent writes under a province. (SQLite treats NULLs
 * as distinct in unique indexes, so top-level wards rely on this check alone.)
 */
async function checkNameFree(db: DbOrTx, name: string, parentId: string | null, exceptId?: string) {
  const key = nameKey(name);
  const siblings = await db.unit.findMany({ where: { parentId, kind: { in: [...WARD_KINDS] } }, select: { id: true, name: true, archivedAt: true } });
  const clash = siblings.find((s) => s.id !== exceptId && nameKey(s.name) === key);
  if (clash)
    throw new AppError("conflict", `Đã có phường/xã tên “${clash.name}”${clash.archivedAt ? " (đã ngừng hoạt động: xin khôi phục hoặc đặt tên khác)" : ": xin đặt tên khác"}.`, { id: clash.id });
}

export async function createWard(ctx: ServiceContext, input: WardInput) {
  const name = cleanName(input.name);
  const parentId = input.parentId ?? null;
  await checkParent(ctx.db, parentId);
  await checkNameFree(ctx.db, name, parentId);
  const id = uuidv7();
  await commitBatch(
    ctx.db,
    [
      ctx.db.unit.create({
        data: { id, kind: input.kind ?? "ward", name, nameKey: nameKey(name), parentId, timezone: input.timezone ?? ctx.defaultTimezone },
      }),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "ward.create", entity: "ward", entityId: id, wardId: id, details: { name }, change: { before: {}, after: { name, parentId, kind: input.kind ?? "ward" } } }) }),
    ],
    "ward",
  );
  return getWard(ctx, id);
}

export interface WardListQuery extends PageRequest {
  archived?: boolean;
  parentId?: string;
}

/** Wards by name (then id), archived ones only when asked; keyset pages on (name, id). */
export async function listWards(ctx: ServiceContext, query: WardListQuery = { limit: 1000 }) {
  const after = readCursor(query.cursor, 2);
  // Only the wards the caller acts on (theirs, or those of their province).
  const scope = ctx.principal ? listScope(ctx.principal) : ({ all: true } as const);
  const wards = await ctx.db.unit.findMany({
    where: {
      kind: { in: [...WARD_KINDS] },
      ...(scope.all ? {} : { AND: [{ OR: [{ id: { in: scope.unitIds } }, { parentId: { in: scope.unitIds } }] }] }),
      ...(query.archived ? {} : { archivedAt: null }),
      ...(query.parentId ? { parentId: query.parentId } : {}),
      ...(after ? { OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] } : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  const page = pageOf(wards, query.limit, (w) => [w.name, w.id]);
  const counts = await ctx.db.unit.groupBy({
    by: ["wardId"],
    where: { kind: "group", archivedAt: null, wardId: { in: page.items.map((w) => w.id) } },
    _count: { _all: true },
  });
  const byWard = new Map(counts.map((c) => [c.wardId, c._count._all]));
  return { ...page, items: page.items.map((w) => toWardDto(w, byWard.get(w.id) ?? 0)) };
}

export async function getWard(ctx: ServiceContext, wardId: string) {
  const ward = await requireWard(ctx.db, wardId);
  const groupCount = await ctx.db.unit.count({ where: { wardId, kind: "group", archivedAt: null } });
  return toWardDto(ward, groupCount);
}

/**
 * Changes a ward's fields, archives it (`archived: true`, as DELETE does) or restores it
 * (`archived: false`). An archived ward keeps its groups, members, cycles and summaries; the
 * scheduler leaves it alone (no cycles, reminders, summaries or meeting reminders) and lists
 * hide it unless asked.
 */
export async function updateWard(ctx: ServiceContext, wardId: string, patch: WardPatch) {
  const ward = await requireWard(ctx.db, wardId);
  const name = patch.name === undefined ? ward.name : cleanName(patch.name);
  const parentId = patch.parentId === undefined ? ward.parentId : patch.parentId;
  await checkParent(ctx.db, parentId);
  if (nameKey(name) !== nameKey(ward.name) || parentId !== ward.parentId) await checkNameFree(ctx.db, name, parentId, wardId);
  const archivedAt = patch.archived === undefined ? ward.archivedAt : patch.archived ? (ward.archivedAt ?? ctx.now()) : null;
  const action = archivedAt && !ward.archivedAt ? "ward.archive" : !archivedAt && ward.archivedAt ? "ward.restore" : "ward.update";
  await commitBatch(
    ctx.db,
    [
      // The version check: a change made since the read fails the batch (409, try again).
      ctx.db.unit.updateMany({
        where: { id: wardId, updatedAt: ward.updatedAt },
        data: { name, nameKey: nameKey(name), parentId, timezone: patch.timezone ?? ward.timezone, kind: patch.kind ?? ward.kind, archivedAt },
      }),
      changedOrFail(ctx.db),
      ctx.db.auditLog.create({
        data: auditRow(ctx, {
          action, entity: "ward", entityId: wardId, wardId,
          change: changes(ward, { name, parentId, timezone: patch.timezone ?? ward.timezone, kind: patch.kind ?? ward.kind, archivedAt }),
        }),
      }),
    ],
    "ward",
  );
  return getWard(ctx, wardId);
}

export const archiveWard = (ctx: ServiceContext, wardId: string) => updateWard(ctx, wardId, { archived: true });
