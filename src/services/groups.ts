import { AppError, invalidFields, notFound } from "../core/errors.js";
import { cleanName, nameKey } from "../core/names.js";
import { pageInMemory, readCursor, type PageRequest } from "../core/pagination.js";
import type { Unit } from "../db/generated/prisma/client.js";
import { isUniqueViolation } from "../db/errors.js";
import { uuidv7 } from "../db/ids.js";
import { commitBatch } from "./batch.js";
import { auditRow, changes, type DbOrTx, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";
import { changedOrFail } from "../db/guard.js";

/**
 * The key under which two names designate the same group of a ward: the one comparison of
 * group names. The CSV/Excel import matches the groups its rows name through it.
 */
export const groupNameKey = nameKey;

export function toGroupDto(group: Unit) {
  return {
    id: group.id,
    wardId: group.wardId!,
    name: group.name,
    parentId: group.parentId,
    archivedAt: group.archivedAt?.toISOString() ?? null,
    createdAt: group.createdAt.toISOString(),
  };
}

/**
 * The group of a ward named `name`, compared by nameKey (case, invisible characters and
 * spacing do not count; diacritics do), archived groups included. Pure: batch writers (the CSV
 * import) read the ward's groups once with groupsOfWard and look each name up here.
 */
export function findGroupByName<G extends { name: string }>(groups: G[], name: string): G | undefined {
  const key = nameKey(name);
  return groups.find((g) => nameKey(g.name) === key);
}

/** Every group of a ward, archived ones too (a name stays taken by an archived group). */
export const groupsOfWard = (db: DbOrTx, wardId: string) => db.unit.findMany({ where: { wardId, kind: "group" } });

/** The row of a new group directly under the ward, for a batch's `unit.create`/`createMany`. */
export function newGroupRow(wardId: string, name: string, now: Date, parentId: string = wardId) {
  const clean = cleanName(name);
  return { id: uuidv7(now.getTime()), kind: "group", name: clean, nameKey: nameKey(clean), parentId, wardId, createdAt: now, updatedAt: now };
}

/**
 * The ward's group named `name` (by nameKey), created directly under the ward when there is
 * none. A concurrent creation of the same name loses on the unique (parentId, nameKey) key and
 * gets the winner's group. For the API and the CSV import alike.
 */
export async function findOrCreateGroup(ctx: ServiceContext, wardId: string, name: string): Promise<{ group: Unit; created: boolean }> {
  const found = findGroupByName(await groupsOfWard(ctx.db, wardId), name);
  if (found) return { group: found, created: false };
  const row = newGroupRow(wardId, name, ctx.now());
  try {
    await ctx.db.$transaction([
      ctx.db.unit.create({ data: row }),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "group.create", entity: "group", entityId: row.id, wardId, details: { name: row.name } }) }),
    ]);
    return { group: await requireGroup(ctx.db, row.id), created: true };
  } catch (error) {
    const winner = isUniqueViolation(error) ? findGroupByName(await groupsOfWard(ctx.db, wardId), name) : undefined;
    if (winner) return { group: winner, created: false };
    throw error;
  }
}

function nameTaken(clash: Unit) {
  return new AppError(
    "conflict",
    `Phường/xã đã có tổ tên “${clash.name}”${clash.archivedAt ? " (đã ngừng hoạt động: xin khôi phục tổ đó hoặc đặt tên khác)" : ": xin đặt tên khác"}.`,
    { id: clash.id },
  );
}

async function checkParent(db: DbOrTx, wardId: string, parentId: string) {
  if (parentId === wardId) return;
  const parent = await db.unit.findUnique({ where: { id: parentId } });
  if (!parent || parent.wardId !== wardId || parent.kind !== "neighbourhood")
    throw invalidFields([{ field: "parentId", code: "unknown_reference", message: "Khu phố đã chọn không phải khu phố của phường/xã này." }]);
}

/**
 * Adds a residential group (tổ dân phố / thôn) to a ward, directly or under one of the ward's
 * khu phố (`parentId`). Names are unique in the ward by nameKey (archived groups included).
 */
export async function createGroup(ctx: ServiceContext, wardId: string, input: { name: string; parentId?: string }) {
  await requireWard(ctx.db, wardId);
  const parentId = input.parentId ?? wardId;
  await checkParent(ctx.db, wardId, parentId);
  const clash = findGroupByName(await groupsOfWard(ctx.db, wardId), input.name);
  if (clash) throw nameTaken(clash);
  const row = newGroupRow(wardId, input.name, ctx.now(), parentId);
  await commitBatch(
    ctx.db,
    [
      ctx.db.unit.create({ data: row }),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "group.create", entity: "group", entityId: row.id, wardId, details: { name: row.name } }) }),
    ],
    "group",
  );
  return getGroup(ctx, row.id);
}

