import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { WEEKLY_QUESTIONS, reportingWard, type ReportingWard } from "../support/reporting-ward.js";

let t: TestApp;
let wardId: string;
let groups: string[];
let leaders: ReportingWard["leaders"];
let submit: ReportingWard["submit"];

beforeEach(async () => {
  t = await buildTestApp();
  ({ wardId, groups, leaders, submit } = await reportingWard(t));
});
afterEach(() => t.close());

describe("the weekly summary", () => {
  it("counts who reported, totals with last week's change, spreads with details, requests, and flags outliers", async () => {
    const week47 = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 47/2026" })).body.id;
    await submit(week47, 1, { ho_van_dong: 10, antt: "Ổn định", quy: 1_000_000, ve_sinh: true });
    await submit(week47, 2, { ho_van_dong: 20, antt: "Ổn định", quy: 2_000_000, ve_sinh: true });
    const week48 = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body.id;
    await submit(week48, 1, { ho_van_dong: 12, antt: "Có vụ việc", antt_chi_tiet: "Trộm xe máy ở ngõ 5", quy: 10_000_000_000, ve_sinh: true, kien_nghi: "Đề nghị sửa đèn đường" });
    await submit(week48, 2, { ho_van_dong: 30, antt: "Ổn định", ve_sinh: false }, { late: true });
    await t.call("PUT", `/api/v1/members/${leaders[3]!.id}/absence`, { until: "2027-01-31" });
    await t.call("POST", `/api/v1/cycles/${week48}/close`);
    await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "telegram", chatId: "-100777", purpose: "summary" });

    const res = await t.call("POST", `/api/v1/wards/${wardId}/summaries`, {});
    expect(res.status).toBe(200);
    expect(res.body.cycleId).toBe(week48);
    expect(res.body.deliveries).toEqual([{ channel: "telegram", chatId: "-100777" }]);
    const text: string = res.body.text;
    expect(text).toContain("BÁO CÁO TỔNG HỢP TUẦN 48/2026 — Phường Ngọc Lâm");
    expect(text).toContain("Đã báo cáo: 2/4 tổ (50%), trong đó nộp muộn 1.");
    expect(text).toContain("Chưa báo cáo (1): Tổ dân phố số 3.");
    expect(text).toContain("Vắng (1): Tổ dân phố số 4.");
    expect(text).toContain("Nộp muộn: Tổ dân phố số 2.");
    expect(text).toContain("• Số hộ được vận động: tổng 42, trung bình 21/tổ (tuần trước 30, +12).");
    expect(text).toContain("• Tình hình an ninh trật tự: 1 Ổn định, 1 Có vụ việc.");
    expect(text).toContain("  – Tổ dân phố số 1: Trộm xe máy ở ngõ 5");
    expect(text).toContain("tổng 10.000.000.000 đồng");
    expect(text).toContain("⚠ Tổ dân phố số 1: 10.000.000.000 đồng, gấp hơn 10 lần mức thường (1.000.000 đồng)");
    expect(text).toContain("• Giữ vệ sinh môi trường: 1 Có, 1 Không.");
    expect(text).toContain("• Tổ dân phố số 1: Đề nghị sửa đèn đường");
    expect(text).not.toContain("NaN");

    // Posted once through the outbox; posting changes nothing about the cycle: still closed.
    expect(t.delivery.sent.filter((o) => o.address === "telegram:-100777")).toHaveLength(1);
    expect((await t.call("GET", `/api/v1/cycles/${week48}`)).body.status).toBe("closed");
  });

  it("compares with last week by question key when the question was reworded in between", async () => {
    const week47 = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 47/2026" })).body.id;
    await submit(week47, 1, { ho_van_dong: 10, antt: "Ổn định", ve_sinh: true });
    await submit(week47, 2, { ho_van_dong: 5, antt: "Ổn định", ve_sinh: true });
    const reworded = WEEKLY_QUESTIONS.map((q) => (q.key === "ho_van_dong" ? { ...q, text: "Số hộ đã vận động tham gia?" } : q));
    await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo tuần", questions: [{ key: "moi", text: "Số hộ mới đến?", type: "integer" }, ...reworded] });
    const week48 = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body.id;
    await submit(week48, 1, { moi: 2, ho_van_dong: 9, antt: "Ổn định", ve_sinh: true });
    const text: string = (await t.call("POST", `/api/v1/wards/${wardId}/summaries`, { cycleId: week48 })).body.text;
    expect(text).toContain("• Số hộ đã vận động tham gia: tổng 9, trung bình 9/tổ (tuần trước 15, −6).");
    // A question new this week has nothing to compare with, rather than a change from zero.
    expect(text).toContain("• Số hộ mới đến: tổng 2, trung bình 2/tổ.");
  });

  it("says so when nobody has reported, and goes to the chairs when the ward has no summary chat", async () => {
    const chair = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Phạm Minh Đức", role: "chair" })).body;
    await chatHarness(t).user("900").command("start", chair.invite.code);
    const cycle = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body.id;
    await t.call("POST", `/api/v1/cycles/${cycle}/close`);
    const res = await t.call("POST", `/api/v1/wards/${wardId}/summaries`, { cycleId: cycle });
    expect(res.body.text).toContain("Đã báo cáo: 0/4 tổ (0%).");
    expect(res.body.text).toContain("Chưa có tổ nào gửi báo cáo");
    expect(res.body.deliveries).toEqual([{ channel: "telegram", chatId: "900" }]);
    expect((await t.call("POST", `/api/v1/wards/${wardId}/summaries`, { cycleId: "nope" })).status).toBe(404);
  });

  it("answers /tonghop for chairs only; reading or posting a summary leaves a closed cycle open to late answers", async () => {
    const chat = chatHarness(t);
    const chair = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Phạm Minh Đức", role: "chair" })).body;
    const chairDm = chat.user("900");
    await chairDm.command("start", chair.invite.code);
    const leader = chat.user("501");
    await leader.command("start", leaders[0]!.invite.code);
    const cycle = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body.id;
    expect((await chairDm.command("tonghop"))[0]).toContain("(tạm tính, kỳ báo cáo chưa đóng)");
    expect((await leader.command("tonghop"))[0]).toContain("Xin lỗi");
    expect((await chairDm.command("tonghop", "52/2026"))[0]).toContain("Không tìm thấy kỳ báo cáo");
    await t.call("POST", `/api/v1/cycles/${cycle}/close`);

    // The chair reads the closed week's summary, and it is posted: neither locks it.
    expect((await chairDm.command("tonghop"))[0]).toContain("Đã báo cáo: 0/4 tổ (0%).");
    expect((await t.call("POST", `/api/v1/wards/${wardId}/summaries`, {})).status).toBe(200);
    expect((await t.call("GET", `/api/v1/cycles/${cycle}`)).body.status).toBe("closed");
    // So a late answer still goes in, marked late.
    for (const a of ["12", "1", "bỏ qua", "có", "bỏ qua"]) await leader.say(a);
    await leader.say("gửi");
    const after = (await t.call("GET", `/api/v1/cycles/${cycle}`)).body;
    expect(after.status).toBe("closed");
    expect(after.groups.find((g: { groupId: string }) => g.groupId === groups[0]).reports[0]).toMatchObject({ status: "late", answers: { ho_van_dong: 12 } });
    expect((await chairDm.command("tonghop"))[0]).toContain("Đã báo cáo: 1/4 tổ (25%), trong đó nộp muộn 1.");
  });

  it("locks a cycle only when an admin says so: audited, refused while open or locked, and a locked cycle refuses answers until reopened", async () => {
    const chat = chatHarness(t);
    const leader = chat.user("501");
    await leader.command("start", leaders[0]!.invite.code);
    const cycle = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" })).body.id;
    const open = await t.call("POST", `/api/v1/cycles/${cycle}/lock`);
    expect(open.status).toBe(409);
    expect(open.body.error.message).toContain("xin đóng kỳ trước");
    expect((await t.call("POST", "/api/v1/cycles/nope/lock")).status).toBe(404);
    await t.call("POST", `/api/v1/cycles/${cycle}/close`);

    const locked = await t.call("POST", `/api/v1/cycles/${cycle}/lock`);
    expect(locked.status).toBe(200);
    expect(locked.body.status).toBe("locked");
    expect((await t.call("POST", `/api/v1/cycles/${cycle}/lock`)).status).toBe(409);
    expect(await t.db.auditLog.count({ where: { action: "cycle.lock", entityId: cycle } })).toBe(1);
    const spec = (await t.call("GET", "/api/openapi.json")).body;
    expect(spec.paths["/api/v1/cycles/{cycleId}/lock"].post.summary).toContain("Lock a closed cycle");

    // Locked behaves as before: answers are refused, reading it changes nothing.
    for (const a of ["12", "1", "bỏ qua", "có", "bỏ qua"]) await leader.say(a);
    expect((await leader.say("gửi"))[0]).toContain("đã được tổng hợp và chốt");
    expect((await t.call("POST", `/api/v1/wards/${wardId}/summaries`, { cycleId: cycle })).status).toBe(200);
    expect((await t.call("GET", `/api/v1/cycles/${cycle}`)).body.status).toBe("locked");

    // An admin unlocks it: the same answer now goes in, marked late.
    expect((await t.call("POST", `/api/v1/cycles/${cycle}/reopen`)).body.status).toBe("closed");
    expect((await t.call("POST", `/api/v1/cycles/${cycle}/reopen`)).status).toBe(409);
    expect(await t.db.auditLog.count({ where: { action: "cycle.reopen", entityId: cycle } })).toBe(1);
    await leader.command("baocao");
    for (const a of ["12", "1", "bỏ qua", "có", "bỏ qua"]) await leader.say(a);
    await leader.say("gửi");
    const cycleNow = (await t.call("GET", `/api/v1/cycles/${cycle}`)).body;
    expect(cycleNow.groups.find((g: { groupId: string }) => g.groupId === groups[0]).reports[0]).toMatchObject({ status: "late", answers: { ho_van_dong: 12 } });
  });
});

