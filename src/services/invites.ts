import { sha256Hex, randomBytes } from "../core/crypto.js";
import { generateInviteCode, inviteExpiry } from "../core/invite.js";
import type { DbOrTx, ServiceContext } from "./context.js";

export interface InviteDto {
  code: string;
  expiresAt: string;
  telegramLink?: string;
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
  return inviteDto(code, expiresAt, ctx.telegramBotUsername);
}

/** What an admin hands out: the code, its expiry, and the Telegram deep link when the bot is known. */
export function inviteDto(code: string, expiresAt: Date, telegramBotUsername: string | undefined): InviteDto {
  return {
    code,
    expiresAt: expiresAt.toISOString(),
    ...(telegramBotUsername ? { telegramLink: `https://t.me/${telegramBotUsername}?start=${code}` } : {}),
  };
}
