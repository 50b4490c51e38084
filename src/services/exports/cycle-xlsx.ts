import ExcelJS from "exceljs";
import { notFound } from "../../core/errors.js";
import { isNumericType, type AnswerValue, type Question } from "../../core/form.js";
import { standingInWords } from "../../core/group-standing.js";
import { ROLES, ROLE_LABELS, type Role } from "../../core/roles.js";
import { headline } from "../../core/summary/text.js";
import { zoneOffsetMinutes } from "../../core/time.js";
import type { ServiceContext } from "../context.js";
import { questionsOf } from "../form.js";
import { cycleSummary } from "../summaries.js";
import { asciiSlug } from "../../core/text.js";
import { MONEY_FORMAT, sumCell } from "./xlsx.js";
import { realCycle } from "../real-cycles.js";

const STATUS_VI: Record<string, string> = {
  pending: "Chưa báo cáo",
  in_progress: "Đang làm",
  submitted: "Đã báo cáo",
  late: "Nộp muộn",
  missed: "Không báo cáo",
};
type Answers = Record<string, AnswerValue | null>;

/** Excel keeps wall-clock times without a zone: shift instants to the ward's local time. */
const local = (instant: Date, zone: string) => new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60_000);

function cellValue(q: Question, value: AnswerValue | null | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (q.type === "yes_no") return value ? "Có" : "Không";
  if (q.type === "date") return new Date(`${String(value)}T00:00:00Z`);
  return value as string | number;
}

/**
 * A cycle as a workbook: one row per group and role, one typed column per question (numbers as
 * numbers, money with a thousands format, dates as dates), the group's standing (from the cycle's
 * summary, so it says what the text and the document say), each report's status and time of
 * submission, a totals row and under it who has reported in words, a frozen header in
 * Vietnamese, and a sheet with every submission (the history).
 */
export async function cycleWorkbook(ctx: ServiceContext, cycleId: string): Promise<{ filename: string; data: Uint8Array }> {
  const cycle = await ctx.db.cycle.findUnique({
    where: realCycle({ id: cycleId }),
    include: { ward: true, reports: { include: { group: true, revisions: { orderBy: { submittedAt: "asc" } } } } },
  });
  if (!cycle) throw notFound("cycle", cycleId);
  const zone = cycle.ward.timezone ?? ctx.defaultTimezone;
  const questions = await questionsOf(ctx.db, cycle.formVersionId);
  const summary = await cycleSummary(ctx, ctx.db, cycleId);
  const several = summary.byRole.length > 0;
  const groupStanding = new Map(summary.groups.map((g) => [g.id, standingInWords(g, several)]));
  const book = new ExcelJS.Workbook();
  book.creator = "wardbot";

  const sheet = book.addWorksheet("Tổng hợp", { views: [{ state: "frozen", ySplit: 1, xSplit: 1 }] });
  sheet.columns = [
    { header: "Tổ dân phố", key: "group", width: 24 },
    { header: "Tình trạng của tổ", key: "groupStatus", width: 22 },
    { header: "Người báo cáo", key: "role", width: 26 },
    { header: "Tình trạng báo cáo", key: "status", width: 16 },
    { header: "Thời điểm gửi", key: "submittedAt", width: 18, style: { numFmt: "dd/mm/yyyy hh:mm" } },
    ...questions.map((q) => ({
      header: q.text,
      key: q.key,
      width: q.type === "text" ? 40 : 18,
      style: q.type === "money" ? { numFmt: MONEY_FORMAT } : q.type === "date" ? { numFmt: "dd/mm/yyyy" } : {},
    })),
  ];
  sheet.getRow(1).font = { bold: true };
  const collator = new Intl.Collator("vi", { numeric: true });
  // The tổ trưởng's row first, then the trưởng ban's, as the roles are listed everywhere else.
  const roleOrder = (role: string) => ROLES.indexOf(role as Role);
  const reports = [...cycle.reports].sort((a, b) => collator.compare(a.group.name, b.group.name) || roleOrder(a.role) - roleOrder(b.role));
  for (const r of reports) {
    const done = r.status === "submitted";
    const answers = r.answers as Answers;
    sheet.addRow({
      group: r.group.name,
      groupStatus: groupStanding.get(r.groupId) ?? null,
      role: ROLE_LABELS[r.role as Role] ?? r.role,
      status: STATUS_VI[done && r.late ? "late" : r.status] ?? r.status,
      submittedAt: r.submittedAt ? local(r.submittedAt, zone) : null,
      ...Object.fromEntries(questions.map((q) => [q.key, done ? cellValue(q, answers[q.key]) : null])),
    });
  }
  const last = reports.length + 1;
  const totals: Record<string, ExcelJS.CellValue> = { group: "Tổng cộng" };
  for (const q of questions) {
    if (!isNumericType(q.type)) continue;
    const column = sheet.getColumn(q.key).letter;
    const result = reports.reduce((sum, r) => {
      const v = (r.answers as Answers)[q.key];
      return r.status === "submitted" && typeof v === "number" ? sum + v : sum;
    }, 0);
    totals[q.key] = sumCell(column, 2, last, result);
  }
  sheet.addRow(totals).font = { bold: true };
  const { label, count, byRole } = headline(summary);
  sheet.addRow({ group: `${label}: ${count}${byRole ? `; ${byRole}` : ""}.` });

  const history = book.addWorksheet("Lịch sử gửi");
  history.columns = [
    { header: "Tổ dân phố", key: "group", width: 24 },
    { header: "Thời điểm gửi", key: "at", width: 18, style: { numFmt: "dd/mm/yyyy hh:mm" } },
    { header: "Qua", key: "via", width: 10 },
    { header: "Muộn", key: "late", width: 8 },
    { header: "Câu trả lời", key: "answers", width: 80 },
  ];
  history.getRow(1).font = { bold: true };
  for (const r of reports)
    for (const rev of r.revisions)
      history.addRow({ group: r.group.name, at: local(rev.submittedAt, zone), via: rev.via, late: rev.late ? "Có" : "", answers: JSON.stringify(rev.answers) });

  const data = new Uint8Array(await book.xlsx.writeBuffer());
  return { filename: `tong-hop-${asciiSlug(cycle.label)}.xlsx`, data };
}
