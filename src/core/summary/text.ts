import { formatDateTimeInZone, formatMoney, formatNumber } from "../format.js";
import { rolesInWords } from "../group-standing.js";
import { ROLE_LABELS, ROLE_SHORT_LABELS } from "../roles.js";
import { OUTLIER_FACTOR, type NumericFigure, type Summary } from "./compute.js";

/**
 * The summary as a chat message, short enough to read on a phone. Written once against a tiny
 * markup interface so that the plain text (Zalo, logs, the API) and Telegram's HTML say exactly
 * the same thing. Every line is self-contained (no tag spans a line break), so a long summary can
 * be cut at any line into several messages.
 */

interface Markup {
  /** Escapes text for the format. */
  t(text: string): string;
  /** Bold (already escaped inside). */
  b(text: string): string;
}

const plain: Markup = { t: (s) => s, b: (s) => s };
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const html: Markup = { t: escapeHtml, b: (s) => `<b>${escapeHtml(s)}</b>` };

const percent = (rate: number | null) => `${Math.round((rate ?? 0) * 100)}%`;

export function formatAmount(figure: Pick<NumericFigure, "type">, value: number): string {
  return figure.type === "money" ? formatMoney(value) : formatNumber(Math.round(value * 10) / 10);
}

function change(f: NumericFigure): string {
  if (f.previousTotal === undefined) return "";
  const diff = f.total - f.previousTotal;
  if (diff === 0) return " (bằng tuần trước)";
  const sign = diff > 0 ? "+" : "−";
  return ` (tuần trước ${formatAmount(f, f.previousTotal)}, ${sign}${formatAmount(f, Math.abs(diff))})`;
}

/**
 * Who has reported, in words. With several roles a group counts when all of them are in, and
 * the label says so: "Đã báo cáo đủ (cả Tổ trưởng và Trưởng ban CTMT)"; each role's count follows.
 */
export function headline(s: Summary): { label: string; count: string; byRole?: string } {
  const lateNote = s.late.length ? `, trong đó nộp muộn ${s.late.length}` : "";
  const count = `${s.reported.length}/${s.groups.length} tổ (${percent(s.rate)})${lateNote}`;
  if (!s.byRole.length) return { label: "Đã báo cáo", count };
  return {
    label: `Đã báo cáo đủ (cả ${rolesInWords(s.roles)})`,
    count,
    byRole: s.byRole.map((r) => `${ROLE_SHORT_LABELS[r.role]}: ${r.done}/${r.total}`).join("; "),
  };
}

/** Groups that reported in part, gathered by what they still owe ("còn thiếu Trưởng ban…"). */
export function partialByOwed(s: Summary): { owed: Summary["roles"]; groups: string[] }[] {
  const out = new Map<string, { owed: Summary["roles"]; groups: string[] }>();
  for (const g of s.groups.filter((g) => g.standing === "partial")) {
    const entry = out.get(g.owed.join()) ?? { owed: g.owed, groups: [] };
    entry.groups.push(g.name);
    out.set(g.owed.join(), entry);
  }
  return [...out.values()];
}

/** Who has reported and who has not, one self-contained line each. */
function submission(s: Summary, m: Markup): string[] {
  const lines: string[] = [];
  const { label, count, byRole } = headline(s);
  lines.push(m.b(`${label}:`) + m.t(` ${count}.`));
  if (byRole) lines.push(m.t(`  ${byRole}.`));
  for (const { owed, groups } of partialByOwed(s))
    lines.push(m.b(`Báo cáo chưa đủ, còn thiếu ${rolesInWords(owed, ROLE_LABELS)} (${groups.length}):`) + m.t(` ${groups.join(", ")}.`));
  if (s.missing.length) lines.push(m.b(`Chưa báo cáo (${s.missing.length}):`) + m.t(` ${s.missing.join(", ")}.`));
  if (s.absent.length) lines.push(m.t(`Vắng (${s.absent.length}): ${s.absent.join(", ")}.`));
  if (s.late.length) lines.push(m.t(`Nộp muộn: ${s.late.join(", ")}.`));
  if (s.enteredByOffice.length) lines.push(m.t(`Cán bộ phường nhập thay (tổ báo qua điện thoại): ${s.enteredByOffice.join(", ")}.`));
  return lines;
}

function render(s: Summary, m: Markup): string {
  const lines: string[] = [];
  const provisional = s.provisional ? " (tạm tính, kỳ báo cáo chưa đóng)" : "";
  lines.push(m.b(`BÁO CÁO TỔNG HỢP ${s.cycle.label.toUpperCase()} — ${s.wardName}`) + m.t(provisional));
  lines.push(m.t(`Hạn chót: ${formatDateTimeInZone(s.cycle.dueAt, s.zone)}.`));
  lines.push(...submission(s, m));

  if (!s.hasFigures) {
    lines.push("", m.t("Chưa có tổ nào gửi báo cáo trong kỳ này, nên chưa có số liệu tổng hợp."));
  } else {
    const figures: string[] = [];
    for (const f of s.figures) {
      if (f.kind === "numeric") {
        figures.push(m.t(`• ${f.title}: tổng ${formatAmount(f, f.total)}, trung bình ${formatAmount(f, f.average)}/tổ${change(f)}.`));
        for (const o of f.outliers)
          figures.push(m.t(`  ⚠ ${o.group}: ${formatAmount(f, o.value)}, gấp hơn ${OUTLIER_FACTOR} lần mức thường (${formatAmount(f, o.usual)}); xin kiểm tra lại.`));
      } else {
        figures.push(m.t(`• ${f.title}: ${f.counts.map((c) => `${c.count} ${c.label}`).join(", ")}.`));
        for (const d of f.details) figures.push(m.t(`  – ${d.group}${d.text ? `: ${d.text}` : ""}`));
      }
    }
    if (figures.length) lines.push("", m.b("Số liệu:"), ...figures);
    if (s.requests.length) lines.push("", m.b("Kiến nghị, phản ánh của nhân dân:"), ...s.requests.map((r) => m.t(`• ${r.group}: ${r.text}`)));
  }
  if (s.meetings.length) {
    lines.push("", m.b("Cuộc họp sắp tới:"));
    for (const mt of s.meetings)
      lines.push(m.t(`• ${mt.title} lúc ${formatDateTimeInZone(mt.startsAt, s.zone)} tại ${mt.location}: ${mt.attending}/${mt.invited} xác nhận tham dự.`));
  }
  return lines.join("\n");
}

/** Plain text: the API's `text`, Zalo, and any channel without formatting. */
export const summaryText = (s: Summary) => render(s, plain);

/** Who has reported, as plain lines: what /tinhhinh says, in the summary's words. */
export const submissionText = (s: Summary) => submission(s, plain);

/** Telegram's HTML parse mode (only <b> and escaped text). */
export const summaryHtml = (s: Summary) => render(s, html);
