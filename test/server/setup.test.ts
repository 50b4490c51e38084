import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
// Sunday 22/11/2026 10:00 in Hà Nội.
const NOW = new Date("2026-11-22T03:00:00Z");
beforeEach(async () => {
  t = await buildTestApp({ now: () => NOW });
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

const weeklyForm = {
  title: "Báo cáo tuần của tổ dân phố",
  questions: [
    { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0 },
    { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
    { key: "antt_chi_tiet", text: "Mô tả vụ việc", type: "text", showIf: { key: "antt", equals: "Có vụ việc" } },
    { key: "quy_vi_nguoi_ngheo", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
  ],
};

describe("report form", () => {
  it("saves versions: each PUT makes a new one and GET returns the newest", async () => {
    expect((await t.call("GET", `/api/v1/wards/${wardId}/form`)).status).toBe(404);
    const v1 = await t.call("PUT", `/api/v1/wards/${wardId}/form`, weeklyForm);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, roles: ["leader"], title: weeklyForm.title });
    expect(v1.body.questions[0]).toMatchObject({ key: "ho_van_dong", required: true, min: 0 });
    expect(v1.body.questions[2].showIf).toEqual({ key: "antt", equals: "Có vụ việc" });

    const v2 = await t.call("PUT", `/api/v1/wards/${wardId}/form`, { ...weeklyForm, title: "Báo cáo tuần (mới)", roles: ["leader", "front_head"] });
    expect(v2.body.version).toBe(2);
    const current = await t.call("GET", `/api/v1/wards/${wardId}/form`);
    expect(current.body).toMatchObject({ version: 2, title: "Báo cáo tuần (mới)", roles: ["leader", "front_head"] });
    expect(await t.db.formVersion.count()).toBe(2);
  });

  it("refuses skip logic pointing at an unknown key, an unknown type and a choice without options", async () => {
    const res = await t.call("PUT", `/api/v1/wards/${wardId}/form`, {
      title: "Sai",
      questions: [
        { key: "a", text: "A?", type: "choice" },
        { key: "b", text: "B?", type: "text", showIf: { key: "zzz", equals: "x" } },
      ],
    });
    expect(res.status).toBe(400);
    const fields = res.body.error.details.map((d: any) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["questions.0.options", "questions.1.showIf.key"]));

    const badType = await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Sai", questions: [{ key: "a", text: "A?", type: "photo" }] });
    expect(badType.status).toBe(400);
    expect(badType.body.error.details[0].field).toBe("questions.0.type");
    expect(await t.db.formVersion.count()).toBe(0);
  });
});

describe("schedule", () => {
  const schedule = { enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 18 * * 3", "0 8 * * 5"], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6" };

  it("saves the schedule and lists the next runs in the ward's offset", async () => {
    const res = await t.call("PUT", `/api/v1/wards/${wardId}/schedule`, schedule);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...schedule, skipHolidays: true, timezone: "Asia/Ho_Chi_Minh" });
    expect(res.body.nextRuns.opensAt).toEqual([
      "2026-11-23T08:00:00+07:00",
      "2026-11-30T08:00:00+07:00",
      "2026-12-07T08:00:00+07:00",
      "2026-12-14T08:00:00+07:00",
      "2026-12-21T08:00:00+07:00",
    ]);
    expect(res.body.nextRuns.remindAt.slice(0, 3)).toEqual([
      "2026-11-25T18:00:00+07:00",
      "2026-11-27T08:00:00+07:00",
      "2026-12-02T18:00:00+07:00",
    ]);
    expect(res.body.nextRuns.dueAt[0]).toBe("2026-11-27T17:00:00+07:00");
    expect(res.body.nextRuns.summaryAt[0]).toBe("2026-11-28T08:00:00+07:00");
    expect((await t.call("GET", `/api/v1/wards/${wardId}/schedule`)).body).toEqual(res.body);
  });

  it("refuses crons that do not parse or never fire, and reminders after the deadline", async () => {
    const bad = await t.call("PUT", `/api/v1/wards/${wardId}/schedule`, { ...schedule, opensAt: "every monday", dueAt: "0 0 31 2 *" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field)).toEqual(["opensAt", "dueAt"]);

    const late = await t.call("PUT", `/api/v1/wards/${wardId}/schedule`, { ...schedule, remindAt: ["0 18 * * 5"] });
    expect(late.status).toBe(400);
    expect(late.body.error.details[0].field).toBe("remindAt.0");
    expect((await t.call("GET", `/api/v1/wards/${wardId}/schedule`)).status).toBe(404);
  });
});

