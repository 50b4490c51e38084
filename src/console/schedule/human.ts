/**
 * The schedule in the words a ward office uses ("mở Thứ Hai 08:00, nhắc Thứ Năm 17:00") and the
 * 5-field crons the API keeps: one weekly moment ↔ `m h * * d`. A cron that is not one weekly
 * moment (set through the API: "every day", ranges) is reported as such, never silently rewritten.
 */

/** A weekly moment: day 0 = Chủ nhật … 6 = Thứ Bảy (cron's numbering), time "HH:MM" (24 h). */
export interface WeeklyMoment {
  day: number;
  time: string;
}

export interface HumanSchedule {
  enabled: boolean;
  opens: WeeklyMoment;
  reminders: WeeklyMoment[];
  due: WeeklyMoment;
  summary: WeeklyMoment;
  skipHolidays: boolean;
}

export interface CronSchedule {
  enabled: boolean;
  opensAt: string;
  remindAt: string[];
  dueAt: string;
  summaryAt: string;
  skipHolidays: boolean;
}

export const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
/** Monday first, as a Vietnamese week is read. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

const NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** "0 17 * * 5" → Thứ Sáu 17:00; anything but one weekly moment → null. */
export function fromCron(cron: string): WeeklyMoment | null {
  const m = /^(\d{1,2})\s+(\d{1,2})\s+\*\s+\*\s+([0-7]|[a-z]{3})$/i.exec(cron.trim());
  if (!m) return null;
  const minute = Number(m[1]);
  const hour = Number(m[2]);
  const day = /^\d$/.test(m[3]!) ? Number(m[3]) % 7 : NAMES[m[3]!.toLowerCase()];
  if (day === undefined || minute > 59 || hour > 23) return null;
  return { day, time: `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}` };
}

/** Thứ Sáu 17:00 → "0 17 * * 5". */
export function toCron(moment: WeeklyMoment): string {
  const [h, m] = moment.time.split(":").map(Number);
  return `${m} ${h} * * ${moment.day}`;
}

/** "Thứ Sáu 17:00" */
export const describeMoment = (m: WeeklyMoment) => `${WEEKDAYS[m.day]} ${m.time || "(chưa rõ giờ)"}`;

/**
 * A time as officers type it, 24 h: "17:00", "17h", "17h30", "8.30", "1730" → "HH:MM"; else null.
 * (A text field, not the browser's time picker, which shows AM/PM on an English Windows.)
 */
export function readTime(text: string): string | null {
  const m = /^(\d{1,2})(?:\s*(?:[:hg.]|giờ)\s*(\d{2})?)?(?:\s*(?:phút|p))?$/i.exec(text.trim()) ?? /^(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** A day as officers type it, "2/9/2026", "02-09-2026", "2.9.2026" → "2026-09-02" (a real day); else null. */
export function readDay(text: string): string | null {
  const m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** The API's crons in human terms, or the names of the parts that are not one weekly moment. */
export function fromCrons(s: CronSchedule): { schedule: HumanSchedule } | { unreadable: string[] } {
  const opens = fromCron(s.opensAt);
  const reminders = s.remindAt.map(fromCron);
  const due = fromCron(s.dueAt);
  const summary = fromCron(s.summaryAt);
  const unreadable = [
    !opens && "mở kỳ",
    reminders.some((r) => !r) && "nhắc",
    !due && "hạn nộp",
    !summary && "gửi tổng hợp",
  ].filter((x): x is string => !!x);
  if (unreadable.length) return { unreadable };
  return { schedule: { enabled: s.enabled, opens: opens!, reminders: reminders as WeeklyMoment[], due: due!, summary: summary!, skipHolidays: s.skipHolidays } };
}

export function toCrons(h: HumanSchedule): CronSchedule {
  return {
    enabled: h.enabled,
    opensAt: toCron(h.opens),
    remindAt: h.reminders.map(toCron),
    dueAt: toCron(h.due),
    summaryAt: toCron(h.summary),
    skipHolidays: h.skipHolidays,
  };
}

/** "mở Thứ Hai 08:00, nhắc Thứ Năm 17:00, hạn Thứ Sáu 17:00, gửi tổng hợp Thứ Bảy 08:00" */
export function describeSchedule(h: HumanSchedule): string {
  const parts = [`mở ${describeMoment(h.opens)}`];
  if (h.reminders.length) parts.push(`nhắc ${h.reminders.map(describeMoment).join(" và ")}`);
  parts.push(`hạn ${describeMoment(h.due)}`, `gửi tổng hợp ${describeMoment(h.summary)}`);
  return parts.join(", ");
}

/** Minutes from Monday 00:00, so a week reads in order Thứ Hai … Chủ nhật. */
const weekMinute = (m: WeeklyMoment) => {
  const [h, min] = m.time.split(":").map(Number);
  return ((m.day + 6) % 7) * 1440 + h! * 60 + min!;
};

/**
 * What is out of order within one week (opening, reminders, deadline, summary), by field, in
 * Vietnamese. A ward may mean a cycle that crosses the weekend, so this is a warning, not a refusal.
 */
export function orderWarnings(h: HumanSchedule): string[] {
  const warnings: string[] = [];
  const open = weekMinute(h.opens);
  const due = weekMinute(h.due);
  if (due <= open) warnings.push("Hạn nộp đứng trước giờ mở kỳ trong tuần: kỳ báo cáo sẽ kéo sang tuần sau.");
  if (h.reminders.some((r) => weekMinute(r) <= open || weekMinute(r) >= due)) warnings.push("Có lần nhắc nằm ngoài khoảng từ lúc mở kỳ đến hạn nộp.");
  if (weekMinute(h.summary) < due) warnings.push("Gửi tổng hợp trước hạn nộp: bản tổng hợp sẽ chưa đủ báo cáo.");
  return warnings;
}

export const DEFAULT_SCHEDULE: HumanSchedule = {
  enabled: true,
  opens: { day: 1, time: "08:00" },
  reminders: [{ day: 4, time: "17:00" }],
  due: { day: 5, time: "17:00" },
  summary: { day: 6, time: "08:00" },
  skipHolidays: true,
};
