import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
beforeEach(async () => {
  t = await buildTestApp();
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

describe("destinations", () => {
  it("changes a destination's chat and title, refuses a chat already used (409), and deletes it", async () => {
    const a = (await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "telegram", chatId: "-1001", purpose: "summary", title: "Nhóm A" })).body;
    await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "telegram", chatId: "-1002", purpose: "summary" });

    const patched = await t.call("PATCH", `/api/v1/destinations/${a.id}`, { chatId: "-1003", title: "Nhóm\u200B Chủ tịch" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: a.id, chatId: "-1003", title: "Nhóm Chủ tịch" });
    expect((await t.call("PATCH", `/api/v1/destinations/${a.id}`, { chatId: "-1002" })).status).toBe(409);
    const bad = await t.call("PATCH", `/api/v1/destinations/${a.id}`, { chatId: "not a chat" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("chatId");

    expect((await t.call("DELETE", `/api/v1/destinations/${a.id}`)).status).toBe(204);
    expect((await t.call("GET", `/api/v1/wards/${wardId}/destinations`)).body.map((d: any) => d.chatId)).toEqual(["-1002"]);
    expect((await t.call("DELETE", `/api/v1/destinations/${a.id}`)).status).toBe(404);
    expect((await t.call("PATCH", "/api/v1/destinations/nope", { title: "X" })).status).toBe(404);
  });
});

describe("days off", () => {
  it("moves a day off, refuses a date already taken (409) or not a date (400), and deletes it", async () => {
    const day = (await t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2026-09-03", reason: "Lễ hội" })).body;
    await t.call("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2026-09-10" });

    const moved = await t.call("PATCH", `/api/v1/days-off/${day.id}`, { date: "2026-09-04", reason: null });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ id: day.id, date: "2026-09-04", reason: null });
    expect((await t.call("PATCH", `/api/v1/days-off/${day.id}`, { date: "2026-09-10" })).status).toBe(409);
    const bad = await t.call("PATCH", `/api/v1/days-off/${day.id}`, { date: "2026-02-30" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("date");

    expect((await t.call("DELETE", `/api/v1/days-off/${day.id}`)).status).toBe(204);
    const list = (await t.call("GET", `/api/v1/wards/${wardId}/days-off?year=2026`)).body;
    expect(list.localDaysOff.map((d: any) => d.date)).toEqual(["2026-09-10"]);
    expect((await t.call("DELETE", `/api/v1/days-off/${day.id}`)).status).toBe(404);
  });
});
