import { AppError, invalidFields, notFound, type FieldProblem } from "../core/errors.js";
import { sha256Hex, randomBytes } from "../core/crypto.js";
import { generateInviteCode, inviteExpiry } from "../core/invite.js";
import { cleanName, nameKey } from "../core/names.js";
import { pageOf, type PageRequest } from "../core/pagination.js";
import { normalizeMemberPhone } from "../core/phone.js";
import { isGroupRole, ROLE_LABELS, type Role } from "../core/roles.js";
import { uuidv7 } from "../db/ids.js";
import { commitBatch } from "./batch.js";
import { createdAfter, createdKey } from "./paging.js";
import { auditRow, changes, type DbOrTx, type ServiceContext } from "./context.js";
import { requireGroupOfWard } from "./groups.js";
import { inviteDto } from "./invites.js";
import { requireWard } from "./wards.js";
import { changedOrFail } from "../db/guard.js";

export interface MemberInput {
  name: string;
  role: Role;
  groupId?: string | null;
  phone?: string | null;
}

const memberInclude = {
  roles: true,
  identities: { select: { channel: true, boundAt: true } },
} as const;

type MemberRow = Awaited<ReturnType<typeof loadMember>> & {};

const loadMember = (db: DbOrTx, id: string) => db.member.findUnique({ where: { id }, include: memberInclude });