/** For tests and tools that write inside a transaction of their own (the webhook benchmark). */
export async function insertGroup(tx: DbOrTx, wardId: string, parentId: string, name: string) {
  const clash = findGroupByName(await groupsOfWard(tx, wardId), name);
  if (clash) throw nameTaken(clash);
  const clean = cleanName(name);
  return tx.unit.create({ data: { kind: "group", name: clean, nameKey: nameKey(clean), parentId, wardId } });
}

/** Groups in a natural order: "Tổ dân phố số 2" before "Tổ dân phố số 10". */
// Made on first use: ICU's Vietnamese collation data is not loaded into an idle server.
let naturalOrder: Intl.Collator | undefined;
const byNameThenId = (a: Unit, b: Unit) =>
  (naturalOrder ??= new Intl.Collator("vi", { numeric: true, sensitivity: "base" })).compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface GroupListQuery extends PageRequest {
  archived?: boolean;
  /** Only the groups under this khu phố (or the ward's id: those directly under the ward). */
  parentId?: string;
}

/**
 * A ward's groups in natural order, paged. SQL cannot sort "số 2" before "số 10", so the ward's
 * groups (a few hundred at most) are sorted here and the page cut after the cursor's group.
 */
export async function listGroups(ctx: ServiceContext, wardId: string, query: GroupListQuery = { limit: 1000 }) {
  await requireWard(ctx.db, wardId);
  const after = readCursor(query.cursor, 2);
  const groups = await ctx.db.unit.findMany({
    where: { wardId, kind: "group", ...(query.archived ? {} : { archivedAt: null }), ...(query.parentId ? { parentId: query.parentId } : {}) },
  });
  const sorted = groups.sort(byNameThenId);
  const cursorRow = after ? ({ name: after[0], id: after[1] } as Unit) : undefined;
  const page = pageInMemory(sorted, query.limit, cursorRow, byNameThenId, (g) => [g.name, g.id]);
  return { ...page, items: page.items.map(toGroupDto) };
}

export async function requireGroup(db: DbOrTx, groupId: string) {
  const group = await db.unit.findUnique({ where: { id: groupId } });
  if (!group || group.kind !== "group") throw notFound("group", groupId);
  return group;
}

export const getGroup = async (ctx: ServiceContext, groupId: string) => toGroupDto(await requireGroup(ctx.db, groupId));

export interface GroupPatch {
  name?: string;
  parentId?: string;
  /** false restores an archived group; true archives it (as DELETE does). */
  archived?: boolean;
}

/**
 * Renames or moves a group, archives it or restores it. An archived group keeps its reports
 * (past cycles and summaries show it); new cycles make no report for it, so nobody is prompted
 * or reminded for it, and its open reports get no more reminders. Its members stay as they
 * are: move them to another group or archive them.
 */
export async function updateGroup(ctx: ServiceContext, groupId: string, patch: GroupPatch) {
  const group = await requireGroup(ctx.db, groupId);
  const wardId = group.wardId!;
  const name = patch.name === undefined ? group.name : cleanName(patch.name);
  const parentId = patch.parentId ?? group.parentId!;
  await checkParent(ctx.db, wardId, parentId);
  if (nameKey(name) !== nameKey(group.name)) {
    const clash = findGroupByName((await groupsOfWard(ctx.db, wardId)).filter((g) => g.id !== groupId), name);
    if (clash) throw nameTaken(clash);
  }
  const archivedAt = patch.archived === undefined ? group.archivedAt : patch.archived ? (group.archivedAt ?? ctx.now()) : null;
  const action = archivedAt && !group.archivedAt ? "group.archive" : !archivedAt && group.archivedAt ? "group.restore" : "group.update";
  await commitBatch(
    ctx.db,
    [
      // The version check: a change made since the read fails the batch (409, try again).
      ctx.db.unit.updateMany({ where: { id: groupId, updatedAt: group.updatedAt }, data: { name, nameKey: nameKey(name), parentId, archivedAt } }),
      changedOrFail(ctx.db),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action, entity: "group", entityId: groupId, wardId, change: changes(group, { name, parentId, archivedAt }) }) }),
    ],
    "group",
  );
  return getGroup(ctx, groupId);
}

export const archiveGroup = (ctx: ServiceContext, groupId: string) => updateGroup(ctx, groupId, { archived: true });

/** A group of the ward that is in use: what a member can be given. */
export async function requireGroupOfWard(db: DbOrTx, wardId: string, groupId: string, field = "groupId") {
  const group = await db.unit.findUnique({ where: { id: groupId } });
  if (!group || group.kind !== "group" || group.wardId !== wardId)
    throw invalidFields([{ field, code: "unknown_reference", message: "Tổ đã chọn không phải tổ dân phố của phường/xã này." }]);
  if (group.archivedAt)
    throw invalidFields([{ field, code: "archived", message: `Tổ “${group.name}” đã ngừng hoạt động: xin khôi phục tổ trước.` }]);
  return group;
}

