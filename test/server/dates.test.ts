import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

// Every date, date-time and duration the admin API takes: an impossible or absurd value is a
// 400 naming the field (never a 500), through the real app.
const NOW = new Date("2026-11-25T03:00:00Z"); // Wednesday 10:00 in Hà Nội
let t: TestApp;
let wardId: string;
let memberId: string;
let meetingId: string;
beforeEach(async () => {
  t = await buildTestApp({ now: () => NOW });
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  memberId = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Trần Thị Hoa", role: "chair" })).body.id;
  await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo", questions: [{ key: "so_ho", text: "Số hộ?", type: "integer" }] });
  const meeting = await t.call("POST", `/api/v1/wards/${wardId}/meetings`, meetingBody({ startsAt: "2026-12-03T14:00" }));
  expect(meeting.status).toBe(201);
  meetingId = meeting.body.id;
});
afterEach(() => t.close());

const meetingBody = (over: object) => ({
  title: "Hội nghị sơ kết",
  kind: "so_ket",
  startsAt: "2026-12-03T14:00",
  location: "Nhà văn hóa phường",
  remindBefore: ["P3D"],
  invitees: { roles: ["chair"] },
  ...over,
});

/** The 400's details, asserting it is one. */
async function refused(res: Promise<{ status: number; body: any }>) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe("invalid_input");
  return r.body.error.details as { field: string; message: string }[];
}

const IMPOSSIBLE_DAYS = ["2026-13-01", "2026-02-30", "2026-04-31", "2026-00-10", "2027-02-29"];
const ABSURD_YEARS = ["0001-01-01", "1899-12-31", "9999-01-01"];