export function toMemberDto(m: MemberRow) {
  // A member normally holds one role; the first is the one the API was given.
  const primary = m.roles[0];
  return {
    id: m.id,
    wardId: m.wardId,
    name: m.name,
    role: (primary?.role ?? null) as Role | null,
    groupId: primary && primary.unitId !== m.wardId ? primary.unitId : null,
    phone: m.phone,
    channels: m.identities.map((i) => ({ channel: i.channel, boundAt: i.boundAt.toISOString() })),
    archivedAt: m.archivedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

/** Checks one member's fields against the ward; returns what to store. Shared with CSV import. */
export function memberFieldProblems(input: MemberInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (isGroupRole(input.role) && !input.groupId)
    problems.push({ field: "groupId", code: "required", message: `${ROLE_LABELS[input.role]} cần chọn tổ dân phố.` });
  if (!isGroupRole(input.role) && input.groupId)
    problems.push({ field: "groupId", code: "invalid_value", message: `${ROLE_LABELS[input.role]} là vai trò cấp phường nên không chọn tổ dân phố.` });
  const phone = input.phone ? normalizeMemberPhone(input.phone, input.role) : undefined;
  if (phone && !phone.ok)
    problems.push({
      field: "phone",
      code: "invalid_phone",
      message: phone.reason === "landline_not_allowed"
        ? `${ROLE_LABELS[input.role]} cần số di động (10 chữ số, bắt đầu bằng 0, ví dụ 0912 345 678); số máy bàn chỉ dùng cho lãnh đạo phường và quản trị viên.`
        : "Số điện thoại không hợp lệ: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678); lãnh đạo phường và quản trị viên có thể dùng số máy bàn như 024 3825 1234.",
    });
  return problems;
}

/** The phone to store, once memberFieldProblems has accepted it. */
function storedPhone(input: MemberInput): string | null {
  const phone = input.phone ? normalizeMemberPhone(input.phone, input.role) : null;
  return phone?.ok ? phone.phone : null;
}

/**
 * One person once per ward: the same name (by nameKey) and the same phone; without a phone, the
 * same name in the same group (or at ward level): common names such as "Nguyễn Văn Hùng" recur
 * across a ward's groups and are different people. Stored as Member.dedupeKey, whose unique
 * index guards concurrent creations.
 */
export const memberDedupeKey = (name: string, phone: string | null, unitId: string) => `${nameKey(name)}|${phone ?? `@${unitId}`}`;

/** The ward's member (archived ones too) who is the same person, compared afresh (rows from before dedupeKey hold a rougher key). */
async function samePerson(db: DbOrTx, wardId: string, name: string, phone: string | null, unitId: string, exceptId?: string) {
  const key = memberDedupeKey(name, phone, unitId);
  const members = await db.member.findMany({
    where: { wardId },
    select: { id: true, name: true, phone: true, archivedAt: true, roles: { select: { unitId: true }, orderBy: { id: "asc" } } },
  });
  return members.find((m) => m.id !== exceptId && memberDedupeKey(m.name, m.phone, m.roles[0]?.unitId ?? wardId) === key);
}

function alreadyMember(clash: { id: string; archivedAt: Date | null }) {
  return new AppError(
    "conflict",
    `Phường/xã đã có người cùng tên và số điện thoại này${clash.archivedAt ? " (đã ngừng hoạt động: xin khôi phục người đó thay vì thêm mới)" : ""}.`,
    { id: clash.id },
  );
}

/** For tests and tools that write inside a transaction of their own (the webhook benchmark). */
export async function insertMember(tx: DbOrTx, wardId: string, input: MemberInput) {
  const name = cleanName(input.name);
  const phone = storedPhone(input);
  return tx.member.create({
    data: { wardId, name, phone, dedupeKey: memberDedupeKey(name, phone, input.groupId ?? wardId), roles: { create: { role: input.role, unitId: input.groupId ?? wardId } } },
  });
}

/**
 * Adds a member with a role and a fresh invitation code, in one batch. The same person again
 * (same name and phone in the ward) is a 409 carrying their id, as a duplicate group is.
 */
export async function createMember(ctx: ServiceContext, wardId: string, input: MemberInput) {
  const problems = memberFieldProblems(input);
  if (problems.length) throw invalidFields(problems);
  await requireWard(ctx.db, wardId);
  if (input.groupId) await requireGroupOfWard(ctx.db, wardId, input.groupId);
  const name = cleanName(input.name);
  const phone = storedPhone(input);
  const clash = await samePerson(ctx.db, wardId, name, phone, input.groupId ?? wardId);
  if (clash) throw alreadyMember(clash);

  const now = ctx.now();
  const id = uuidv7(now.getTime());
  const code = generateInviteCode(randomBytes);
  const expiresAt = inviteExpiry(now);
  await commitBatch(
    ctx.db,
    [
      // The role as a statement of its own, not a nested create: a batch's statements must not
      // depend on each other's results (src/db/batching-adapter.ts).
      ctx.db.member.create({ data: { id, wardId, name, phone, dedupeKey: memberDedupeKey(name, phone, input.groupId ?? wardId) } }),
      ctx.db.memberRole.create({ data: { memberId: id, role: input.role, unitId: input.groupId ?? wardId } }),
      ctx.db.inviteCode.create({ data: { memberId: id, codeHash: await sha256Hex(code), expiresAt, createdAt: now } }),
      ctx.db.auditLog.create({
        data: auditRow(ctx, { action: "member.create", entity: "member", entityId: id, wardId, details: { role: input.role, groupId: input.groupId ?? null } }),
      }),
    ],
    "member",
  );
  return { ...(await getMember(ctx, id)), invite: inviteDto(code, expiresAt, ctx) };
}

export interface MemberListQuery extends PageRequest {
  role?: Role;
  groupId?: string;
  archived?: boolean;
}

/** A ward's members in the order they were added, filtered by role and group; keyset pages on (createdAt, id). */
export async function listMembers(ctx: ServiceContext, wardId: string, query: MemberListQuery = { limit: 1000 }) {
  await requireWard(ctx.db, wardId);
  const roleFilter = query.role || query.groupId ? { roles: { some: { ...(query.role ? { role: query.role } : {}), ...(query.groupId ? { unitId: query.groupId } : {}) } } } : {};
  const rows = await ctx.db.member.findMany({
    where: {
      wardId,
      ...(query.archived ? {} : { archivedAt: null }),
      ...roleFilter,
      ...createdAfter(query.cursor),
    },
    include: memberInclude,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, createdKey);
  return { ...page, items: page.items.map(toMemberDto) };
}

export async function getMember(ctx: ServiceContext, memberId: string) {
  const row = await loadMember(ctx.db, memberId);
  if (!row) throw notFound("member", memberId);
  return toMemberDto(row);
}

export interface MemberPatch {
  name?: string;
  phone?: string | null;
  role?: Role;
  groupId?: string | null;
  /** false restores an archived member; true archives them (as DELETE does). */
  archived?: boolean;
}

/**
 * Changes a member's name, phone, role or group, archives or restores them, in one batch with
 * a version check. Archiving keeps their reports (past cycles and summaries still name them)
 * and unbinds their chats: nothing is sent to them any more (messages still queued for them are
 * dropped), an unused invitation stops working, and a message from them is treated as from a
 * stranger. Restoring makes them a member again; hand them a fresh invitation
 * (POST /members/{id}/invite) to bind a chat again.
 */
export async function updateMember(ctx: ServiceContext, memberId: string, patch: MemberPatch) {
  const member = await ctx.db.member.findUnique({ where: { id: memberId }, include: { roles: true, identities: true } });
  if (!member) throw notFound("member", memberId);
  const current = toMemberDto({ ...member, identities: [] });
  const role = patch.role ?? current.role!;
  // A change to a ward-level role drops the group unless one is given; a group role keeps it.
  const groupId = patch.groupId !== undefined ? patch.groupId : patch.role && !isGroupRole(patch.role) ? null : current.groupId;
  const phoneInput = patch.phone === undefined ? member.phone : patch.phone;
  const problems = memberFieldProblems({ name: patch.name ?? member.name, role, groupId, phone: phoneInput });
  if (problems.length) throw invalidFields(problems);
  const name = patch.name === undefined ? member.name : cleanName(patch.name);
  const phone = patch.phone === undefined ? member.phone : storedPhone({ name, role, groupId, phone: patch.phone });
  const roleChanged = role !== current.role || groupId !== current.groupId;
  if (roleChanged && groupId) await requireGroupOfWard(ctx.db, member.wardId, groupId);
  const dedupeKey = memberDedupeKey(name, phone, groupId ?? member.wardId);
  if (dedupeKey !== memberDedupeKey(member.name, member.phone, current.groupId ?? member.wardId)) {
    const clash = await samePerson(ctx.db, member.wardId, name, phone, groupId ?? member.wardId, memberId);
    if (clash) throw alreadyMember(clash);
  }

  const now = ctx.now();
  const archivedAt = patch.archived === undefined ? member.archivedAt : patch.archived ? (member.archivedAt ?? now) : null;
  const archiving = archivedAt !== null && member.archivedAt === null;
  const action = archiving ? "member.archive" : !archivedAt && member.archivedAt ? "member.restore" : "member.update";
  const addresses = member.identities.map((i) => i.address);
  await commitBatch(
    ctx.db,
    [
      // The version check: a change made since the read fails the batch (409, try again).
      ctx.db.member.updateMany({ where: { id: memberId, updatedAt: member.updatedAt }, data: { name, phone, dedupeKey, archivedAt } }),
      changedOrFail(ctx.db),
      ...(roleChanged
        ? [ctx.db.memberRole.deleteMany({ where: { memberId } }), ctx.db.memberRole.create({ data: { memberId, role, unitId: groupId ?? member.wardId } })]
        : []),
      ...(archiving
        ? [
            ctx.db.channelIdentity.deleteMany({ where: { memberId } }),
            ctx.db.conversation.deleteMany({ where: { OR: member.identities.map((i) => ({ channel: i.channel, userId: i.externalId })) } }),
            ctx.db.inviteCode.updateMany({ where: { memberId, usedAt: null, revokedAt: null }, data: { revokedAt: now } }),
            ctx.db.outboxMessage.updateMany({ where: { address: { in: addresses }, status: "pending" }, data: { status: "failed", lastError: "the member was archived" } }),
          ]
        : []),
      ctx.db.auditLog.create({
        // In the database, for the ward's admins; never in logs (names and phones are personal data).
        data: auditRow(ctx, {
          action, entity: "member", entityId: memberId, wardId: member.wardId,
          details: { fields: Object.keys(patch), role, groupId },
          change: changes({ ...member, role: current.role, groupId: current.groupId }, { name, phone, role, groupId, archivedAt }),
        }),
      }),
    ],
    "member",
  );
  return getMember(ctx, memberId);
}

export const archiveMember = (ctx: ServiceContext, memberId: string) => updateMember(ctx, memberId, { archived: true });

export async function reissueInvite(ctx: ServiceContext, memberId: string) {
  const member = await ctx.db.member.findUnique({ where: { id: memberId } });
  if (!member) throw notFound("member", memberId);
  if (member.archivedAt) throw new AppError("conflict", "Người này đã ngừng hoạt động: xin khôi phục trước khi gửi giấy mời kết nối.");
  const now = ctx.now();
  const code = generateInviteCode(randomBytes);
  const expiresAt = inviteExpiry(now);
  await commitBatch(
    ctx.db,
    [
      // Only the newest code handed out works.
      ctx.db.inviteCode.updateMany({ where: { memberId, usedAt: null, revokedAt: null }, data: { revokedAt: now } }),
      ctx.db.inviteCode.create({ data: { memberId, codeHash: await sha256Hex(code), expiresAt, createdAt: now } }),
      ctx.db.auditLog.create({ data: auditRow(ctx, { action: "member.invite", entity: "member", entityId: memberId, wardId: member.wardId }) }),
    ],
    "member",
  );
  return inviteDto(code, expiresAt, ctx);
}
