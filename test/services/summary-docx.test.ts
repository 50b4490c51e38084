import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DOCX } from "../../src/server/route.js";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";
import { documentXml, paragraphTexts, printWithLibreOffice, tableRows } from "../support/docx.js";
import { requireTools } from "../support/tools.js";

/** Printing needs LibreOffice and poppler: skipped with a note where they are not installed, failed under CI. */
const itPrints = requireTools("soffice", "pdftotext", "pdfinfo");

let t: TestApp;
let wardId: string;
/** The test's clock: cycles open a week apart, and the document is made on Saturday 28/11/2026. */
let clock: Date;
let leaders: ReportingWard["leaders"];
let submitAs: ReportingWard["submit"];

beforeEach(async () => {
  clock = new Date("2026-11-16T01:00:00Z");
  t = await buildTestApp({ now: () => clock });
  ({ wardId, leaders, submit: submitAs } = await reportingWard(t));
});
afterEach(() => t.close());

const submit = (cycleId: string, group: number, answers: Record<string, unknown>, at: string, late = false) => submitAs(cycleId, group, answers, { at, late });

/** Week 47 reported by two groups; week 48 by two (one late), one missing, one away; a meeting ahead. */
async function seedWeek48() {
  const week47 = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 47/2026" })).body.id;
  await submit(week47, 1, { ho_van_dong: 10, antt: "Ổn định", quy: 1_000_000, ve_sinh: true }, "2026-11-20T09:00:00Z");
  await submit(week47, 2, { ho_van_dong: 20, antt: "Ổn định", quy: 2_000_000, ve_sinh: true }, "2026-11-20T09:30:00Z");
  clock = new Date("2026-11-23T01:00:00Z");
  const week48 = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body.id;
  await submit(week48, 1, { ho_van_dong: 12, antt: "Có vụ việc", antt_chi_tiet: "Trộm xe máy ở ngõ 5", quy: 200_000_000, ve_sinh: true, kien_nghi: "Đề nghị sửa đèn đường ngõ 5" }, "2026-11-26T02:15:00Z");
  await submit(week48, 2, { ho_van_dong: 30, antt: "Ổn định", quy: 12_110_000, ve_sinh: false }, "2026-11-27T13:40:00Z", true);
  await t.call("PUT", `/api/v1/members/${leaders[3]!.id}/absence`, { until: "2027-01-31" });
  await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
    title: "Hội nghị sơ kết 6 tháng thực hiện Quy chế phối hợp", kind: "so_ket",
    startsAt: "2026-12-05T14:00:00+07:00", location: "Nhà văn hóa phường", invitees: { roles: ["leader"] },
  });
  await t.call("POST", `/api/v1/cycles/${week48}/close`);
  clock = new Date("2026-11-28T01:00:00Z"); // 08:00 on Saturday 28/11/2026 in Hà Nội
  return week48;
}