describe("meetings", () => {
  it("creates a meeting with invitees by role and reads it back with attendance", async () => {
    const g1 = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" })).body.id;
    const g2 = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 2" })).body.id;
    await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Tuấn", role: "leader", groupId: g1 });
    await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Trần Thị Nga", role: "front_head", groupId: g1 });
    await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Lê Hoàng Hà", role: "leader", groupId: g2 });
    await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Phạm Minh Đức", role: "chair" });

    const res = await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
      title: "Hội nghị sơ kết 6 tháng thực hiện Quy chế phối hợp",
      kind: "so_ket",
      startsAt: "2026-11-29T14:00",
      location: "Nhà văn hóa phường",
      remindBefore: ["P3D", "PT2H"],
      invitees: { roles: ["leader", "chair"] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ startsAt: "2026-11-29T14:00:00+07:00", kind: "so_ket", status: "scheduled" });
    expect(res.body.attendance).toEqual({ invited: 3, attending: 0, absent: 0, noAnswer: 3 });
    expect(res.body.people.map((p: any) => p.name).sort()).toEqual(["Lê Hoàng Hà", "Nguyễn Văn Tuấn", "Phạm Minh Đức"]);

    const onlyG2 = await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
      title: "Họp tổ 2", kind: "other", startsAt: "2026-12-01T07:30:00Z", location: "Nhà ông Hà",
      invitees: { roles: ["leader", "front_head"], groupIds: [g2] },
    });
    expect(onlyG2.body.people.map((p: any) => p.name)).toEqual(["Lê Hoàng Hà"]);
    expect(onlyG2.body.startsAt).toBe("2026-12-01T14:30:00+07:00");

    const list = await t.call("GET", `/api/v1/wards/${wardId}/meetings`);
    expect(list.body.map((m: any) => m.title)).toEqual(["Hội nghị sơ kết 6 tháng thực hiện Quy chế phối hợp", "Họp tổ 2"]);
    const one = await t.call("GET", `/api/v1/meetings/${res.body.id}`);
    expect(one.body.remindBefore).toEqual(["P3D", "PT2H"]);
    expect((await t.call("GET", "/api/v1/meetings/nope")).status).toBe(404);
  });

  it("refuses a bad time, a bad reminder offset, an unknown kind and a foreign group", async () => {
    const res = await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
      title: "Hội nghị", kind: "so_ket", startsAt: "29/11/2026 14h", location: "Nhà văn hóa",
      remindBefore: ["3 days"], invitees: { roles: ["leader"], groupIds: ["nope"] },
    });
    expect(res.status).toBe(400);
    // The shapes of dates and durations are checked first (src/server/schemas-dates.ts), the ward's groups after.
    expect(res.body.error.details.map((d: any) => d.field)).toEqual(["startsAt", "remindBefore.0"]);
    const foreign = await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
      title: "Hội nghị", kind: "so_ket", startsAt: "2099-11-29T14:00", location: "Nhà văn hóa",
      remindBefore: ["P3D"], invitees: { roles: ["leader"], groupIds: ["nope"] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details.map((d: any) => d.field)).toEqual(["invitees.groupIds.0"]);
    const kind = await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
      title: "Hội nghị", kind: "party", startsAt: "2026-11-29T14:00", location: "X", invitees: { roles: ["leader"] },
    });
    expect(kind.status).toBe(400);
    expect(kind.body.error.details[0].field).toBe("kind");
    expect(await t.db.meeting.count()).toBe(0);
  });
});

describe("destinations", () => {
  it("adds a summary chat, lists it and refuses the same chat twice", async () => {
    const body = { channel: "telegram", chatId: "-1001234567890", purpose: "summary", title: "Lãnh đạo phường" };
    const res = await t.call("POST", `/api/v1/wards/${wardId}/destinations`, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(body);
    expect((await t.call("POST", `/api/v1/wards/${wardId}/destinations`, body)).status).toBe(409);
    expect((await t.call("GET", `/api/v1/wards/${wardId}/destinations`)).body).toHaveLength(1);
    const bad = await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "viber", chatId: "1", purpose: "summary" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("channel");
  });
});
