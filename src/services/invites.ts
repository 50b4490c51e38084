import { sha256Hex, randomBytes } from "../core/crypto.js";
import { INVITE_TTL_DAYS, generateInviteCode, inviteExpiry } from "../core/invite.js";
import type { DbOrTx, ServiceContext } from "./context.js";

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
