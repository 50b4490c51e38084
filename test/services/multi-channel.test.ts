import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { remindMeeting, sendAttendanceDigest } from "../../src/services/meeting-reminders.js";

/*
 * One person bound on Telegram and on Zalo: every prompt, reminder and summary reaches them
 * once, on the channel they chose or used last, and a report goes on from either channel.
 */

const FORM = {
  title: "Báo cáo tuần",
  questions: [
    { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0, max: 500 },
    { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
    { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
    { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no" },
  ],
};

let t: TestApp;
let chat: ReturnType<typeof chatHarness>;
let wardId: string;
let groupId: string;

const TG = "telegram:7001";
const ZL = "zalo:z-7001";
const sentTo = (address: string, text = "") => t.delivery.sent.filter((o) => o.address === address && o.message.text.includes(text));

beforeEach(async () => {
  t = await buildTestApp({ channels: ["telegram", "zalo"] });
  chat = chatHarness(t);
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  groupId = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" })).body.id;
  expect((await t.call("PUT", `/api/v1/wards/${wardId}/form`, FORM)).status).toBe(200);
});
afterEach(() => t.close());

/** A member bound first on Telegram, then on Zalo (each with its own invitation code). */
async function boundOnBoth(member: { name: string; role: string; groupId?: string }) {
  const created = (await t.call("POST", `/api/v1/wards/${wardId}/members`, member)).body;
  const tg = chat.user("7001");
  expect((await tg.command("start", created.invite.code))[0]).toContain(member.name);
  const code = (await t.call("POST", `/api/v1/members/${created.id}/invite`)).body.code;
  const zl = chat.user("z-7001", { channel: "zalo" });
  expect((await zl.command("start", code))[0]).toContain(member.name);
  t.delivery.sent.length = 0; // what follows is what counts
  return { id: created.id as string, tg, zl };
}

const leaderOnBoth = () => boundOnBoth({ name: "Nguyễn Văn Tuấn", role: "leader", groupId });
const openCycle = async (label: string) =>
  (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label, replaceOpen: true })).body.id as string;
const reportOf = async (cycleId: string) => (await t.call("GET", `/api/v1/cycles/${cycleId}`)).body.groups[0].reports[0];
const remind = (cycleId: string) => t.call("POST", `/api/v1/cycles/${cycleId}/reminders`);

describe("a person bound on two channels", () => {
  it("gets one prompt and one reminder, on the channel used last, and /kenh moves them", async () => {
    const { tg, zl } = await leaderOnBoth();
    await tg.command("toi"); // Telegram is now the channel used last.
    const cycle = await openCycle("Tuần 48/2026");
    expect(sentTo(TG, "kỳ báo cáo Tuần 48/2026 đã mở")).toHaveLength(1);
    expect(sentTo(ZL)).toHaveLength(0);

    // Writing on Zalo makes Zalo the channel used last.
    expect((await zl.say("kênh"))[0]).toContain("Telegram (liên kết từ");
    expect((await remind(cycle)).body).toMatchObject({ messages: 1 });
    expect(sentTo(ZL, "chưa gửi báo cáo Tuần 48/2026")).toHaveLength(1);
    expect(sentTo(TG, "chưa gửi báo cáo")).toHaveLength(0);

    // A choice holds whichever channel they write from.
    expect((await zl.command("kenh", "telegram"))[0]).toContain("Từ nay tôi sẽ nhắn ông/bà qua Telegram");
    await zl.command("toi");
    await remind(cycle);
    expect(sentTo(TG, "chưa gửi báo cáo")).toHaveLength(1);
    expect(sentTo(ZL, "chưa gửi báo cáo")).toHaveLength(1);

    const listed = (await tg.say("Kenh"))[0]!;
    expect(listed).toContain("• Telegram (liên kết từ");
    expect(listed).toContain("Telegram (liên kết từ");
    expect(listed).toMatch(/Telegram \(liên kết từ [^\n]*— đang nhận tin nhắn/);
    expect(listed).toContain("Ông/bà đã chọn nhận tin qua Telegram.");
    expect((await tg.command("kenh", "viber"))[0]).toContain("Tôi chưa hiểu kênh “viber”");
    expect((await tg.say("kênh tự động"))[0]).toContain("kênh ông/bà dùng gần nhất (hiện là Telegram)");
    expect((await t.db.member.findFirstOrThrow({ where: { name: "Nguyễn Văn Tuấn" } })).preferredChannel).toBeNull();
  });

  it("is reached on the other channel while one is unreachable, and again on it once they write from it", async () => {
    const { tg } = await leaderOnBoth();
    await tg.command("kenh", "telegram");
    const cycle = await openCycle("Tuần 48/2026");
    expect(sentTo(TG, "đã mở")).toHaveLength(1);
    // As the outbox marks an account when Telegram answers "bot was blocked by the user".
    await t.db.channelIdentity.updateMany({ where: { channel: "telegram" }, data: { unreachableAt: new Date(), unreachableReason: "403 blocked" } });
    await remind(cycle);
    expect(sentTo(ZL, "chưa gửi báo cáo")).toHaveLength(1);
    expect(sentTo(TG, "chưa gửi báo cáo")).toHaveLength(0);

    await tg.command("toi"); // they unblocked the bot and wrote
    await remind(cycle);
    expect(sentTo(TG, "chưa gửi báo cáo")).toHaveLength(1);
    expect(sentTo(ZL, "chưa gửi báo cáo")).toHaveLength(1);
  });

  it("as a chair, gets one meeting reminder, one attendance digest and one summary", async () => {
    const { id, zl } = await boundOnBoth({ name: "Phạm Minh Đức", role: "chair" });
    await zl.command("toi"); // Zalo is the channel used last.
    const meeting = (
      await t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
        title: "Hội nghị tổng kết năm", kind: "tong_ket", startsAt: "2030-11-27T14:00", location: "Hội trường UBND phường",
        remindBefore: ["P3D"], invitees: { roles: ["chair"] },
      })
    ).body;
    const instant = new Date();
    expect(await remindMeeting(chat.ctx, meeting.id, { job: `meeting:${meeting.id}:P3D`, instant })).toBe(1);
    expect(await sendAttendanceDigest(chat.ctx, meeting.id, { job: `digest:${meeting.id}`, instant })).toBe(1);
    await t.delivery.settle();
    expect(sentTo(ZL, "xin mời ông/bà dự Hội nghị tổng kết năm")).toHaveLength(1);
    expect(sentTo(ZL, "Tình hình đăng ký dự Hội nghị tổng kết năm")).toHaveLength(1);
    expect(sentTo(TG)).toHaveLength(0);

    await openCycle("Tuần 48/2026");
    const summary = await t.call("POST", `/api/v1/wards/${wardId}/summaries`, {});
    expect(summary.status).toBe(200);
    expect(summary.body.deliveries).toEqual([{ channel: "zalo", chatId: "z-7001" }]);
    expect(sentTo(ZL, "BÁO CÁO TỔNG HỢP TUẦN 48/2026").length).toBeGreaterThan(0);
    expect(sentTo(TG)).toHaveLength(0);
    expect(id).toBeTruthy();
  });
});

