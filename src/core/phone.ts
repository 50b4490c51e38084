/**
 * Vietnamese phone numbers: "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"
 * all become "+84912345678". Returns null when it is not a plausible Vietnamese number.
 */
export function normalizePhone(text: string): string | null {
  const digits = text.replace(/[\s.\-()]/g, "");
  const national = /^\+?84(\d{9})$/.exec(digits)?.[1] ?? /^0(\d{9})$/.exec(digits)?.[1];
  if (!national || !/^[35789]/.test(national)) return null;
  return `+84${national}`;
}