const download = (cycleId: string, query = "") =>
  t.app.request(`/api/v1/cycles/${cycleId}/summary.docx${query}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

describe("the official report (.docx)", () => {
  it("follows Decree 30/2020: header, motto, place and date, figures, money in words, signer, recipients, A4 and margins", async () => {
    const cycle = await seedWeek48();
    const started = performance.now();
    const res = await download(cycle);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(DOCX);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="bao-cao-tuan-48-2026.docx"');
    const xml = await documentXml(await res.arrayBuffer());
    const text = paragraphTexts(xml);
    const all = text.join("\n");

    // Header: issuing body, number, national motto, place and date (built on 28/11/2026).
    expect(text.slice(0, 4)).toEqual(["ỦY BAN NHÂN DÂN", "PHƯỜNG NGỌC LÂM", "", "Số: ……/BC-UBND"]);
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(text).toContain("Ngọc Lâm, ngày 28 tháng 11 năm 2026");
    expect(text).toContain("BÁO CÁO");
    expect(text).toContain("Kết quả báo cáo của các tổ dân phố tuần 48/2026");

    // Who reported.
    expect(all).toContain("- Số tổ dân phố phải báo cáo: 4 tổ; đã báo cáo: 2/4 tổ, đạt 50%, trong đó nộp muộn 1 tổ.");
    expect(all).toContain("- Chưa báo cáo (1 tổ): Tổ dân phố số 3.");
    expect(all).toContain("- Người báo cáo vắng mặt, chưa báo cáo (1 tổ): Tổ dân phố số 4.");
    expect(all).toContain("- Nộp muộn (1 tổ): Tổ dân phố số 2.");

    // The figures table: totals, averages, last week and the change, as seeded.
    const rows = tableRows(xml);
    expect(rows).toContainEqual(["TT", "Nội dung", "Tổng cộng", "Bình quân/tổ", "Tuần trước", "Tăng (+), giảm (−)"]);
    expect(rows).toContainEqual(["1", "Số hộ được vận động", "42", "21", "30", "+12"]);
    expect(rows).toContainEqual(["2", "Số tiền ủng hộ Quỹ Vì người nghèo (đồng)", "212.110.000", "106.055.000", "3.000.000", "+209.110.000"]);
    expect(all).toContain("- Số tiền ủng hộ Quỹ Vì người nghèo: tổng cộng 212.110.000 đồng. Bằng chữ: Hai trăm mười hai triệu một trăm mười nghìn đồng.");
    expect(all).toContain("Tổ dân phố số 1 báo cáo “Số tiền ủng hộ Quỹ Vì người nghèo” là 200.000.000 đồng, gấp hơn 10 lần mức thường của tổ (1.000.000 đồng)");

    // Choices with the details of the notable answer, requests, meetings.
    expect(all).toContain("- Tình hình an ninh trật tự: Ổn định: 1 tổ; Có vụ việc: 1 tổ.");
    expect(all).toContain("+ Tổ dân phố số 1: Trộm xe máy ở ngõ 5.");
    expect(all).toContain("- Giữ vệ sinh môi trường: Có: 1 tổ; Không: 1 tổ.");
    expect(all).toContain("- Tổ dân phố số 1: Đề nghị sửa đèn đường ngõ 5.");
    expect(all).toContain("- Hội nghị sơ kết 6 tháng thực hiện Quy chế phối hợp: vào lúc 14 giờ 00, Thứ Bảy, ngày 05/12/2026, tại Nhà văn hóa phường; đã có 0/4 đại biểu xác nhận tham dự.");
    expect(all).toContain("trên địa bàn phường Ngọc Lâm./.");

    // Signature block and recipients.
    expect(text).toContain("Nơi nhận:");
    expect(text).toContain("- Lưu: VT.");
    expect(text).toContain("TM. ỦY BAN NHÂN DÂN");
    expect(text).toContain("CHỦ TỊCH");

    // Per group: standing, time of sending (Hà Nội time) and figures, with totals.
    expect(rows).toContainEqual(["1", "Tổ dân phố số 1", "Đã báo cáo", "09:15, 26/11", "12", "200.000.000"]);
    expect(rows).toContainEqual(["2", "Tổ dân phố số 2", "Nộp muộn", "20:40, 27/11", "30", "12.110.000"]);
    expect(rows).toContainEqual(["3", "Tổ dân phố số 3", "Chưa báo cáo", "", "", ""]);
    expect(rows).toContainEqual(["4", "Tổ dân phố số 4", "Vắng", "", "", ""]);
    expect(rows).toContainEqual(["", "Tổng cộng", "2/4", "", "42", "212.110.000"]);
    expect(all).toContain("(Kèm theo Báo cáo số ……/BC-UBND ngày 28/11/2026 của Ủy ban nhân dân phường Ngọc Lâm)");

    // Typography and page: Times New Roman, A4, margins 20/20/30/15 mm in twips.
    expect(xml).toContain('w:ascii="Times New Roman"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(xml).toContain('<w:jc w:val="both"/>');
    expect(xml).not.toContain("NaN");
    expect(xml).not.toContain("undefined");
    console.log(`summary.docx built and served in ${Math.round(ms)} ms`);
  });

  itPrints("prints with LibreOffice as a 1–3 page A4 report with the motto, the title, the ward and the totals", { timeout: 120_000 }, async () => {
    const cycle = await seedWeek48();
    const res = await download(cycle);
    // KEEP_REPORT_PDF=/tmp/report.pdf keeps the PDF, to look at the pages (pdftoppm -png).
    const printed = await printWithLibreOffice(new Uint8Array(await res.arrayBuffer()), process.env.KEEP_REPORT_PDF);
    const flat = printed.text.replace(/\s+/g, " ");
    expect(flat).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(flat).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(flat).toContain("BÁO CÁO");
    expect(flat).toContain("PHƯỜNG NGỌC LÂM");
    expect(flat).toContain("Ngọc Lâm, ngày 28 tháng 11 năm 2026");
    expect(flat).toContain("212.110.000");
    expect(flat).toContain("Hai trăm mười hai triệu một trăm mười nghìn đồng");
    expect(printed.pages).toBeGreaterThanOrEqual(1);
    expect(printed.pages).toBeLessThanOrEqual(3);
    // A4 is 595.28 × 841.89 points.
    expect(printed.pageSizePts?.map(Math.round)).toEqual([595, 842]);
  });

  it("heads the document as the Fatherland Front for one download, and uses the stored settings", async () => {
    const cycle = await seedWeek48();
    await t.call("PUT", `/api/v1/wards/${wardId}/document-settings`, { signerName: "Phạm Minh Đức", recipients: ["Thường trực Đảng ủy phường;", "Lưu: VT, VP."] });
    const ubnd = paragraphTexts(await documentXml(await (await download(cycle)).arrayBuffer()));
    expect(ubnd).toContain("Phạm Minh Đức");
    expect(ubnd).toContain("- Lưu: VT, VP.");

    const mttq = paragraphTexts(await documentXml(await (await download(cycle, "?issuer=mttq")).arrayBuffer()));
    expect(mttq.slice(0, 3)).toEqual(["ỦY BAN MTTQ VIỆT NAM", "PHƯỜNG NGỌC LÂM", "BAN THƯỜNG TRỰC"]);
    expect(mttq).toContain("Số: ……/BC-MTTQ");
    expect(mttq).toContain("TM. BAN THƯỜNG TRỰC");
    expect(mttq.join("\n")).toContain("Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam phường Ngọc Lâm tổng hợp");
    // The stored signer is the People's Committee's: not carried over to the Front's document.
    expect(mttq).not.toContain("Phạm Minh Đức");

    expect((await download(cycle, "?issuer=hdnd")).status).toBe(400);
  });

  it("still makes a valid document for a cycle nobody reported in, and 404s an unknown cycle", async () => {
    clock = new Date("2027-01-05T01:00:00Z");
    const cycle = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 2/2027", replaceOpen: true })).body.id;
    const res = await download(cycle);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("bao-cao-tuan-2-2027.docx");
    const all = paragraphTexts(await documentXml(await res.arrayBuffer())).join("\n");
    expect(all).toContain("Ngọc Lâm, ngày 05 tháng 01 năm 2027");
    expect(all).toContain("đã báo cáo: 0/4 tổ, đạt 0%");
    expect(all).toContain("chưa có tổ dân phố nào gửi báo cáo, nên chưa có số liệu tổng hợp");
    expect(all).toContain("(Số liệu tạm tính đến 08:00 ngày 05/01/2027; kỳ báo cáo chưa kết thúc)");
    expect((await download("nope")).status).toBe(404);
    expect((await t.app.request(`/api/v1/cycles/${cycle}/summary.docx`)).status).toBe(401);
  });
});
