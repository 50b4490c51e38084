/**
 * Invitation codes: 13 characters of Crockford's base32 (65 bits of randomness), upper case,
 * without the letters people confuse (I, L, O, U). Valid as a Telegram /start payload and easy
 * to read aloud or type on Zalo. Only a hash of a code is ever stored.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const INVITE_CODE_LENGTH = 13;
export const INVITE_TTL_DAYS = 14;

export function generateInviteCode(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(INVITE_CODE_LENGTH);
  // 256 is a multiple of 32, so taking the low five bits of each byte is unbiased.
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join("");
}

/** What a person typed → the canonical code: spaces and dashes dropped, O→0, I/L→1. */
export function normalizeInviteCode(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

export function inviteExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITE_TTL_DAYS * 24 * 3600_000);
}
