import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";

const FORM = {
  title: "Báo cáo tuần",
  questions: [
    { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0, max: 500 },
    { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
    { key: "antt_chi_tiet", text: "Mô tả vụ việc", type: "text", maxLength: 50, showIf: { key: "antt", equals: "Có vụ việc" } },
    { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
    { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no" },
    { key: "ngay_hop", text: "Ngày họp tổ gần nhất?", type: "date", required: false },
  ],
};

let t: TestApp;
let rec: TestApp["delivery"];
let chat: ReturnType<typeof chatHarness>;
let wardId: string;
let groupId: string;
let leader: { id: string; invite: { code: string } };

beforeEach(async () => {
  t = await buildTestApp();
  rec = t.delivery;
  chat = chatHarness(t);
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  groupId = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" })).body.id;
  leader = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Tuấn", role: "leader", groupId })).body;
  expect((await t.call("PUT", `/api/v1/wards/${wardId}/form`, FORM)).status).toBe(200);
});
afterEach(() => t.close());

async function boundLeader() {
  const u = chat.user("5001");
  const hello = await u.command("start", leader.invite.code);
  expect(hello[0]).toContain("Nguyễn Văn Tuấn");
  return u;
}

describe("invitations", () => {
  it("binds with a code once; a used, wrong or expired code changes nothing", async () => {
    const u = await boundLeader();
    expect((await u.command("toi"))[0]).toContain("Tổ trưởng tổ dân phố, Tổ dân phố số 1 — Phường Ngọc Lâm");
    const other = chat.user("5002");
    expect((await other.command("start", leader.invite.code))[0]).toContain("đã được dùng");
    expect((await other.command("start", "WRONGCODE1234"))[0]).toContain("không đúng");
    expect(await t.db.channelIdentity.count()).toBe(1);

    const fresh = (await t.call("POST", `/api/v1/members/${leader.id}/invite`)).body.code;
    await t.db.inviteCode.updateMany({ where: { usedAt: null, revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await other.command("start", fresh))[0]).toContain("hết hạn");
    const members = (await t.call("GET", `/api/v1/wards/${wardId}/members`)).body;
    expect(members[0].channels).toEqual([{ channel: "telegram", boundAt: expect.any(String) }]);
  });

  it("binds a code once when two accounts send it at the same moment: the other is told it is used", async () => {
    const [first, second] = await Promise.all([chat.user("5001").command("start", leader.invite.code), chat.user("5002").command("start", leader.invite.code)]);
    const replies = [...first, ...second];
    expect(replies.filter((r) => r?.includes("Tài khoản đã được liên kết"))).toHaveLength(1);
    expect(replies.filter((r) => r?.includes("đã được dùng"))).toHaveLength(1);
    expect(await t.db.channelIdentity.count({ where: { memberId: leader.id } })).toBe(1);
  });

  it("rate-limits repeated wrong codes from one chat", async () => {
    const u = chat.user("5003");
    for (let i = 0; i < 5; i++) expect((await u.command("start", `WRONG${i}AAAAAAAA`))[0]).toContain("không đúng");
    const blocked = await u.command("start", leader.invite.code);
    expect(blocked[0]).toContain("15 phút");
    expect(await t.db.channelIdentity.count()).toBe(0);
  });

  it("tells an unknown person politely how to get an invitation, and unbinds on request", async () => {
    const stranger = chat.user("6000");
    expect((await stranger.say("xin chào"))[0]).toContain("chưa được liên kết");
    const u = await boundLeader();
    expect((await u.command("huylienket"))[0]).toContain("Đã huỷ liên kết");
    expect((await u.say("12"))[0]).toContain("chưa được liên kết");
  });
});

describe("the report conversation", () => {
  it("asks one question at a time, re-asks on bad input, supports back, skip, cancel and resume", async () => {
    const u = await boundLeader();
    const opened = await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" });
    expect(opened.status).toBe(201);
    const first = rec.sent.at(-1)!.message.text;
    expect(first).toContain("Kính gửi ông/bà Nguyễn Văn Tuấn");
    expect(first).toContain("Câu 1/5: Số hộ được vận động?");

    expect((await u.say("nhiều lắm"))[0]).toContain("Câu 1/5");
    expect((await u.say("900"))[0]).toMatch(/500/);
    expect((await u.say("12 hộ"))[0]).toContain("Câu 2/5: Tình hình an ninh trật tự?");
    expect(u.lastChoices().map((c) => c.label)).toEqual(["Ổn định", "Có vụ việc", "↩ Quay lại"]);
    expect((await u.say("co vu viec"))[0]).toContain("Câu 3/6: Mô tả vụ việc");
    expect((await u.say("x".repeat(60)))[0]).toContain("tối đa 50");
    expect((await u.say("quay lại"))[0]).toContain("Trả lời hiện tại: Có vụ việc");
    await u.press(u.lastChoices()[0]!.value); // "Ổn định": the description is no longer asked
    expect(rec.sent.at(-1)!.message.text).toContain("Câu 3/5: Số tiền ủng hộ");
    expect((await u.say("bỏ qua"))[0]).toContain("Câu 4/5: Tổ có giữ vệ sinh");
    expect((await u.sticker())[0]).toContain("chỉ đọc được chữ và số");
    expect((await u.say("huỷ"))[0]).toContain("Đã tạm dừng");
    expect((await u.say("có"))[0]).toContain("không có câu hỏi nào đang chờ");

    const resumed = await u.command("baocao");
    expect(resumed[0]).toContain("Câu 4/5: Tổ có giữ vệ sinh");
    expect((await u.say("ko"))[0]).toContain("Câu 5/5: Ngày họp tổ gần nhất?");
    const summary = (await u.say("29/9/2026"))[0]!;
    expect(summary).toContain("Xin ông/bà xem lại báo cáo Tuần 48/2026 của Tổ dân phố số 1");
    expect(summary).toContain("→ 12");
    expect(summary).toContain("→ Ổn định");
    expect(summary).toContain("→ (bỏ qua)");
    expect(summary).toContain("→ Không");
    expect(summary).toContain("→ 29/09/2026");

    // Edit question 3 from the summary ("/sua 3" works as well as "sửa 3"), then send.
    expect((await u.command("sua", "3"))[0]).toContain("Câu 3/5");
    expect((await u.say("2tr5"))[0]).toContain("→ 2.500.000 đồng");
    const receipt = (await u.press("c:send"))[0]!;
    expect(receipt).toContain("Đã nhận báo cáo Tuần 48/2026 của Tổ dân phố số 1 lúc");

    const cycle = (await t.call("GET", `/api/v1/cycles/${opened.body.id}`)).body;
    expect(cycle.groups).toHaveLength(1);
    expect(cycle.groups[0].reports[0]).toMatchObject({
      role: "leader",
      memberId: leader.id,
      status: "submitted",
      via: "telegram",
      answers: { ho_van_dong: 12, antt: "Ổn định", quy: 2_500_000, ve_sinh: false, ngay_hop: "2026-09-29" },
    });
    expect(cycle.groups[0].reports[0].answers).not.toHaveProperty("antt_chi_tiet");
  });

  it("lets the leader edit a sent report until the cycle closes, keeping the history", async () => {
    const u = await boundLeader();
    const cycleId = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, {})).body.id;
    for (const answer of ["3", "1", "bỏ qua", "có", "bỏ qua"]) await u.say(answer);
    await u.say("gửi");
    expect((await u.command("baocao"))[0]).toContain("đã gửi báo cáo");
    expect((await u.command("sua"))[0]).toContain("Ông/bà đang sửa báo cáo đã gửi");
    await u.say("sửa 1");
    await u.say("7");
    await u.say("gửi");
    const report = (await t.call("GET", `/api/v1/cycles/${cycleId}`)).body.groups[0].reports[0];
    expect(report.answers.ho_van_dong).toBe(7);
    expect(await t.db.reportRevision.count()).toBe(2);

    // A new cycle replaces this one: the old report can no longer be changed.
    await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { replaceOpen: true });
    await u.say("huỷ");
    const next = (await t.call("GET", `/api/v1/wards/${wardId}/cycles`)).body;
    expect(next.map((c: any) => c.status)).toEqual(["open", "closed"]);
  });

  it("says a report of a closed cycle cannot be changed any more", async () => {
    const u = await boundLeader();
    const cycleId = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, {})).body.id;
    for (const answer of ["3", "1", "bỏ qua", "có", "bỏ qua", "gửi"]) await u.say(answer);
    await t.db.cycle.update({ where: { id: cycleId }, data: { status: "closed" } });
    expect((await u.command("sua"))[0]).toContain("đã đóng, nên báo cáo không sửa được nữa");
  });

  it("applies two quick messages one after the other, losing neither", async () => {
    const u = await boundLeader();
    await t.call("POST", `/api/v1/wards/${wardId}/cycles`, {});
    const before = await t.db.conversation.findFirstOrThrow({ where: { userId: "5001" } });
    await Promise.all([u.say("12"), u.say("Ổn định")]);
    const after = await t.db.conversation.findFirstOrThrow({ where: { userId: "5001" } });
    expect(after.version).toBe(before.version + 2);
    const draft = (await t.db.report.findFirstOrThrow()).answers as Record<string, unknown>;
    // Whichever came first answered question 1; the state holds every accepted answer.
    expect(draft.ho_van_dong).toBe(12);
  });

  it("processes an update delivered twice at once only once (both in one group commit)", async () => {
    await boundLeader();
    await t.call("POST", `/api/v1/wards/${wardId}/cycles`, {});
    const from = rec.sent.length;
    const event = {
      channel: "telegram" as const,
      updateId: "twice-at-once",
      chat: { id: "5001", type: "private" as const },
      user: { id: "5001", name: "Người dùng thử" },
      input: { kind: "text" as const, text: "12" },
    };
    const before = await t.db.conversation.findFirstOrThrow({ where: { userId: "5001" } });
    await Promise.all([handleInbound(chat.ctx, event), handleInbound(chat.ctx, event)]);
    await rec.settle();
    const after = await t.db.conversation.findFirstOrThrow({ where: { userId: "5001" } });
    expect(after.version).toBe(before.version + 1);
    const replies = rec.sent.slice(from).map((o) => o.message.text);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("Câu 2/5");
  });

  it("processes a redelivered update once", async () => {
    const u = await boundLeader();
    await t.call("POST", `/api/v1/wards/${wardId}/cycles`, {});
    const replies = await u.duplicate("12");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("Câu 2/5");
  });
});

