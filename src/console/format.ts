/**
 * Vietnamese display formats: dates dd/mm/yyyy and 24-hour time in the ward's own time zone,
 * money as "212.110.000 đồng".
 */
export const DEFAULT_ZONE = "Asia/Ho_Chi_Minh";

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function partsOf(instant: string | Date, zone: string) {
  let format = dateTimeFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    dateTimeFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return parts as Record<"day" | "month" | "year" | "hour" | "minute", string>;
}

/** "27/11/2026" */
export function formatDate(instant: string | Date, zone = DEFAULT_ZONE): string {
  const p = partsOf(instant, zone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "27/11/2026 17:00" */
export function formatDateTime(instant: string | Date, zone = DEFAULT_ZONE): string {
  const p = partsOf(instant, zone);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
/** "Thứ Sáu, 27/11/2026 17:00" */
export function formatDayDateTime(instant: string | Date, zone = DEFAULT_ZONE): string {
  const p = partsOf(instant, zone);
  const weekday = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day))).getUTCDay();
  return `${WEEKDAYS[weekday]}, ${formatDateTime(instant, zone)}`;
}

const integer = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

/** 212110000 → "212.110.000 đồng" */
export function formatMoney(dong: number): string {
  return `${integer.format(dong)} đồng`;
}

export function formatNumber(n: number): string {
  return decimal.format(n);
}

/** Time left until a deadline in words: "còn 2 ngày 4 giờ", "còn 35 phút", "quá hạn 3 giờ". */
export function countdown(deadline: string | Date, now: Date): { text: string; overdue: boolean } {
  const ms = new Date(deadline).getTime() - now.getTime();
  const overdue = ms < 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const span = days ? `${days} ngày${hours ? ` ${hours} giờ` : ""}` : hours ? `${hours} giờ${mins ? ` ${mins} phút` : ""}` : `${mins} phút`;
  return { text: overdue ? `quá hạn ${span}` : `còn ${span}`, overdue };
}