describe("a report across channels", () => {
  it("begun on Telegram goes on on Zalo at the same question, is sent via Zalo, and Telegram does not bring back the old position", async () => {
    const { tg, zl } = await leaderOnBoth();
    await tg.command("toi");
    const cycle = await openCycle("Tuần 48/2026");
    expect((await tg.say("12"))[0]).toContain("Câu 2/4");
    expect((await tg.say("on dinh"))[0]).toContain("Câu 3/4");

    // The answer to question 3, as Telegram showed it, typed on Zalo.
    expect((await zl.say("500k"))[0]).toContain("Câu 4/4: Tổ có giữ vệ sinh môi trường không?");
    const review = (await zl.say("co"))[0]!;
    expect(review).toContain("Xin ông/bà xem lại báo cáo");
    expect((await zl.say("gui"))[0]).toContain("Đã nhận báo cáo Tuần 48/2026");

    const report = (await reportOf(cycle));
    expect(report).toMatchObject({ status: "submitted", via: "zalo", answers: { ho_van_dong: 12, antt: "Ổn định", quy: 500000, ve_sinh: true } });

    // Telegram's session still stood at question 3: it is not taken up again.
    const late = await tg.say("7");
    expect(late[0]).toContain("đã được gửi");
    expect(late[0]).toContain("qua Zalo");
    expect(late.join("\n")).not.toContain("Câu 3/4");
    expect((await reportOf(cycle)).answers).toMatchObject({ quy: 500000 });
    expect(await t.db.reportRevision.count()).toBe(1);
    expect((await tg.say("8"))[0]).toContain("không có câu hỏi nào đang chờ");
  });

  it("never lets a session of the first channel write over answers given on the second", async () => {
    const { tg, zl } = await leaderOnBoth();
    await tg.command("toi");
    const cycle = await openCycle("Tuần 48/2026");
    await tg.say("12");
    // /baocao on Zalo takes the report up at Telegram's question (2), then goes on there.
    expect((await zl.command("baocao"))[0]).toContain("Câu 2/4");
    expect((await zl.say("on dinh"))[0]).toContain("Câu 3/4");
    expect((await zl.say("500k"))[0]).toContain("Câu 4/4");

    // Telegram still shows question 2: its answer there is not applied; it is told where things are.
    const stale = (await tg.say("co vu viec"))[0]!;
    expect(stale).toContain("vừa được làm tiếp trên một kênh khác");
    expect(stale).toContain("Câu 4/4");
    const draft = async () => (await reportOf(cycle)).answers;
    expect(await draft()).toEqual({ ho_van_dong: 12, antt: "Ổn định", quy: 500000 });

    // Now Telegram is current and Zalo is behind.
    expect((await tg.say("khong"))[0]).toContain("Xin ông/bà xem lại báo cáo");
    const behind = (await zl.say("co"))[0]!;
    expect(behind).toContain("vừa được làm tiếp trên một kênh khác");
    expect(await draft()).toMatchObject({ ve_sinh: false });
  });

  it("applies only one of two answers sent at once from both channels", async () => {
    const { tg, zl } = await leaderOnBoth();
    await tg.command("toi");
    const cycle = await openCycle("Tuần 48/2026");
    await tg.say("12");
    expect((await zl.command("baocao"))[0]).toContain("Câu 2/4"); // both now at question 2
    const [fromTelegram, fromZalo] = await Promise.all([tg.say("on dinh"), zl.say("co vu viec")]);
    const replies = [fromTelegram[0]!, fromZalo[0]!];
    expect(replies.filter((r) => r.includes("Câu 3/4") && !r.includes("kênh khác"))).toHaveLength(1);
    expect(replies.filter((r) => r.includes("vừa được làm tiếp trên một kênh khác"))).toHaveLength(1);
    const answers = (await reportOf(cycle)).answers;
    expect(answers.antt).toBe(fromTelegram[0]!.includes("kênh khác") ? "Có vụ việc" : "Ổn định");
  });

  it("moves every channel to a new cycle's report: an older report left half done elsewhere is not taken up", async () => {
    const { tg, zl } = await leaderOnBoth();
    await zl.command("toi");
    await openCycle("Tuần 48/2026");
    expect((await zl.say("12"))[0]).toContain("Câu 2/4"); // half done on Zalo
    await tg.command("toi"); // then Telegram is used
    await openCycle("Tuần 49/2026");
    expect(sentTo(TG, "kỳ báo cáo Tuần 49/2026 đã mở")).toHaveLength(1);
    expect(sentTo(ZL, "Tuần 49/2026")).toHaveLength(0);
    // Zalo answers the new week's first question, as Telegram shows it.
    expect((await zl.say("30"))[0]).toContain("Câu 2/4");
    const week49 = (await t.db.report.findFirstOrThrow({ where: { cycle: { label: "Tuần 49/2026" } } })).answers;
    expect(week49).toEqual({ ho_van_dong: 30 });
  });
});