describe("dates and durations of the admin API", () => {
  it.each(IMPOSSIBLE_DAYS)("a meeting on %s is refused, naming startsAt", async (day) => {
    for (const startsAt of [`${day}T14:00`, `${day}T14:00:00+07:00`]) {
      const post = await refused(t.call("POST", `/api/v1/wards/${wardId}/meetings`, meetingBody({ startsAt })));
      expect(post).toEqual([{ field: "startsAt", code: "invalid_date_time", message: expect.stringContaining("Thời gian bắt đầu không có thật trên lịch") }]);
      const patch = await refused(t.call("PATCH", `/api/v1/meetings/${meetingId}`, { startsAt }));
      expect(patch).toEqual([{ field: "startsAt", code: "invalid_date_time", message: expect.stringContaining("Thời gian bắt đầu không có thật trên lịch") }]);
    }
  });

  it("refuses a meeting in the past, at 24:00 or in an absurd year, and moving one into the past", async () => {
    expect(await refused(t.call("POST", `/api/v1/wards/${wardId}/meetings`, meetingBody({ startsAt: "2026-11-25T09:59" })))).toEqual([
      { field: "startsAt", code: "not_in_future", message: "Thời gian bắt đầu hội nghị phải ở tương lai." },
    ]);
    expect(await refused(t.call("PATCH", `/api/v1/meetings/${meetingId}`, { startsAt: "2026-11-20T14:00:00+07:00" }))).toEqual([
      { field: "startsAt", code: "not_in_future", message: "Thời gian bắt đầu hội nghị phải ở tương lai." },
    ]);
    for (const startsAt of ["2026-12-03T24:00", "2026-12-03T14:60", "9999-12-03T14:00", "1999-12-03T14:00", "2026-12-03", "mai 14h"])
      expect((await refused(t.call("POST", `/api/v1/wards/${wardId}/meetings`, meetingBody({ startsAt }))))[0]!.field).toBe("startsAt");
    expect(await t.db.meeting.count()).toBe(1);
    expect((await t.call("GET", `/api/v1/meetings/${meetingId}`)).body.startsAt).toBe("2026-12-03T14:00:00+07:00");
  });

  it("refuses reminder durations that are malformed, zero or longer than 60 days", async () => {
    for (const [bad, message] of [
      ["P99999999999D", "dài nhất là 60 ngày"],
      ["P61D", "dài nhất là 60 ngày"],
      ["P9W", "dài nhất là 60 ngày"],
      ["PT0M", "cần khoảng thời gian như P3D"],
      ["3 ngày", "cần khoảng thời gian như P3D"],
    ] as const) {
      expect(await refused(t.call("POST", `/api/v1/wards/${wardId}/meetings`, meetingBody({ remindBefore: ["PT2H", bad] })))).toEqual([
        { field: "remindBefore.1", code: "invalid_duration", message: expect.stringContaining(message) },
      ]);
      expect(await refused(t.call("PATCH", `/api/v1/meetings/${meetingId}`, { remindBefore: [bad] }))).toEqual([
        { field: "remindBefore.0", code: "invalid_duration", message: expect.stringContaining(message) },
      ]);
    }
    expect((await t.call("POST", `/api/v1/wards/${wardId}/meetings`, meetingBody({ remindBefore: ["P60D", "P1DT12H"] }))).status).toBe(201);
  });

  it("refuses impossible days off and years, and answers 201/200 for real ones", async () => {
    for (const date of [...IMPOSSIBLE_DAYS, ...ABSURD_YEARS, "3/9/2026"])
      expect(await refused(t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date }))).toEqual([{ field: "date", code: "invalid_date", message: expect.stringMatching(/^Ngày /) }]);
    expect((await t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2028-02-29" })).status).toBe(201);
    for (const year of ["1800", "99999", "2026.5", "năm nay"])
      expect((await refused(t.call("GET", `/api/v1/wards/${wardId}/days-off?year=${encodeURIComponent(year)}`)))[0]!.field).toBe("year");
    expect((await t.call("GET", `/api/v1/wards/${wardId}/days-off?year=2027`)).status).toBe(200);
  });

  it("refuses an absence until an impossible day or time", async () => {
    for (const until of [...IMPOSSIBLE_DAYS, ...ABSURD_YEARS, "2026-12-05T25:00", "tuần sau"])
      expect(await refused(t.call("PUT", `/api/v1/members/${memberId}/absence`, { until }))).toEqual([{ field: "until", code: expect.stringMatching(/^invalid_date/), message: expect.stringMatching(/^Ngày vắng mặt đến /) }]);
    expect((await t.call("PUT", `/api/v1/members/${memberId}/absence`, { until: "2026-12-05" })).status).toBe(200);
  });

  it("refuses a cycle due on an impossible date, in an absurd year or in the past", async () => {
    for (const dueAt of ["2026-11-31T17:00:00+07:00", "2026-13-01T17:00", "9999-11-27T17:00", "2026-11-20T17:00"])
      expect(await refused(t.call("POST", `/api/v1/wards/${wardId}/cycles`, { dueAt }))).toEqual([{ field: "dueAt", code: expect.stringMatching(/^invalid_date_time|not_in_future$/), message: expect.stringMatching(/^Hạn nộp /) }]);
    expect(await t.db.cycle.count()).toBe(0);
    expect((await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { dueAt: "2026-11-27T17:00" })).status).toBe(201);
  });

  it("refuses a roll-up from or to an impossible day, as JSON and as Excel", async () => {
    for (const path of ["rollup", "rollup.xlsx"]) {
      for (const from of [...IMPOSSIBLE_DAYS, ...ABSURD_YEARS])
        expect(await refused(t.call("GET", `/api/v1/units/${wardId}/${path}?from=${from}&to=2026-11-25`))).toEqual([
          { field: "from", code: "invalid_date", message: expect.stringMatching(/^Từ ngày /) },
        ]);
      expect(await refused(t.call("GET", `/api/v1/units/${wardId}/${path}?to=2026-02-30`))).toEqual([{ field: "to", code: "invalid_date", message: expect.stringMatching(/^Đến ngày /) }]);
    }
    expect((await t.call("GET", `/api/v1/units/${wardId}/rollup?from=2026-11-01&to=2026-11-25`)).status).toBe(200);
  });
});
