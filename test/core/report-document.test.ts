import { describe, expect, it } from "vitest";
import { defaultHeading } from "../../src/core/document-heading.js";
import type { Question } from "../../src/core/form.js";
import { computeSummary, type SummaryGroup } from "../../src/core/summary/compute.js";
import type { Block, Columns, Paragraph, Table } from "../../src/core/summary/document-blocks.js";
import { reportDocument } from "../../src/core/summary/report-document.js";
import { boldTextWidthMm } from "../../src/core/text-width.js";

const ward = { name: "Phường Ngọc Lâm", kind: "ward" };
const questions: Question[] = [
  { key: "ho", text: "Số hộ được vận động?", type: "integer", required: true },
  { key: "hoa_giai", text: "Số vụ hòa giải thành?", type: "integer", required: true },
  { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"], required: true },
  { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
  { key: "nha", text: "Số nhà được hỗ trợ sửa chữa?", type: "integer", required: false },
];
const submitted = (answers: SummaryGroup["reports"][number]["answers"], at = "2026-11-26T02:15:00Z") => ({
  role: "leader" as const, status: "submitted", absent: false, answers, submittedAt: new Date(at),
});

function summaryOf(groups: SummaryGroup[], status = "closed") {
  return computeSummary({
    wardName: "Phường Ngọc Lâm", zone: "Asia/Ho_Chi_Minh",
    cycle: { label: "Tuần 48/2026", dueAt: new Date("2026-11-27T10:00:00Z"), status },
    questions, groups, previousTotals: { ho: 30, quy: 212_110_000 },
  });
}

const texts = (blocks: Block[]): string[] =>
  blocks.flatMap((b) => (b.kind === "paragraph" ? [b.runs.map((r) => r.text).join("")] : b.kind === "columns" ? [...texts(b.left), ...texts(b.right)] : []));
const tables = (blocks: Block[]) => blocks.filter((b): b is Table => b.kind === "table");

describe("the report document", () => {
  const groups: SummaryGroup[] = [
    { name: "Tổ dân phố số 1", reports: [submitted({ ho: 12, hoa_giai: 1, antt: "Có vụ việc", quy: 200_000_000, nha: 1 })] },
    { name: "Tổ dân phố số 2", reports: [submitted({ ho: 30, hoa_giai: 0, antt: "Ổn định", quy: 12_110_000, nha: 0 }, "2026-11-27T13:40:00Z")] },
    { name: "Tổ dân phố số 3", reports: [{ role: "leader", status: "missed", absent: false, answers: {} }] },
  ];
  const doc = reportDocument(summaryOf(groups), { heading: defaultHeading(ward, "ubnd"), ward, now: new Date("2027-01-04T17:30:00Z") });

  it("lays out A4 with the decree's margins, Times New Roman and a justified, indented body", () => {
    expect(doc.page).toEqual({ widthMm: 210, heightMm: 297, marginMm: { top: 20, bottom: 20, left: 30, right: 15 } });
    expect(doc.font).toBe("Times New Roman");
    expect(doc.size).toBeGreaterThanOrEqual(13);
    expect(doc.size).toBeLessThanOrEqual(14);
    const body = doc.blocks.filter((b): b is Paragraph => b.kind === "paragraph" && !!b.body);
    expect(body.length).toBeGreaterThan(5);
    expect(body.every((b) => b.align === "justify")).toBe(true);
  });

  it("heads it with the issuer, number, motto, and the date in the ward's zone", () => {
    const header = doc.blocks[0] as Columns;
    expect(header.kind).toBe("columns");
    expect(header.widthsMm[0] + header.widthsMm[1]).toBe(165);
    expect(texts(header.left)).toEqual(["ỦY BAN NHÂN DÂN", "PHƯỜNG NGỌC LÂM", "Số: ……/BC-UBND"]);
    // 00:30 on 5 January in Hà Nội, though still the 4th in UTC.
    expect(texts(header.right)).toEqual(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Ngọc Lâm, ngày 05 tháng 01 năm 2027"]);
    const motto = header.right[0] as Paragraph;
    expect(motto.runs[0]).toMatchObject({ bold: true });
    expect(motto.size).toBe(12);
    // The rule under the issuer is a third to a half of its name; the slogan's is as long as it.
    const issuerRule = header.left.find((b) => b.kind === "rule")!;
    const width = boldTextWidthMm("PHƯỜNG NGỌC LÂM", 13);
    expect(issuerRule.kind === "rule" && issuerRule.widthMm).toBeGreaterThanOrEqual(Math.floor(width / 3));
    expect(issuerRule.kind === "rule" && issuerRule.widthMm).toBeLessThanOrEqual(Math.ceil(width / 2));
    expect(texts(doc.blocks.slice(1, 3))).toEqual(["BÁO CÁO", "Kết quả báo cáo của các tổ dân phố tuần 48/2026"]);
  });

  it("gives the figures in a table, money in words, and the per-group table as far as A4 portrait allows", () => {
    const [figures, perGroup] = tables(doc.blocks);
    expect(figures!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["1", "Số hộ được vận động", "42", "21", "30", "+12"],
      ["2", "Số vụ hòa giải thành", "1", "0,5", "–", "–"],
      ["3", "Số tiền ủng hộ Quỹ Vì người nghèo (đồng)", "212.110.000", "106.055.000", "212.110.000", "0"],
      ["4", "Số nhà được hỗ trợ sửa chữa", "1", "0,5", "–", "–"],
    ]);
    expect(figures!.widthsMm.reduce((a, b) => a + b, 0)).toBe(165);
    const all = texts(doc.blocks).join("\n");
    expect(all).toContain("- Số tiền ủng hộ Quỹ Vì người nghèo: tổng cộng 212.110.000 đồng. Bằng chữ: Hai trăm mười hai triệu một trăm mười nghìn đồng.");
    expect(all).toContain("- Tình hình an ninh trật tự: Ổn định: 1 tổ; Có vụ việc: 1 tổ.");
    expect(all).toContain("- Chưa báo cáo (1 tổ): Tổ dân phố số 3.");
    // Three number columns fit beside group, standing and time; the fourth is left to the Excel file.
    expect(perGroup!.header).toEqual(["TT", "Tổ dân phố", "Tình trạng", "Thời điểm gửi", "Số hộ được vận động", "Số vụ hòa giải thành", "Số tiền ủng hộ Quỹ Vì người nghèo (đồng)"]);
    expect(perGroup!.widthsMm.reduce((a, b) => a + b, 0)).toBeCloseTo(165);
    expect(perGroup!.rows[0]!.map((c) => c.text)).toEqual(["1", "Tổ dân phố số 1", "Đã báo cáo", "09:15, 26/11", "12", "1", "200.000.000"]);
    expect(perGroup!.rows.at(-1)!.map((c) => c.text)).toEqual(["", "Tổng cộng", "2/3", "", "42", "1", "212.110.000"]);
    expect(all).toContain("Các chỉ tiêu còn lại của từng tổ có trong tệp Excel tổng hợp của kỳ báo cáo.");
    // The paragraph after a table gets the space the table leaves none of.
    const afterTable = doc.blocks[doc.blocks.indexOf(figures!) + 1] as Paragraph;
    expect(afterTable.before).toBeGreaterThanOrEqual(6);
  });

  it("ends with ./. and the signature block: recipients left, authority, title and name right", () => {
    const all = texts(doc.blocks);
    expect(all.find((t) => t.startsWith("Trên đây"))).toMatch(/phường Ngọc Lâm\.\/\.$/);
    const signature = doc.blocks.find((b): b is Columns => b.kind === "columns" && texts(b.left)[0] === "Nơi nhận:")!;
    expect(texts(signature.left)).toEqual(["Nơi nhận:", ...defaultHeading(ward, "ubnd").recipients.map((r) => `- ${r}`)]);
    expect((signature.left[0] as Paragraph).runs[0]).toMatchObject({ bold: true, italic: true });
    expect((signature.left[0] as Paragraph).size).toBe(12);
    expect((signature.left[1] as Paragraph).size).toBe(11);
    expect(texts(signature.right)).toEqual(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""]);
  });

  it("still makes a document when nobody reported, marked provisional while the cycle is open", () => {
    const empty = reportDocument(summaryOf([{ name: "Tổ dân phố số 1", reports: [{ role: "leader", status: "pending", absent: false, answers: {} }] }], "open"), {
      heading: defaultHeading(ward, "mttq"), ward, now: new Date("2026-11-28T01:00:00Z"),
    });
    const all = texts(empty.blocks).join("\n");
    expect(all).toContain("chưa có tổ dân phố nào gửi báo cáo, nên chưa có số liệu tổng hợp");
    expect(all).toContain("(Số liệu tạm tính đến 08:00 ngày 28/11/2026; kỳ báo cáo chưa kết thúc)");
    expect(all).toContain("Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam phường Ngọc Lâm tổng hợp");
    expect(all).not.toMatch(/NaN|undefined/);
    expect(tables(empty.blocks)).toHaveLength(1); // the per-group table only
    const noGroups = reportDocument(summaryOf([]), { heading: defaultHeading(ward, "ubnd"), ward, now: new Date() });
    expect(texts(noGroups.blocks).join("\n")).toContain("chưa có tổ dân phố nào phải báo cáo");
    expect(tables(noGroups.blocks)).toHaveLength(0);
  });
});
