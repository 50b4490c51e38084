import { sha256Hex, randomBytes } from "../core/crypto.js";
import { INVITE_TTL_DAYS, generateInviteCode, inviteExpiry } from "../core/invite.js";
import { invalidFields } from "../core/errors.js";
import type { Role } from "../core/roles.js";
import { auditWrite, type DbOrTx, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";

export interface InviteDto {
  code: string;
  expiresAt: string;
  telegramLink?: string;
  /** Present when Zalo is configured: what ward staff forward to the person (Zalo has no deep link). */
  zaloInstructions?: string;
}

/**
 * Issues a fresh single-use code for a member and revokes any earlier unused one, so that only
 * the newest code handed out works. The code itself is returned once and stored only as a hash.
 */
export async function issueInvite(ctx: ServiceContext, tx: DbOrTx, memberId: string): Promise<InviteDto> {
  const now = ctx.now();
  await tx.inviteCode.updateMany({
    where: { memberId, usedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  const code = generateInviteCode(randomBytes);
  const expiresAt = inviteExpiry(now);
  await tx.inviteCode.create({ data: { memberId, codeHash: await sha256Hex(code), expiresAt, createdAt: now } });
  return inviteDto(code, expiresAt, ctx);
}

/**
 * What an admin hands out: the code, its expiry, the Telegram deep link when the bot is known,
 * and, when Zalo is configured, a short Vietnamese text to forward (open the bot, send the code).
 */
export function inviteDto(code: string, expiresAt: Date, channels: Pick<ServiceContext, "telegramBotUsername" | "zaloBot">): InviteDto {
  const { telegramBotUsername, zaloBot } = channels;
  return {
    code,
    expiresAt: expiresAt.toISOString(),
    ...(telegramBotUsername ? { telegramLink: `https://t.me/${telegramBotUsername}?start=${code}` } : {}),
    ...(zaloBot ? { zaloInstructions: zaloInstructions(code, zaloBot.accountName) } : {}),
  };
}

export function zaloInstructions(code: string, accountName: string | undefined): string {
  const open = accountName
    ? `mở Zalo, tìm trợ lý “${accountName}” và bấm “Nhắn tin”`
    : "mở Zalo, mở trợ lý báo cáo của phường (cán bộ phường sẽ chỉ cách)";
  return (
    `Mời ông/bà liên kết Zalo với trợ lý báo cáo của phường: ${open}, rồi gửi mã mời sau: ${code}\n` +
    `Mã chỉ dùng được một lần, trong ${INVITE_TTL_DAYS} ngày.`
  );
}

export type InviteScope = "unbound" | "all";

/**
 * Fresh invitations for a whole ward or one group, to print: everyone not yet bound on any
 * channel (or everyone, with `include: "all"`). Earlier unused codes of those people stop working.
 * One batch (no interactive transaction): the revocations, the new codes and the audit entry land
 * together or not at all; two printings at once leave the later one's codes valid, as SQLite
 * applies whole batches one after the other.
 */
export async function issueInvitations(ctx: ServiceContext, wardId: string, options: { groupId?: string; include?: InviteScope }) {
  const ward = await requireWard(ctx.db, wardId);
  const groups = await ctx.db.unit.findMany({ where: { wardId, kind: "group" }, select: { id: true, name: true } });
  if (options.groupId && !groups.some((g) => g.id === options.groupId))
    throw invalidFields([{ field: "groupId", code: "unknown_reference", message: "Tổ đã chọn không phải tổ dân phố của phường/xã này." }]);
  const members = await ctx.db.member.findMany({
    // Archived people get no invitation: they are unbound on purpose.
    where: { wardId, archivedAt: null, ...(options.groupId ? { roles: { some: { unitId: options.groupId } } } : {}) },
    include: { roles: true, identities: { select: { id: true } } },
  });
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const collator = new Intl.Collator("vi", { numeric: true });
  const people = members
    .filter((m) => options.include === "all" || m.identities.length === 0)
    .map((m) => {
      const role = m.roles[0];
      const groupId = role && role.unitId !== wardId ? role.unitId : null;
      return { memberId: m.id, name: m.name, role: (role?.role ?? null) as Role | null, groupId, groupName: groupId ? (groupName.get(groupId) ?? null) : null };
    })
    // Group by group (ward-level people last), then by role and name: the order of the printed pages.
    .sort((a, b) => collator.compare(a.groupName ?? "\uffff", b.groupName ?? "\uffff") || (a.role ?? "").localeCompare(b.role ?? "") || collator.compare(a.name, b.name));

  const now = ctx.now();
  const expiresAt = inviteExpiry(now);
  const codes = people.map(() => generateInviteCode(randomBytes));
  const hashes = await Promise.all(codes.map(sha256Hex));
  const ids = people.map((p) => p.memberId);
  await ctx.db.$transaction([
    ctx.db.inviteCode.updateMany({ where: { memberId: { in: ids }, usedAt: null, revokedAt: null }, data: { revokedAt: now } }),
    ctx.db.inviteCode.createMany({ data: people.map((p, i) => ({ memberId: p.memberId, codeHash: hashes[i]!, expiresAt, createdAt: now })) }),
    auditWrite(ctx, ctx.db, {
      action: "member.invite_sheet",
      entity: "ward",
      entityId: wardId,
      wardId,
      details: { groupId: options.groupId ?? null, include: options.include ?? "unbound", people: people.length },
    }),
  ]);
  return {
    wardId,
    wardName: ward.name,
    invitations: people.map((p, i) => ({ ...p, invite: inviteDto(codes[i]!, expiresAt, ctx) })),
  };
}
