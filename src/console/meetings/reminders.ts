/**
 * Meeting reminders in words ("3 ngày trước", "2 giờ trước") and the API's ISO 8601 durations
 * (P3D, PT2H), and a meeting's local date and time ↔ the API's date-time.
 */
export type Unit = "week" | "day" | "hour" | "minute";
export interface Offset {
  amount: number;
  unit: Unit;
}

export const UNIT_LABELS: Record<Unit, string> = { week: "tuần", day: "ngày", hour: "giờ", minute: "phút" };
const MINUTES: Record<Unit, number> = { week: 10080, day: 1440, hour: 60, minute: 1 };

/** "P3D" → 3 ngày, "PT2H" → 2 giờ, "P1DT12H" → 36 giờ; not a duration of weeks to minutes → null. */
export function fromDuration(iso: string): Offset | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m || iso === "P" || iso.endsWith("T")) return null;
  const minutes = Number(m[1] ?? 0) * 10080 + Number(m[2] ?? 0) * 1440 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  if (!minutes) return null;
  // The largest unit it is a whole number of, as a person would say it.
  const unit = (["week", "day", "hour", "minute"] as const).find((u) => minutes % MINUTES[u] === 0)!;
  return { amount: minutes / MINUTES[unit], unit };
}

/** 3 ngày → "P3D", 2 giờ → "PT2H", 1 tuần → "P7D". */
export function toDuration(o: Offset): string {
  switch (o.unit) {
    case "week":
      return `P${o.amount * 7}D`;
    case "day":
      return `P${o.amount}D`;
    case "hour":
      return `PT${o.amount}H`;
    case "minute":
      return `PT${o.amount}M`;
  }
}

/** "3 ngày trước" */
export const describeOffset = (o: Offset) => `${o.amount} ${UNIT_LABELS[o.unit]} trước`;

/** "P3D, PT2H" in words, an unreadable one as it is. */
export const describeDurations = (list: string[]) =>
  list.map((d) => {
    const o = fromDuration(d);
    return o ? describeOffset(o) : d;
  });

/** At most 60 days before, as the API allows. */
export const offsetProblem = (o: Offset): string | null =>
  !Number.isInteger(o.amount) || o.amount < 1
    ? "Xin nhập một số nguyên dương, ví dụ 3."
    : o.amount * MINUTES[o.unit] > 60 * 1440
      ? "Nhắc sớm nhất 60 ngày trước hội nghị."
      : null;

/** "2026-11-29T14:00:00+07:00" (already in the ward's zone) → { day: "29/11/2026", time: "14:00" }. */
export function splitLocal(startsAt: string): { day: string; time: string } {
  const [date, rest] = startsAt.split("T") as [string, string];
  return { day: date.split("-").reverse().join("/"), time: rest.slice(0, 5) };
}

/** "2026-11-29" and "14:00" → "2026-11-29T14:00:00", read by the API in the ward's zone. */
export const joinLocal = (isoDay: string, time: string) => `${isoDay}T${time}:00`;