describe("/toi and /huylienket with two channels", () => {
  it("/toi lists both channels; /huylienket on Zalo leaves Telegram bound and reached", async () => {
    const { id, tg, zl } = await leaderOnBoth();
    const me = (await tg.command("toi"))[0]!;
    expect(me).toContain("Kênh liên kết:");
    expect(me).toMatch(/• Telegram \(liên kết từ [^\n]*— đang nhận tin nhắn/);
    expect(me).toContain("• Zalo (liên kết từ");

    await zl.command("kenh", "zalo");
    const bye = (await zl.command("huylienket"))[0]!;
    expect(bye).toContain("Đã huỷ liên kết tài khoản Zalo này");
    expect(bye).toContain("Từ nay tôi chỉ nhắn ông/bà qua Telegram");
    expect((await t.db.channelIdentity.findMany({ where: { memberId: id } })).map((i) => i.channel)).toEqual(["telegram"]);
    expect((await zl.say("xin chào"))[0]).toContain("chưa được liên kết");

    await openCycle("Tuần 48/2026");
    expect(sentTo(TG, "đã mở")).toHaveLength(1);
    expect(sentTo(ZL, "đã mở")).toHaveLength(0);
    expect((await tg.command("toi"))[0]).not.toContain("Zalo");
  });
});
