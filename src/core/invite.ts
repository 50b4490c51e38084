import { foldVietnamese } from "./text.js";

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

/** "mã 123", "ma: 123", "mã mời 123" (folded): the words before a code sent as a message. */
const CODE_WORDS = /^ma(?: moi)?(?:\s*:\s*|\s+)/;
const CODE_CHARACTERS = /^[0-9a-z][0-9a-z\s-]*$/;

/**
 * The invitation code in a message, for channels where a person sends it as ordinary text (Zalo
 * has no deep link): "ABCD1234EFGH5", "abcd 1234 efgh5", "mã: ABCD-1234-EFGH5", "ma 123 456".
 * What looks like a code is taken as an attempt (a wrong one is answered and counted): a whole
 * 13-character code, or 6–16 letters and digits with a digit among them ("mã" before it allows
 * 4), so that "xin chào", "12" or "mà tôi không biết" are not mistaken for one.
 */
export function inviteCodeIn(text: string): string | undefined {
  const folded = foldVietnamese(text.replace(/[“”"'.,!]+$/g, ""));
  const words = CODE_WORDS.exec(folded);
  const rest = words ? folded.slice(words[0].length) : folded;
  if (!CODE_CHARACTERS.test(rest)) return undefined;
  const compact = rest.replace(/[\s-]/g, "");
  const whole = compact.length === INVITE_CODE_LENGTH && [...normalizeInviteCode(compact)].every((c) => ALPHABET.includes(c));
  // Thirteen letters without a digit is a code when typed as one word (or after "mã").
  if (whole && (/\d/.test(compact) || words || !/\s/.test(rest))) return compact;
  const shortest = words ? 4 : 6;
  return compact.length >= shortest && compact.length <= 16 && /\d/.test(compact) ? compact : undefined;
}