describe("group commands", () => {
  it("registers a group as the summary destination for a chair, refuses a leader, and shows status", async () => {
    const chair = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Lê Hoàng Hà", role: "chair" })).body;
    const chairDm = chat.user("7001");
    await chairDm.command("start", chair.invite.code);
    const leaderU = await boundLeader();

    const chairInGroup = chat.user("7001", { id: "-100500", type: "group", title: "Lãnh đạo phường" });
    const leaderInGroup = chat.user("5001", { id: "-100500", type: "group", title: "Lãnh đạo phường" });
    expect((await leaderInGroup.command("dangkynhom"))[0]).toContain("Xin lỗi");
    expect((await chairInGroup.command("dangkynhom"))[0]).toContain("Đã đăng ký nhóm này");
    const destinations = (await t.call("GET", `/api/v1/wards/${wardId}/destinations`)).body;
    expect(destinations).toMatchObject([{ channel: "telegram", chatId: "-100500", purpose: "summary", title: "Lãnh đạo phường" }]);
    expect(await chairInGroup.say("chào cả nhà")).toEqual([]);

    await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" });
    const status = (await chairInGroup.command("tinhhinh"))[0]!;
    expect(status).toContain("Tình hình báo cáo Tuần 48/2026");
    expect(status).toContain("Đã báo cáo: 0/1 tổ (0%).");
    expect(status).toContain("Chưa báo cáo (1): Tổ dân phố số 1.");
    expect((await leaderU.command("tinhhinh"))[0]).toContain("dành cho lãnh đạo");
  });
});

describe("absence in chat", () => {
  it("lets a chair mark a leader away until a date; a leader cannot", async () => {
    const chair = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Lê Hoàng Hà", role: "chair" })).body;
    const chairDm = chat.user("7001");
    await chairDm.command("start", chair.invite.code);
    const u = await boundLeader();
    expect((await u.command("vang", "Lê Hoàng Hà 31/12"))[0]).toContain("Xin lỗi");
    expect((await chairDm.command("vang", "Nguyễn Văn Tuấn"))[0]).toContain("Cách dùng");
    expect((await chairDm.command("vang", "Ai Đó 31/12"))[0]).toContain("Không tìm thấy");
    const ok = await chairDm.command("vang", "nguyen van tuan 31/12");
    const year = /Đã ghi nhận ông\/bà Nguyễn Văn Tuấn vắng đến hết ngày 31\/12\/(\d{4})/.exec(ok[0]!)?.[1];
    expect(year).toBeDefined();
    const member = await t.db.member.findUniqueOrThrow({ where: { id: leader.id } });
    // Until the end of 31/12 in Hà Nội: 17:00 UTC that day.
    expect(member.absentUntil!.toISOString()).toBe(`${year}-12-31T17:00:00.000Z`);
  });
});
