import { issuerInSentence, placeAndDate, wardInSentence, type DocumentHeading, type WardIdentity } from "../document-heading.js";
import { formatDate, formatMoney, formatNumber, moneyInWords, weekdayName } from "../format.js";
import { rolesInWords, standingInWords } from "../group-standing.js";
import { ROLE_LABELS } from "../roles.js";
import { boldTextWidthMm } from "../text-width.js";
import { zoneOffsetMinutes } from "../time.js";
import { OUTLIER_FACTOR, type Distribution, type NumericFigure, type Summary } from "./compute.js";
import type { Align, Block, Cell, Columns, Paragraph, ReportDocument, Rule, Run, Table } from "./document-blocks.js";
import { formatAmount, partialByOwed } from "./text.js";

/**
 * The weekly summary as an official report (Decree 30/2020/NĐ-CP, Appendix I): what it says and
 * how it is laid out, as plain blocks (./document-blocks.ts) that the service renders into .docx.
 */

export interface ReportOptions {
  heading: DocumentHeading;
  ward: WardIdentity;
  /** The day the document is made: its date line. */
  now: Date;
}

const PAGE = { widthMm: 210, heightMm: 297, marginMm: { top: 20, bottom: 20, left: 30, right: 15 } };
const TEXT_WIDTH = PAGE.widthMm - PAGE.marginMm.left - PAGE.marginMm.right;
const BODY = 14;
const MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const SLOGAN = "Độc lập - Tự do - Hạnh phúc";
/** The per-group table fits A4 portrait with this many number columns; the rest is in the Excel file. */
const GROUP_TABLE_NUMBERS = 3;
const MINUS = "−";

const p = (runs: Run[] | string, align: Align, extra: Omit<Paragraph, "kind" | "runs" | "align"> = {}): Paragraph => ({
  kind: "paragraph",
  runs: typeof runs === "string" ? [{ text: runs }] : runs,
  align,
  ...extra,
});
const body = (runs: Run[] | string, extra: Omit<Paragraph, "kind" | "runs" | "align"> = {}) => p(runs, "justify", { body: true, ...extra });
const heading = (text: string) => body([{ text, bold: true }], { keepNext: true });
const centred = (text: string, size: number, style: Omit<Run, "text" | "size"> = {}) => p([{ text, ...style }], "center", { size });
const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);
/** The decree's rule under a heading: a third to a half of the line above it. */
const ruleUnder = (texts: string[], size: number): Rule => ({
  kind: "rule",
  widthMm: Math.round(Math.min(60, Math.max(15, 0.4 * Math.max(...texts.map((t) => boldTextWidthMm(t, size)))))),
});

