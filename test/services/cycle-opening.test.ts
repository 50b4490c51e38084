import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readConversations, writeStatePart } from "../../src/services/chat/conversation-store.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";

let t: TestApp;
let wardId: string;
let chat: ReturnType<typeof chatHarness>;
let clock: number;

beforeEach(async () => {
  clock = Date.parse("2026-11-23T08:00:00+07:00");
  t = await buildTestApp({ now: () => new Date(clock) });
  chat = chatHarness(t, () => new Date(clock));
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo tuần", questions: [{ key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer" }] });
  const group = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" })).body.id;
  const nga = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Trần Thị Nga", role: "leader", groupId: group })).body;
  await t.db.channelIdentity.create({ data: { memberId: nga.id, channel: "telegram", externalId: "101", address: "telegram:101" } });
});
afterEach(() => t.close());

const open = (body: object = {}) => t.call("POST", `/api/v1/wards/${wardId}/cycles`, body);

describe("opening a cycle in a large ward", () => {
  it("prompts the leaders of 600 groups: no statement binds more parameters than the database takes", async () => {
    // 600 more groups, each with a bound leader (written directly: the API would take minutes).
    const n = 600;
    const groups = Array.from({ length: n }, (_, i) => ({ id: `g${i}`, wardId, kind: "group", name: `Tổ ${i + 2}`, nameKey: `to ${i + 2}` }));
    await t.db.unit.createMany({ data: groups });
    await t.db.member.createMany({ data: groups.map((g, i) => ({ id: `m${i}`, wardId, name: `Tổ trưởng ${i + 2}` })) });
    await t.db.memberRole.createMany({ data: groups.map((g, i) => ({ memberId: `m${i}`, unitId: g.id, role: "leader" })) });
    await t.db.channelIdentity.createMany({
      data: groups.map((g, i) => ({ memberId: `m${i}`, channel: "telegram", externalId: `9${i}`, address: `telegram:9${i}` })),
    });
    const opened = await open({ label: "Tuần 48/2026" });
    expect(opened.status).toBe(201);
    expect(opened.body.prompted).toBe(n + 1);
  }, 300_000); // an upper bound: D1 in workerd takes several times as long as SQLite
});

describe("opening a cycle while one is open", () => {
  it("answers 409 saying which cycle is open and how to replace it, and replaces it only when asked", async () => {
    const first = await open({ label: "Tuần 48/2026" });
    expect(first.status).toBe(201);
    const refused = await open({ label: "Tuần 49/2026" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "conflict", details: { openCycleId: first.body.id, label: "Tuần 48/2026" } });
    expect(refused.body.error.message).toBe(
      "Phường/xã đang có kỳ báo cáo “Tuần 48/2026” chưa đóng. Xin đóng kỳ đó trước, hoặc chọn thay kỳ đang mở (replaceOpen): kỳ cũ được đóng, các báo cáo chưa nộp thành “không báo cáo”.",
    );
    expect((await t.call("GET", `/api/v1/cycles/${first.body.id}`)).body.status).toBe("open");
    expect(await t.db.cycle.count()).toBe(1);

    expect((await open({ label: "Tuần 49/2026", replaceOpen: "yes" })).status).toBe(400);
    const replaced = await open({ label: "Tuần 49/2026", replaceOpen: true });
    expect(replaced.status).toBe(201);
    const old = (await t.call("GET", `/api/v1/cycles/${first.body.id}`)).body;
    expect(old.status).toBe("closed");
    expect(old.groups[0].reports[0].status).toBe("missed");

    const spec = (await t.call("GET", "/api/openapi.json")).body;
    const post = spec.paths["/api/v1/wards/{wardId}/cycles"].post;
    expect(post.responses["409"].description).toContain("replaceOpen");
    expect(spec.components.schemas.CycleOpen.properties.replaceOpen.type).toBe("boolean");
  });

  it("opens one cycle when two openings race", async () => {
    const answers = await Promise.all([open({ label: "A" }), open({ label: "B" })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const raced = await Promise.all([open({ label: "C", replaceOpen: true }), open({ label: "D", replaceOpen: true })]);
    expect(raced.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(await t.db.cycle.count({ where: { wardId, status: "open" } })).toBe(1);
  });
});

describe("the chat state a cycle opening writes", () => {
  it("keeps a pending absence reason: the leader's next words are still taken as the reason", async () => {
    const meeting = (
      await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
        title: "Hội nghị sơ kết", kind: "so_ket", startsAt: "2026-11-26T14:00", location: "Nhà văn hóa phường", remindBefore: ["P1D"], invitees: { roles: ["leader"] },
      })
    ).body;
    const nga = chat.user("101");
    expect((await nga.press(`rsvp:${meeting.id}:no`))[0]).toContain("lý do");
    const opened = await open({ label: "Tuần 48/2026" });
    expect(opened.body.prompted).toBe(1);

    expect((await nga.say("Đi khám bệnh"))[0]).toContain("Đã ghi nhận lý do vắng");
    const attendance = (await t.call("GET", `/api/v1/meetings/${meeting.id}/attendance`)).body;
    expect(attendance.people[0]).toMatchObject({ status: "absent", reason: "Đi khám bệnh" });
    // And the report the opening started goes on from its first question.
    expect((await nga.say("12"))[0]).toContain("xem lại báo cáo");
  });

  it("is refused, not written over, when a turn saved the state after it was read", async () => {
    await open({ label: "Tuần 48/2026" });
    const [stored] = await readConversations(t.db, [{ channel: "telegram", userId: "101" }]);
    await chat.user("101").say("5"); // a turn saves the state meanwhile
    await expect(t.db.$transaction(writeStatePart(t.db, stored!, { session: undefined }))).rejects.toThrow(/WriteGuard/);
    const after = await t.db.conversation.findFirstOrThrow();
    expect((after.state as any).session.answers).toMatchObject({ ho_van_dong: 5 });
  });
});

describe("a large ward", () => {
  it("opens a cycle for 600 groups and prompts every bound leader once (no query parameter limit hit)", async () => {
    // Rows decided here and written in bulk (no interactive transaction: D1 has none).
    const groups = Array.from({ length: 599 }, (_, k) => ({ id: `g${k + 2}`, wardId, parentId: wardId, kind: "group", name: `Tổ dân phố số ${k + 2}`, nameKey: `to dan pho so ${k + 2}` }));
    await t.db.unit.createMany({ data: groups });
    await t.db.member.createMany({ data: groups.map((g, k) => ({ id: `m${k + 2}`, wardId, name: `Tổ trưởng ${k + 2}` })) });
    await t.db.memberRole.createMany({ data: groups.map((g, k) => ({ memberId: `m${k + 2}`, unitId: g.id, role: "leader" })) });
    await t.db.channelIdentity.createMany({
      data: groups.map((g, k) => ({ memberId: `m${k + 2}`, channel: "telegram", externalId: String(1002 + k), address: `telegram:${1002 + k}` })),
    });
    const opened = await open({ label: "Tuần 48/2026" });
    expect(opened.status).toBe(201);
    expect(opened.body.prompted).toBe(600);
    expect(new Set(t.delivery.sent.filter((s) => s.message.text.includes("Câu 1/1")).map((s) => s.address)).size).toBe(600);
  }, 300_000);
});