describe("the Excel export", () => {
  it("has one typed row per group, a totals row, Vietnamese headers and the history", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const cycle = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026", replaceOpen: true })).body.id;
    await submit(cycle, 1, { ho_van_dong: 12, antt: "Ổn định", quy: 2_500_000, ve_sinh: true });
    await submit(cycle, 2, { ho_van_dong: 30, antt: "Có vụ việc", antt_chi_tiet: "Trộm xe", ve_sinh: false }, { late: true });
    await t.db.reportRevision.create({ data: { reportId: (await t.db.report.findFirstOrThrow({ where: { cycleId: cycle, groupId: groups[0] } })).id, answers: { ho_van_dong: 12 }, memberId: leaders[0]!.id, via: "telegram", late: false, submittedAt: new Date() } });

    const res = await t.app.request(`/api/v1/cycles/${cycle}/summary.xlsx`, { headers: { authorization: "Bearer test-admin-token-0123456789abcdef" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    expect(res.headers.get("content-disposition")).toContain("tong-hop-tuan-48-2026.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet("Tổng hợp")!;
    expect(sheet.getRow(1).getCell(1).value).toBe("Tổ dân phố");
    expect(sheet.getRow(1).getCell(2).value).toBe("Tình trạng của tổ");
    expect(sheet.getRow(1).getCell(6).value).toBe("Số hộ được vận động?");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const row1 = sheet.getRow(2);
    expect(row1.getCell(1).value).toBe("Tổ dân phố số 1");
    expect(row1.getCell(2).value).toBe("Đã báo cáo");
    expect(row1.getCell(4).value).toBe("Đã báo cáo");
    expect(row1.getCell(6).value).toBe(12);
    expect(row1.getCell(9).value).toBe(2_500_000);
    expect(row1.getCell(9).numFmt).toContain("#,##0");
    expect(row1.getCell(10).value).toBe("Có");
    expect(sheet.getRow(3).getCell(4).value).toBe("Nộp muộn");
    expect(sheet.getRow(4).getCell(4).value).toBe("Chưa báo cáo");
    const totals = sheet.getRow(6);
    expect(totals.getCell(1).value).toBe("Tổng cộng");
    expect(totals.getCell(6).value).toMatchObject({ formula: "SUM(F2:F5)", result: 42 });
    expect(sheet.getRow(7).getCell(1).value).toBe("Đã báo cáo: 2/4 tổ (50%), trong đó nộp muộn 1.");
    expect(book.getWorksheet("Lịch sử gửi")!.rowCount).toBe(2);
    expect((await t.call("GET", "/api/v1/cycles/nope/summary.xlsx")).status).toBe(404);
  });
});
