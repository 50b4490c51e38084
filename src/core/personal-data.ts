/**
 * Personal data under Decree 13/2023: what stands for an erased person, and how their name and
 * phone number are taken out of stored JSON (audit values, queued messages). Pure.
 */

/** The name an erased person keeps, so the group's reports still say whose they were. */
export const erasedName = (memberId: string) => `Người đã xoá dữ liệu #${memberId.replace(/-/g, "").slice(-6)}`;

/** The ways a stored phone number "+84912345678" is written in texts: +84…, 84…, 0…. */
export function phoneForms(phone: string | null): string[] {
  if (!phone) return [];
  const national = phone.replace(/^\+84/, "");
  return [phone, `84${national}`, `0${national}`];
}

/** Every string in `value` with each of `needles` replaced; other values as they are. */
export function scrubbed<T>(value: T, needles: string[], replacement: string): T {
  const wanted = needles.filter((n) => n.trim().length >= 2).sort((a, b) => b.length - a.length);
  if (!wanted.length) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return wanted.reduce((s, n) => s.split(n).join(replacement), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object" && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Whether any string in `value` contains one of `needles`. */
export const mentions = (value: unknown, needles: string[]) => JSON.stringify(scrubbed(value, needles, "\u0000")) !== JSON.stringify(value);
