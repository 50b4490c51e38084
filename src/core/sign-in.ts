import type { OutboundMessage } from "./conversation/types.js";

/**
 * Staff sign in to the console with a one-time code the bot sends to the chat they are bound
 * in: no password to forget, and only who holds the phone's chat can sign in. Pure: the rules
 * and the texts; the service reads and writes.
 */
export const SIGN_IN = {
  codeTtlMs: 5 * 60_000,
  /** Wrong codes for one phone number before its sign-in is locked, and for how long. */
  maxWrongCodes: 5,
  lockMs: 15 * 60_000,
  /** Codes sent to one person per window, so that nobody can flood a chat with codes. */
  codesPerWindow: 5,
  /** Requests (sign-in and verify together) from one network address per window. */
  requestsPerIp: 30,
  windowMs: 15 * 60_000,
  /** A session lasts this long without use, up to its maximum age. */
  sessionIdleMs: 12 * 60 * 60_000,
  sessionMaxMs: 7 * 24 * 60 * 60_000,
  /** Using a session moves its expiry (a write) at most this often. */
  sessionTouchMs: 60_000,
} as const;

/** Six digits, uniformly (rejecting the few values that would favour low digits). */
export function sixDigitCode(random: (n: number) => Uint8Array): string {
  for (;;) {
    const [a, b, c] = random(3);
    const value = (a! << 16) | (b! << 8) | c!;
    if (value < 16_000_000) return String(value % 1_000_000).padStart(6, "0");
  }
}

/**
 * The wrong-code counter of a phone number (a RateLimit row: window start and count). Keyed by
 * the number, not the person, so that a number nobody holds locks the same way: the lock itself
 * tells nothing about whether the number exists.
 */
export interface WrongCodes {
  windowStart: Date;
  count: number;
}

export const isLocked = (row: WrongCodes | null, now: Date) =>
  !!row && row.count >= SIGN_IN.maxWrongCodes && now.getTime() - row.windowStart.getTime() < SIGN_IN.lockMs;

/**
 * The counter after one more wrong code: a fresh window when the last one is over; the
 * window restarts at the last allowed wrong code, so the lock lasts its full 15 minutes from then.
 */
export function afterWrongCode(row: WrongCodes | null, now: Date): WrongCodes & { lockedNow: boolean } {
  if (!row || now.getTime() - row.windowStart.getTime() >= SIGN_IN.windowMs) return { windowStart: now, count: 1, lockedNow: SIGN_IN.maxWrongCodes <= 1 };
  const count = row.count + 1;
  return count >= SIGN_IN.maxWrongCodes ? { windowStart: now, count, lockedNow: count === SIGN_IN.maxWrongCodes } : { windowStart: row.windowStart, count, lockedNow: false };
}

/** The console's sign-in screen, filled in: the code in the fragment never reaches a server log. */
export const signInLink = (publicUrl: string, phone: string, code: string) =>
  `${publicUrl.replace(/\/+$/, "")}/#/sign-in?phone=${encodeURIComponent(phone)}&code=${code}`;

export function codeMessage(code: string, link?: string): OutboundMessage {
  const lines = [
    `Mã đăng nhập trang quản trị wardbot của anh/chị là: ${code}`,
    "Mã dùng được một lần, trong 5 phút.",
    ...(link ? ["", `Hoặc bấm vào đây để đăng nhập ngay: ${link}`] : []),
    "",
    "Nếu anh/chị không yêu cầu đăng nhập, xin bỏ qua tin nhắn này và không đưa mã cho ai.",
  ];
  return { text: lines.join("\n") };
}

export const lockedMessage = (): OutboundMessage => ({
  text:
    "Trang quản trị wardbot vừa nhận 5 lần nhập sai mã đăng nhập với số điện thoại của anh/chị, " +
    "nên việc đăng nhập được tạm khóa 15 phút. Nếu không phải anh/chị thử đăng nhập, xin báo quản trị viên của phường.",
});
