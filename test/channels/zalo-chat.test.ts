/**
 * Conversations on Zalo, for real on 127.0.0.1: the adapter long-polls the fake Zalo Bot API,
 * people pair by sending their code as a message, answer through numbered menus by number or
 * label, and the bot remembers which menu it showed each chat last.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { remindMeeting } from "../../src/services/meeting-reminders.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";
import { zaloWorld, type ZaloWorld } from "../support/zalo.js";

let w: ZaloWorld;
let ward: ReportingWard;
beforeAll(async () => {
  w = await zaloWorld({ mode: "polling" });
  ward = await reportingWard(w as never, { groupCount: 4 });
});
afterAll(() => w.close());

const spaced = (code: string) => code.replace(/(.{4})/g, "$1 ").trim();

describe("polling", () => {
  it("deletes any webhook before polling, and takes 408 empty polls and errors in its stride", async () => {
    // (On a loaded machine the first poll may not have gone yet when this test starts.)
    await vi.waitFor(() => expect(w.fake.calls.map((c) => c.method)).toContain("getUpdates"), { timeout: 15_000, interval: 50 });
    const methods = w.fake.calls.map((c) => c.method);
    expect(methods.indexOf("deleteWebhook")).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf("deleteWebhook")).toBeLessThan(methods.indexOf("getUpdates"));
    expect(methods).not.toContain("setWebhook");
    // Several polls have come back empty (408) meanwhile; then two fail outright.
    // (Waited for, not slept on: on a loaded machine the polls come later.)
    await vi.waitFor(() => expect(w.fake.calls.filter((c) => c.method === "getUpdates").length).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 50 });
    w.fake.failNext("getUpdates", 500, "Internal Server Error", 2);
    const stranger = w.user("0a0a0a0a0a0a0a0a0a0a");
    expect(await stranger.say("Xin chào")).toContain("trợ lý tự động");
    await vi.waitFor(() => expect(w.logs.some((l) => l.includes("zalo: polling failed"))).toBe(true), { timeout: 15_000, interval: 50 });
  });
});

describe("pairing by code", () => {
  it("gives the invitation a Vietnamese text to forward on Zalo", () => {
    const { code, zaloInstructions } = ward.leaders[0]!.invite as { code: string; zaloInstructions: string };
    expect(zaloInstructions).toContain(code);
    expect(zaloInstructions).toContain("bot.PhuongNgocLam");
    expect(zaloInstructions).toContain("gửi mã mời");
  });

  it("binds whatever way the code is written: bare, after “ma”, after “mã:” with spaces, with dashes", async () => {
    const codes = ward.leaders.map((l) => l.invite.code);
    const forms = [codes[0]!, `ma ${codes[1]!.toLowerCase()}`, `mã: ${spaced(codes[2]!)}`, `Mã mời ${codes[3]!.slice(0, 4)}-${codes[3]!.slice(4, 8)}-${codes[3]!.slice(8)}`];
    for (const [i, form] of forms.entries()) {
      const person = w.user(`b0b0b0b0b0b0b0b0b0b${i}`);
      const welcome = await person.say(form);
      expect(welcome).toContain(`Xin chào ông/bà Tổ trưởng ${i + 1}`);
      expect(welcome).toContain("trợ lý tự động");
      expect(welcome).toContain("1. Làm báo cáo");
    }
    expect(await w.db.channelIdentity.count({ where: { channel: "zalo" } })).toBe(4);
  });

  it("answers a wrong code, and a used one, without binding", async () => {
    const person = w.user("c1c1c1c1c1c1c1c1c1c1");
    expect(await person.say("ma 123 456")).toContain("Mã mời không đúng");
    expect(await person.say(ward.leaders[0]!.invite.code)).toContain("đã được dùng");
    expect(await w.db.channelIdentity.count({ where: { externalId: "c1c1c1c1c1c1c1c1c1c1" } })).toBe(0);
  });
});

describe("a report through numbered menus", () => {
  it("takes numbers and labels without diacritics, never a count as a menu entry, and sends", async () => {
    const nga = w.user("b0b0b0b0b0b0b0b0b0b0"); // Tổ trưởng 1, bound above
    const cycle = await w.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026" });
    expect(cycle.status).toBe(201);
    const first = await nga.next();
    expect(first).toContain("Câu 1/5: Số hộ được vận động?");
    expect(first).not.toContain("(Trả lời");

    // A count question shows no menu: "1" is one household, not "the first entry".
    const antt = await nga.say("1");
    expect(antt).toContain("Câu 2/5: Tình hình an ninh trật tự?");
    expect(antt).toContain("1. Ổn định\n2. Có vụ việc\n(Trả lời 1 hoặc 2)");
    expect(antt).not.toContain("Quay lại\n(");
    expect(await nga.say("2")).toContain("Câu 3/6: Mô tả vụ việc");
    expect(await nga.say("quay lại")).toContain("Trả lời hiện tại: Có vụ việc");
    expect(await nga.say("on dinh")).toContain("Câu 3/5: Số tiền ủng hộ");
    const yesNo = await nga.say("bỏ qua");
    expect(yesNo).toContain("Câu 4/5: Giữ vệ sinh môi trường?");
    expect(yesNo).toContain("1. Có\n2. Không");
    expect(await nga.say("2")).toContain("Câu 5/5: Kiến nghị");
    const summary = await nga.say("bỏ qua");
    expect(summary).toContain("Xin ông/bà xem lại báo cáo");
    expect(summary).toContain("→ Không");
    // The summary numbers its questions, so no menu is listed under it: "1" edits question 1.
    expect(summary).not.toContain("(Trả lời");
    expect(await nga.say("1")).toContain("Câu 1/5");
    expect(await nga.say("3")).toContain("→ 3");
    expect(await nga.say("Gửi")).toContain("Đã nhận báo cáo Tuần 48/2026 của Tổ dân phố số 1");

    const report = (await w.call("GET", `/api/v1/cycles/${cycle.body.id}`)).body.groups[0].reports[0];
    expect(report).toMatchObject({ status: "submitted", via: "zalo", answers: { ho_van_dong: 3, antt: "Ổn định", ve_sinh: false } });
  });

  it("remembers the last menu shown: “1” under a meeting reminder is “Tham dự”, not “Có” to the open question", async () => {
    const ha = w.user("b0b0b0b0b0b0b0b0b0b1"); // Tổ trưởng 2: the cycle above prompted them too
    expect(await ha.next()).toContain("Câu 1/5");
    await ha.say("12");
    await ha.say("on dinh");
    expect(await ha.say("bo qua")).toContain("1. Có\n2. Không");
    const meeting = await w.call("POST", `/api/v1/wards/${ward.wardId}/meetings`, {
      title: "Hội nghị sơ kết 6 tháng thực hiện Quy chế phối hợp",
      kind: "so_ket",
      startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      location: "Nhà văn hóa phường",
      remindBefore: ["P1D"],
      invitees: { roles: ["leader"], groupIds: [ward.groups[1]] },
    });
    expect(meeting.status).toBe(201);
    await remindMeeting(w.ctx(), meeting.body.id, { job: `meeting:${meeting.body.id}:P1D`, instant: new Date() });
    const reminder = await ha.next();
    expect(reminder).toContain("xin mời ông/bà dự Hội nghị sơ kết");
    expect(reminder).toContain("1. ✅ Tham dự\n2. Vắng");
    expect(await ha.say("1")).toContain("Đã ghi nhận ông/bà sẽ tham dự");
    const invitee = await w.db.meetingInvitee.findFirstOrThrow({ where: { meetingId: meeting.body.id } });
    expect(invitee.rsvp).toBe("attending");
    const draft = (await w.db.report.findFirstOrThrow({ where: { groupId: ward.groups[1] } })).answers as Record<string, unknown>;
    expect(draft).not.toHaveProperty("ve_sinh");

    // The same reminder answered by word.
    await remindMeeting(w.ctx(), meeting.body.id, { job: `meeting:${meeting.body.id}:PT2H`, instant: new Date() });
    await ha.next();
    expect(await ha.say("vang")).toContain("lý do");
    expect(await ha.say("Đi khám bệnh")).toContain("Đã ghi nhận lý do vắng");
    expect((await w.db.meetingInvitee.findFirstOrThrow({ where: { id: invitee.id } })).rsvp).toBe("absent");
  });

  it("asks for a text message when a sticker or a picture comes instead", async () => {
    const ha = w.user("b0b0b0b0b0b0b0b0b0b1");
    await ha.send("", { event: "message.sticker.received", text: undefined });
    expect(await ha.next()).toContain("Xin ông/bà gửi câu trả lời bằng tin nhắn chữ");
    await ha.send("", { event: "message.unsupported.received", text: undefined });
    expect(await ha.next()).toContain("tin nhắn chữ");
    const idle = w.user("b0b0b0b0b0b0b0b0b0b0"); // report sent, nothing pending
    await idle.send("", { photoUrl: "https://example.com/a.jpg", text: undefined });
    expect(await idle.next()).toContain("Xin ông/bà gửi tin nhắn chữ");
  });
});

describe("a Zalo group", () => {
  it("becomes the summary destination when a bound chair mentions the bot with the registration command", async () => {
    const chair = await w.call("POST", `/api/v1/wards/${ward.wardId}/members`, { name: "Nguyễn Văn Tuấn", role: "chair" });
    const tuan = w.user("d0d0d0d0d0d0d0d0d0d0");
    expect(await tuan.say(`mã ${chair.body.invite.code}`)).toContain("Xin chào ông/bà Nguyễn Văn Tuấn");
    const groupId = "e1e1e1e1e1e1e1e1e1e1";
    await tuan.send("@Bot Phường Ngọc Lâm /dangkynhom", { groupId });
    expect((await w.fake.nextBotMessage(groupId)).text).toContain("Đã đăng ký nhóm này nhận báo cáo tổng hợp");
    await tuan.send("@Bot đăng ký nhóm", { groupId });
    expect((await w.fake.nextBotMessage(groupId)).text).toContain("đã được đăng ký");
    const destinations = (await w.call("GET", `/api/v1/wards/${ward.wardId}/destinations`)).body;
    expect(destinations).toEqual([expect.objectContaining({ channel: "zalo", chatId: `g:${groupId}`, purpose: "summary" })]);

    // A leader cannot register a group.
    const leader = w.user("b0b0b0b0b0b0b0b0b0b2");
    await leader.send("@Bot /dangkynhom", { groupId: "f2f2f2f2f2f2f2f2f2f2" });
    expect((await w.fake.nextBotMessage("f2f2f2f2f2f2f2f2f2f2")).text).toContain("dành cho lãnh đạo");
  });
});