function localParts(instant: Date, zone: string) {
  const d = new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay() };
}
const hhmm = (t: { hour: number; minute: number }) => `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
/** "tuần 48/2026" from the cycle's label "Tuần 48/2026", for use inside a sentence. */
const inSentence = (label: string) => label.charAt(0).toLocaleLowerCase("vi") + label.slice(1);
const groupsCount = (n: number) => `${n} tổ`;

function header(h: DocumentHeading, placeDate: string): Columns {
  const superior = lines(h.superiorName);
  const issuer = lines(h.issuerName);
  return {
    kind: "columns",
    widthsMm: [68, TEXT_WIDTH - 68],
    left: [
      ...superior.map((l) => centred(l, 13)),
      ...issuer.map((l) => centred(l, 13, { bold: true })),
      ruleUnder(issuer, 13),
      p(`Số: ……/${h.symbol}`, "center", { size: 13, before: 6 }),
    ],
    right: [
      centred(MOTTO, 12, { bold: true }),
      centred(SLOGAN, 13, { bold: true }),
      // The decree's line under the slogan is as long as the slogan itself.
      { kind: "rule", widthMm: Math.round(boldTextWidthMm(SLOGAN, 13)) },
      p([{ text: placeDate, italic: true }], "center", { size: 14, before: 6 }),
    ],
  };
}

function submission(s: Summary): Block[] {
  const blocks: Block[] = [heading("I. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC TỔ DÂN PHỐ")];
  if (!s.groups.length) return [...blocks, body("Kỳ báo cáo này chưa có tổ dân phố nào phải báo cáo.")];
  const late = s.late.length ? `, trong đó nộp muộn ${groupsCount(s.late.length)}` : "";
  // With several roles a group has reported when all of them have, and the sentence says so.
  const reported = s.byRole.length ? `đã báo cáo đủ (có báo cáo của cả ${rolesInWords(s.roles, ROLE_LABELS)})` : "đã báo cáo";
  blocks.push(body(`- Số tổ dân phố phải báo cáo: ${groupsCount(s.groups.length)}; ${reported}: ${s.reported.length}/${s.groups.length} tổ, đạt ${Math.round((s.rate ?? 0) * 100)}%${late}.`));
  for (const r of s.byRole) blocks.push(body(`+ ${ROLE_LABELS[r.role]}: ${r.done}/${r.total} tổ đã gửi báo cáo.`));
  for (const { owed, groups } of partialByOwed(s))
    blocks.push(body(`- Báo cáo chưa đủ, còn thiếu báo cáo của ${rolesInWords(owed, ROLE_LABELS)} (${groupsCount(groups.length)}): ${groups.join(", ")}.`));
  if (s.missing.length) blocks.push(body(`- Chưa báo cáo (${groupsCount(s.missing.length)}): ${s.missing.join(", ")}.`));
  if (s.absent.length) blocks.push(body(`- Người báo cáo vắng mặt, chưa báo cáo (${groupsCount(s.absent.length)}): ${s.absent.join(", ")}.`));
  if (s.late.length) blocks.push(body(`- Nộp muộn (${groupsCount(s.late.length)}): ${s.late.join(", ")}.`));
  return blocks;
}

function change(f: NumericFigure): string {
  if (f.previousTotal === undefined) return "–";
  const diff = f.total - f.previousTotal;
  if (diff === 0) return "0";
  const amount = f.type === "money" ? formatNumber(Math.round(Math.abs(diff))) : formatNumber(Math.round(Math.abs(diff) * 10) / 10);
  return `${diff > 0 ? "+" : MINUS}${amount}`;
}

/** Numbers in the table carry no unit: the row says "(đồng)", as statistical tables do. */
const bare = (f: NumericFigure, v: number) => (f.type === "money" ? formatNumber(Math.round(v)) : formatNumber(Math.round(v * 10) / 10));
const rowLabel = (f: NumericFigure) => (f.type === "money" && !/đồng/i.test(f.title) ? `${f.title} (đồng)` : f.title);

function figuresTable(figures: NumericFigure[]): Table {
  return {
    kind: "table",
    widthsMm: [9, TEXT_WIDTH - 9 - 30 - 26 - 28 - 28, 30, 26, 28, 28],
    size: 12,
    header: ["TT", "Nội dung", "Tổng cộng", "Bình quân/tổ", "Tuần trước", `Tăng (+), giảm (${MINUS})`],
    rows: figures.map((f, i) => [
      { text: String(i + 1), align: "center" },
      { text: rowLabel(f) },
      { text: bare(f, f.total), align: "right" },
      { text: bare(f, f.average), align: "right" },
      { text: f.previousTotal === undefined ? "–" : bare(f, f.previousTotal), align: f.previousTotal === undefined ? "center" : "right" },
      { text: change(f), align: f.previousTotal === undefined ? "center" : "right" },
    ]),
  };
}

function numericDetails(figures: NumericFigure[]): Block[] {
  const blocks: Block[] = [];
  for (const f of figures.filter((f) => f.type === "money"))
    blocks.push(body([{ text: `- ${f.title}: tổng cộng ${formatMoney(f.total)}. ` }, { text: `Bằng chữ: ${moneyInWords(f.total)}.`, italic: true }]));
  for (const f of figures)
    for (const o of f.outliers)
      blocks.push(
        body([
          { text: "- Lưu ý: ", bold: true },
          { text: `${o.group} báo cáo “${f.title}” là ${formatAmount(f, o.value)}, gấp hơn ${OUTLIER_FACTOR} lần mức thường của tổ (${formatAmount(f, o.usual)}); đề nghị tổ kiểm tra, xác nhận lại số liệu.`, italic: true },
        ]),
      );
  return blocks;
}

function distribution(d: Distribution): Block[] {
  const given = d.counts.filter((c) => c.count > 0);
  const counts = given.length ? given.map((c) => `${c.label}: ${groupsCount(c.count)}`).join("; ") : "chưa có tổ nào trả lời";
  return [body(`- ${d.title}: ${counts}.`), ...d.details.map((x) => body(`+ ${x.group}${x.text ? `: ${x.text.replace(/[.\s]+$/, "")}` : ""}.`))];
}

function results(s: Summary): Block[] {
  const blocks: Block[] = [heading("II. KẾT QUẢ CÁC NỘI DUNG BÁO CÁO")];
  if (!s.hasFigures) return [...blocks, body("Trong kỳ này chưa có tổ dân phố nào gửi báo cáo, nên chưa có số liệu tổng hợp.")];
  const numeric = s.figures.filter((f): f is NumericFigure => f.kind === "numeric");
  const spreads = s.figures.filter((f): f is Distribution => f.kind === "distribution");
  let n = 0;
  if (numeric.length) {
    blocks.push(heading(`${++n}. Các chỉ tiêu số liệu`), figuresTable(numeric), ...numericDetails(numeric));
  }
  if (spreads.length) blocks.push(heading(`${++n}. Các nội dung đánh giá`), ...spreads.flatMap(distribution));
  if (!n) blocks.push(body("Mẫu báo cáo kỳ này không có nội dung số liệu hoặc lựa chọn để tổng hợp."));
  return blocks;
}

function requests(s: Summary): Block[] {
  const blocks: Block[] = [heading("III. KIẾN NGHỊ, PHẢN ÁNH CỦA NHÂN DÂN")];
  if (!s.requests.length) return [...blocks, body(s.hasFigures ? "Trong kỳ, các tổ dân phố không có kiến nghị, phản ánh." : "Chưa có.")];
  // One line per group; the question is named only when the form asks more than one in words.
  const several = new Set(s.requests.map((r) => r.question)).size > 1;
  const byGroup = new Map<string, string[]>();
  for (const r of s.requests) {
    const text = r.text.trim().replace(/[.;\s]+$/, "");
    byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), several ? `${r.question}: ${text}` : text]);
  }
  for (const [group, texts] of byGroup) blocks.push(body(`- ${group}: ${texts.join("; ")}.`));
  return blocks;
}

function meetings(s: Summary): Block[] {
  if (!s.meetings.length) return [];
  return [
    heading("IV. LỊCH HỌP SẮP TỚI"),
    ...s.meetings.map((m) => {
      const t = localParts(m.startsAt, s.zone);
      return body(`- ${m.title}: vào lúc ${hhmm(t).replace(":", " giờ ")}, ${weekdayName(t.weekday)}, ngày ${formatDate(t)}, tại ${m.location}; đã có ${m.attending}/${m.invited} đại biểu xác nhận tham dự.`);
    }),
  ];
}

function signature(h: DocumentHeading): Columns {
  const right: Block[] = [];
  if (h.signerAuthority.trim()) right.push(centred(h.signerAuthority.trim(), 14, { bold: true }));
  right.push(centred(h.signerTitle, 14, { bold: true }));
  // Room for the signature and the seal; the name (or an empty line to write it) under it.
  right.push(p([{ text: h.signerName, bold: true }], "center", { size: 14, before: 72 }));
  return {
    kind: "columns",
    widthsMm: [80, TEXT_WIDTH - 80],
    before: 12,
    left: [
      p([{ text: "Nơi nhận:", bold: true, italic: true }], "left", { size: 12 }),
      ...h.recipients.map((r) => p(`- ${r}`, "left", { size: 11 })),
    ],
    right,
  };
}

/** Per group: standing, when it reported, and its figures (as many as fit A4 portrait), with totals. */
function groupAppendix(s: Summary, h: DocumentHeading, ward: WardIdentity, made: { year: number; month: number; day: number }): Block[] {
  if (!s.groups.length) return [];
  const numeric = s.figures.filter((f): f is NumericFigure => f.kind === "numeric");
  const shown = numeric.slice(0, GROUP_TABLE_NUMBERS);
  const fixed = [9, 32, 26, 24];
  const each = shown.length ? (TEXT_WIDTH - fixed.reduce((a, b) => a + b, 0)) / shown.length : 0;
  const widths = shown.length ? [...fixed, ...shown.map(() => each)] : [9, TEXT_WIDTH - 9 - 40 - 40, 40, 40];
  const valueOf = (f: NumericFigure, group: string) => f.byGroup.find((g) => g.group === group)?.value;
  const several = s.byRole.length > 0;
  const rows: Cell[][] = s.groups.map((g, i) => {
    const at = g.submittedAt ? localParts(g.submittedAt, s.zone) : undefined;
    return [
      { text: String(i + 1), align: "center" },
      { text: g.name },
      { text: standingInWords(g, several), align: "center" },
      { text: at ? `${hhmm(at)}, ${formatDate(at).slice(0, 5)}` : "", align: "center" },
      ...shown.map((f): Cell => {
        const v = valueOf(f, g.name);
        return { text: v === undefined ? "" : bare(f, v), align: "right" };
      }),
    ];
  });
  if (shown.length)
    rows.push([
      { text: "" },
      { text: "Tổng cộng", bold: true },
      { text: `${s.reported.length}/${s.groups.length}`, align: "center", bold: true },
      { text: "" },
      ...shown.map((f): Cell => ({ text: bare(f, f.total), align: "right", bold: true })),
    ]);
  const blocks: Block[] = [
    p([{ text: "Phụ lục", bold: true }], "center", { size: BODY, pageBreakBefore: true }),
    p([{ text: `SỐ LIỆU BÁO CÁO CỦA TỪNG TỔ DÂN PHỐ, ${s.cycle.label.toLocaleUpperCase("vi")}`, bold: true }], "center", { size: BODY }),
    p(
      [{ text: `(Kèm theo Báo cáo số ……/${h.symbol} ngày ${formatDate(made)} của ${issuerInSentence(ward, h.issuer)})`, italic: true }],
      "center",
      { size: BODY, after: 12 },
    ),
    {
      kind: "table",
      widthsMm: widths,
      size: 11,
      header: ["TT", "Tổ dân phố", "Tình trạng", "Thời điểm gửi", ...shown.map(rowLabel)],
      rows,
    },
  ];
  if (numeric.length > shown.length)
    blocks.push(body([{ text: "Các chỉ tiêu còn lại của từng tổ có trong tệp Excel tổng hợp của kỳ báo cáo.", italic: true }], { before: 6 }));
  return blocks;
}

/** Word and LibreOffice leave no space under a table: the paragraph after one gets it. */
function spaceAfterTables(blocks: Block[]): Block[] {
  return blocks.map((b, i) => (b.kind === "paragraph" && blocks[i - 1]?.kind === "table" ? { ...b, before: Math.max(b.before ?? 0, 6) } : b));
}

/** The official report of a cycle, built from its summary and the ward's document heading. */
export function reportDocument(s: Summary, options: ReportOptions): ReportDocument {
  const { heading: h, ward } = options;
  const made = localParts(options.now, s.zone);
  const week = inSentence(s.cycle.label);
  const summaryLine = `Kết quả báo cáo của các tổ dân phố ${week}`;
  const blocks: Block[] = [
    header(h, placeAndDate(h.placeName, made)),
    p([{ text: "BÁO CÁO", bold: true }], "center", { size: BODY, before: 18 }),
    p([{ text: summaryLine, bold: true }], "center", { size: BODY }),
    { ...ruleUnder([summaryLine], BODY), after: 12 },
  ];
  if (s.provisional)
    blocks.push(p([{ text: `(Số liệu tạm tính đến ${hhmm(made)} ngày ${formatDate(made)}; kỳ báo cáo chưa kết thúc)`, italic: true }], "center", { size: 13, after: 6 }));
  const due = localParts(s.cycle.dueAt, s.zone);
  blocks.push(
    body(
      `Thực hiện chế độ báo cáo định kỳ hằng tuần của các tổ dân phố, ${issuerInSentence(ward, h.issuer)} tổng hợp kết quả báo cáo ${week} ` +
        `(hạn gửi ${hhmm(due)} ngày ${formatDate(due)}) như sau:`,
    ),
    ...submission(s),
    ...results(s),
    ...requests(s),
    ...meetings(s),
    body(`Trên đây là báo cáo tổng hợp kết quả báo cáo ${week} của các tổ dân phố trên địa bàn ${wardInSentence(ward)}./.`),
    signature(h),
    ...groupAppendix(s, h, ward, made),
  );
  return {
    title: `Báo cáo ${week} — ${s.wardName}`,
    page: PAGE,
    font: "Times New Roman",
    size: BODY,
    firstLineIndentMm: 10,
    paragraphAfter: 6,
    blocks: spaceAfterTables(blocks),
  };
}
