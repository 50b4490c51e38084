import type { AnswerValue, Question } from "./form.js";
import { formatMoney, formatNumber, formatDateTimeInZone } from "./format.js";
import { ROLE_LABELS, type Role } from "./roles.js";

/**
 * The weekly summary a ward's chairs read on their phones: who reported, who did not, the
 * totals with last week's change, the spread of each choice with the details of the notable
 * one, and what residents asked for. Pure: the caller loads the data.
 */

export interface SummaryReport {
  role: Role;
  /** submitted (on time), late, missed, pending, in_progress */
  status: string;
  absent: boolean;
  answers: Record<string, AnswerValue | null>;
}

export interface SummaryGroup {
  name: string;
  reports: SummaryReport[];
  /** This group's usual value per numeric question (average of earlier cycles), for outliers. */
  usual?: Record<string, number>;
}

export interface SummaryInput {
  wardName: string;
  zone: string;
  cycle: { label: string; dueAt: Date; status: string };
  questions: Question[];
  groups: SummaryGroup[];
  /** Totals of the previous cycle by question key, compared by key (never by text). */
  previousTotals?: Record<string, number>;
  meetings?: { title: string; startsAt: Date; location: string; attending: number; invited: number }[];
}

const OUTLIER_FACTOR = 10;
const isDone = (r: SummaryReport) => r.status === "submitted" || r.status === "late";
const percent = (x: number, y: number) => (y ? `${Math.round((x / y) * 100)}%` : "0%");

function amount(q: Question, value: number): string {
  return q.type === "money" ? formatMoney(value) : formatNumber(Math.round(value * 10) / 10);
}

function change(q: Question, now: number, before: number | undefined): string {
  if (before === undefined) return "";
  const diff = now - before;
  if (diff === 0) return " (bằng tuần trước)";
  const sign = diff > 0 ? "+" : "−";
  return ` (tuần trước ${amount(q, before)}, ${sign}${amount(q, Math.abs(diff))})`;
}

/** The questions whose answer unlocks a follow-up (skip logic): their notable option. */
function followUps(questions: Question[]) {
  return new Map(questions.filter((q) => q.showIf).map((q) => [q.showIf!.key, q]));
}

export function buildSummaryText(input: SummaryInput): string {
  const { questions, groups } = input;
  const lines: string[] = [];
  const provisional = input.cycle.status === "open" ? " (tạm tính, kỳ báo cáo chưa đóng)" : "";
  lines.push(`BÁO CÁO TỔNG HỢP ${input.cycle.label.toUpperCase()} — ${input.wardName}${provisional}`);
  lines.push(`Hạn chót: ${formatDateTimeInZone(input.cycle.dueAt, input.zone)}.`);

  const roles = [...new Set(groups.flatMap((g) => g.reports.map((r) => r.role)))];
  const done = groups.filter((g) => g.reports.length && g.reports.every(isDone));
  const absent = groups.filter((g) => !g.reports.every(isDone) && g.reports.some((r) => r.absent && !isDone(r)));
  const missing = groups.filter((g) => !g.reports.every(isDone) && !absent.includes(g));
  const late = groups.filter((g) => g.reports.some((r) => r.status === "late"));
  lines.push(`Đã báo cáo: ${done.length}/${groups.length} tổ (${percent(done.length, groups.length)})${late.length ? `, trong đó nộp muộn ${late.length}` : ""}.`);
  if (roles.length > 1)
    for (const role of roles) {
      const of = groups.flatMap((g) => g.reports.filter((r) => r.role === role));
      lines.push(`  ${ROLE_LABELS[role]}: ${of.filter(isDone).length}/${of.length}.`);
    }
  if (missing.length) lines.push(`Chưa báo cáo (${missing.length}): ${missing.map((g) => g.name).join(", ")}.`);
  if (absent.length) lines.push(`Vắng (${absent.length}): ${absent.map((g) => g.name).join(", ")}.`);
  if (late.length) lines.push(`Nộp muộn: ${late.map((g) => g.name).join(", ")}.`);

  const submitted = groups.flatMap((g) => g.reports.filter(isDone).map((r) => ({ group: g, answers: r.answers })));
  if (!submitted.length) {
    lines.push("", "Chưa có tổ nào gửi báo cáo trong kỳ này, nên chưa có số liệu tổng hợp.");
    return appendMeetings(lines, input).join("\n");
  }

  const follow = followUps(questions);
  const figures: string[] = [];
  const requests: string[] = [];
  for (const q of questions) {
    if (q.showIf) continue; // reported with the question that unlocks it
    const answered = submitted.filter((s) => s.answers[q.key] !== undefined && s.answers[q.key] !== null);
    if (q.type === "integer" || q.type === "number" || q.type === "money") {
      if (!answered.length) continue;
      const total = answered.reduce((sum, s) => sum + Number(s.answers[q.key]), 0);
      const average = total / answered.length;
      figures.push(`• ${q.text.replace(/\?$/, "")}: tổng ${amount(q, total)}, trung bình ${amount(q, average)}/tổ${change(q, total, input.previousTotals?.[q.key])}.`);
      for (const s of answered) {
        const usual = s.group.usual?.[q.key];
        const value = Number(s.answers[q.key]);
        if (usual && usual > 0 && value > OUTLIER_FACTOR * usual)
          figures.push(`  ⚠ ${s.group.name}: ${amount(q, value)}, gấp hơn ${OUTLIER_FACTOR} lần mức thường (${amount(q, usual)}); xin kiểm tra lại.`);
      }
    } else if (q.type === "choice" || q.type === "yes_no") {
      const labels = q.type === "choice" ? q.options! : ["Có", "Không"];
      const key = (v: AnswerValue | null | undefined) => (q.type === "yes_no" ? (v === true ? "Có" : v === false ? "Không" : undefined) : (v as string));
      const counts = labels.map((label) => `${answered.filter((s) => key(s.answers[q.key]) === label).length} ${label}`);
      figures.push(`• ${q.text.replace(/\?$/, "")}: ${counts.join(", ")}.`);
      const detail = follow.get(q.key);
      if (detail) {
        for (const s of answered.filter((a) => a.answers[q.key] === detail.showIf!.equals)) {
          const text = s.answers[detail.key];
          figures.push(`  – ${s.group.name}${text ? `: ${String(text)}` : ""}`);
        }
      }
    } else if (q.type === "text") {
      for (const s of answered) requests.push(`• ${s.group.name}: ${String(s.answers[q.key])}`);
    }
  }
  if (figures.length) lines.push("", "Số liệu:", ...figures);
  if (requests.length) lines.push("", "Kiến nghị, phản ánh của nhân dân:", ...requests);
  return appendMeetings(lines, input).join("\n");
}

function appendMeetings(lines: string[], input: SummaryInput): string[] {
  if (!input.meetings?.length) return lines;
  lines.push("", "Cuộc họp sắp tới:");
  for (const m of input.meetings)
    lines.push(`• ${m.title} lúc ${formatDateTimeInZone(m.startsAt, input.zone)} tại ${m.location}: ${m.attending}/${m.invited} xác nhận tham dự.`);
  return lines;
}
