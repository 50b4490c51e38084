import { AppError, notFound } from "../core/errors.js";
import { normalizeMemberPhone } from "../core/phone.js";
import { isGroupRole, type Role } from "../core/roles.js";
import { tidyName } from "../core/text.js";
import { audit, type DbOrTx, type ServiceContext } from "./context.js";
import { requireGroupOfWard } from "./groups.js";
import { issueInvite } from "./invites.js";
import { requireWard } from "./wards.js";

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

type MemberRow = Awaited<ReturnType<typeof loadMembers>>[number];

function loadMembers(db: DbOrTx, where: { wardId?: string; id?: string }) {
  return db.member.findMany({ where, include: memberInclude, orderBy: { createdAt: "asc" } });
}

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
    createdAt: m.createdAt.toISOString(),
  };
}

/** Checks one member's fields against the ward; returns what to store. Shared with CSV import. */
export function memberFieldProblems(input: MemberInput): { field: string; message: string }[] {
  const problems = [];
  if (isGroupRole(input.role) && !input.groupId)
    problems.push({ field: "groupId", message: `is required for the role ${input.role}` });
  if (!isGroupRole(input.role) && input.groupId)
    problems.push({ field: "groupId", message: `must be empty for the role ${input.role} (a ward-level role)` });
  const phone = input.phone ? normalizeMemberPhone(input.phone, input.role) : undefined;
  if (phone && !phone.ok)
    problems.push({
      field: "phone",
      message: phone.reason === "landline_not_allowed"
        ? `must be a mobile number for the role ${input.role} (a landline is accepted for chair and admin)`
        : "is not a Vietnamese phone number (e.g. 0912 345 678, or a landline 024 3825 1234 for chair and admin)",
    });
  return problems;
}

/** The phone to store, once memberFieldProblems has accepted it. */
function storedPhone(input: MemberInput): string | null {
  const phone = input.phone ? normalizeMemberPhone(input.phone, input.role) : null;
  return phone?.ok ? phone.phone : null;
}

export async function insertMember(tx: DbOrTx, wardId: string, input: MemberInput) {
  return tx.member.create({
    data: {
      wardId,
      name: tidyName(input.name),
      phone: storedPhone(input),
      roles: { create: { role: input.role, unitId: input.groupId ?? wardId } },
    },
  });
}

export async function createMember(ctx: ServiceContext, wardId: string, input: MemberInput) {
  const problems = memberFieldProblems(input);
  if (problems.length) throw new AppError("invalid_input", "Invalid member", problems);
  return ctx.db.$transaction(async (tx) => {
    await requireWard(tx, wardId);
    if (input.groupId) await requireGroupOfWard(tx, wardId, input.groupId);
    const member = await insertMember(tx, wardId, input);
    const invite = await issueInvite(ctx, tx, member.id);
    await audit(ctx, tx, {
      action: "member.create",
      entity: "member",
      entityId: member.id,
      wardId,
      details: { role: input.role, groupId: input.groupId ?? null },
    });
    const [row] = await loadMembers(tx, { id: member.id });
    return { ...toMemberDto(row!), invite };
  });
}

export async function listMembers(ctx: ServiceContext, wardId: string) {
  await requireWard(ctx.db, wardId);
  return (await loadMembers(ctx.db, { wardId })).map(toMemberDto);
}

export async function getMember(ctx: ServiceContext, memberId: string) {
  const [row] = await loadMembers(ctx.db, { id: memberId });
  if (!row) throw notFound("member", memberId);
  return toMemberDto(row);
}

export async function reissueInvite(ctx: ServiceContext, memberId: string) {
  return ctx.db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId } });
    if (!member) throw notFound("member", memberId);
    const invite = await issueInvite(ctx, tx, memberId);
    await audit(ctx, tx, { action: "member.invite", entity: "member", entityId: memberId, wardId: member.wardId });
    return invite;
  });
}
