import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp } from "../support/app.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";

/** PUT /cycles/{id}/reports/{id}: the ward office enters a report a leader phoned in. */
let t: Awaited<ReturnType<typeof buildTestApp>>;
let ward: ReportingWard;
let cycleId: string;
const reportOf = async (group: number) => {
  const cycle = (await t.call("GET", `/api/v1/cycles/${cycleId}`)).body;
  return cycle.groups[group - 1].reports[0];
};

beforeEach(async () => {
  t = await buildTestApp();
  ward = await reportingWard(t, { groupCount: 2 });
  cycleId = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026" })).body.id;
});
afterEach(async () => t.close());

const PHONED = { ho_van_dong: "12 hộ", antt: "có vụ việc", antt_chi_tiet: "Mất trộm xe máy", quy: "2 triệu rưỡi", ve_sinh: "có" };

describe("entering a report on a leader's behalf", () => {
  it("reads the answers with the chat's parsers, stores who entered it and why, and shows it in the cycle, the history and the summary", async () => {
    const before = await reportOf(1);
    expect(before).toMatchObject({ status: "pending", version: 0 });
    const res = await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/${before.id}`, { answers: PHONED, reason: "Tổ trưởng báo qua điện thoại", version: before.version });
    expect(res.status).toBe(200);
    expect(res.body.revisions).toEqual([
      expect.objectContaining({
        via: "console",
        enteredBy: expect.stringMatching(/^admin:/),
        reason: "Tổ trưởng báo qua điện thoại",
        memberName: "Tổ trưởng 1",
        late: false,
        answers: { ho_van_dong: 12, antt: "Có vụ việc", antt_chi_tiet: "Mất trộm xe máy", quy: 2_500_000, ve_sinh: true },
      }),
    ]);
    const after = await reportOf(1);
    expect(after).toMatchObject({ status: "submitted", via: "console", version: 1, memberId: ward.leaders[0]!.id, answers: { ho_van_dong: 12, quy: 2_500_000 } });
    const summary = (await t.call("GET", `/api/v1/cycles/${cycleId}/summary`)).body;
    expect(summary.text).toContain("Cán bộ phường nhập thay (tổ báo qua điện thoại): Tổ dân phố số 1.");
    const audit = await t.db.auditLog.findFirst({ where: { action: "report.enter" } });
    expect(JSON.stringify(audit!.details)).not.toContain("Mất trộm");

    // A correction: a new revision on top, the first one kept; skip logic drops the detail.
    const again = await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/${before.id}`, { answers: { ...PHONED, antt: "ổn định" }, reason: "Sửa theo điện thoại lần hai", version: 1 });
    expect(again.status).toBe(200);
    expect(again.body.revisions).toHaveLength(2);
    expect(again.body.revisions[0].answers).not.toHaveProperty("antt_chi_tiet");
    expect(again.body.revisions[1].reason).toBe("Tổ trưởng báo qua điện thoại");
  });

  it("refuses bad answers with the chat's Vietnamese reasons per question, and changes nothing", async () => {
    const report = await reportOf(1);
    const res = await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/${report.id}`, {
      answers: { ho_van_dong: "mười hai con mèo", antt: "có vụ việc", ve_sinh: "", khong_co: "1" },
      reason: "Báo qua điện thoại",
    });
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(Object.keys(fields).sort()).toEqual(["answers.antt_chi_tiet", "answers.ho_van_dong", "answers.khong_co", "answers.ve_sinh"]);
    expect(fields["answers.ve_sinh"]).toBe("Câu hỏi bắt buộc: xin nhập câu trả lời.");
    expect(fields["answers.ho_van_dong"]).toMatch(/[ăâđêôơư]/);
    expect(await reportOf(1)).toMatchObject({ status: "pending", version: 0 });
    expect(await t.db.reportRevision.count()).toBe(0);

    expect((await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/${report.id}`, { answers: PHONED, reason: " " })).body.error.details).toEqual([
      expect.objectContaining({ field: "reason" }),
    ]);
  });

  it("refuses a report changed since it was read (a leader answered meanwhile), and any change in a locked cycle", async () => {
    const report = await reportOf(1);
    await ward.submit(cycleId, 1, { ho_van_dong: 3 });
    await t.db.report.update({ where: { id: report.id }, data: { version: { increment: 1 } } });
    const stale = await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/${report.id}`, { answers: PHONED, reason: "Báo qua điện thoại", version: report.version });
    expect(stale.status).toBe(409);
    expect((await reportOf(1)).answers).toEqual({ ho_van_dong: 3 });

    await t.call("POST", `/api/v1/cycles/${cycleId}/close`);
    const late = await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/${(await reportOf(2)).id}`, { answers: PHONED, reason: "Báo muộn qua điện thoại" });
    expect(late.body.revisions[0].late).toBe(true);
    expect((await reportOf(2)).status).toBe("late");

    expect((await t.call("POST", `/api/v1/cycles/${cycleId}/lock`)).status).toBe(200);
    const locked = await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/${report.id}`, { answers: PHONED, reason: "Sửa sau khi chốt" });
    expect(locked.status).toBe(409);
    expect((await t.call("PUT", `/api/v1/cycles/${cycleId}/reports/nope`, { answers: PHONED, reason: "x" })).status).toBe(404);
  });
});
