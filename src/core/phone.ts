import type { Role } from "./roles.js";

/**
 * Vietnamese phone numbers: "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"
 * all become "+84912345678". Returns null when it is not a plausible Vietnamese mobile number.
 */
export function normalizePhone(text: string): string | null {
  const national = nationalNumber(text);
  if (!national || !/^[35789]\d{8}$/.test(national)) return null;
  return `+84${national}`;
}

/**
 * A Vietnamese landline (since 2017: 0, an area code starting with 2, then the subscriber
 * number, ten digits after the 0 in all: "024 3825 1234" in Hà Nội, "0236 3821 234" in Đà
 * Nẵng) as "+842438251234"; null when it is not one.
 */
export function normalizeLandline(text: string): string | null {
  const national = nationalNumber(text);
  if (!national || !/^2\d{9}$/.test(national)) return null;
  return `+84${national}`;
}

function nationalNumber(text: string): string | undefined {
  const digits = text.replace(/[\s.\-()]/g, "");
  return /^\+?84(\d{9,10})$/.exec(digits)?.[1] ?? /^0(\d{9,10})$/.exec(digits)?.[1];
}

/**
 * Ward staff (chairs, admins) may give their office landline. Tổ trưởng and trưởng ban CTMT
 * are reached personally and quickly (reminders, a call when a report is missing), so they
 * need a mobile number.
 */
export const mayUseLandline = (role: Role) => role === "chair" || role === "admin";

export type MemberPhone = { ok: true; phone: string } | { ok: false; reason: "invalid" | "landline_not_allowed" };

/** A member's phone for `role`: a mobile, or for staff also a landline. */
export function normalizeMemberPhone(text: string, role: Role): MemberPhone {
  const mobile = normalizePhone(text);
  if (mobile) return { ok: true, phone: mobile };
  const landline = normalizeLandline(text);
  if (!landline) return { ok: false, reason: "invalid" };
  return mayUseLandline(role) ? { ok: true, phone: landline } : { ok: false, reason: "landline_not_allowed" };
}
