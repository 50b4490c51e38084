/**
 * The scenarios every channel adapter passes, written once: each works through a ContractWorld
 * (driver.ts) and asserts what the person sees (texts, what they can pick) and what the cycle
 * API stores (exact typed values, `via`). Expectations are channel-neutral: a question is "Câu
 * 3/", a pick is by label, however the channel shows it (buttons or a numbered menu).
 */
import { expect } from "vitest";
import { remindMeeting } from "../../src/services/meeting-reminders.js";
import { bareLabel, type ChannelUser, type ContractWorld, type Reply, type StoredReport } from "./driver.js";

export interface Scenario {
  name: string;
  run(w: ContractWorld): Promise<void>;
}

/** Every question type, with a follow-up shown only after one answer (skip logic). */
const EVERY_TYPE = [
  { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0 },
  { key: "ty_le", text: "Tỷ lệ hộ tham gia (%)?", type: "number", min: 0, max: 100 },
  { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
  { key: "antt_chi_tiet", text: "Mô tả vụ việc", type: "text", showIf: { key: "antt", equals: "Có vụ việc" } },
  { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
  { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no" },
  { key: "ngay_hop", text: "Ngày họp tổ?", type: "date", required: false },
  { key: "kien_nghi", text: "Kiến nghị của nhân dân?", type: "text", required: false },
];
const SHORT = [
  { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0 },
  { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no" },
];

let wardCount = 0;

/** A ward of its own with this form and one tổ trưởng, created through the admin API. */
async function wardWithLeader(w: ContractWorld, questions: object[]) {
  const n = ++wardCount;
  const ward = await w.call("POST", "/api/v1/wards", { name: `Phường Thử Nghiệm ${n}` });
  expect(ward.status).toBe(201);
  const group = (await w.call("POST", `/api/v1/wards/${ward.body.id}/groups`, { name: `Tổ dân phố số ${n}` })).body;
  expect((await w.call("PUT", `/api/v1/wards/${ward.body.id}/form`, { title: "Báo cáo tuần", questions })).status).toBe(200);
  const leader = (await w.call("POST", `/api/v1/wards/${ward.body.id}/members`, { name: `Trần Thị Nga ${n}`, role: "leader", groupId: group.id })).body;
  return { wardId: ward.body.id as string, groupId: group.id as string, groupName: group.name as string, leader: leader as { id: string; name: string; invite: { code: string } } };
}

/** The ward's leader, bound on this channel, with an open cycle whose first question they were just asked. */
async function leaderInCycle(w: ContractWorld, questions: object[], questionCount = questions.length) {
  const setup = await wardWithLeader(w, questions);
  const u = w.newUser();
  await u.pair(setup.leader.invite.code);
  expect((await u.next()).text).toContain(`Xin chào ông/bà ${setup.leader.name}`);
  const cycleId = await openCycle(w, setup.wardId, "Tuần 48/2026");
  expect((await u.next()).text).toContain(`Câu 1/${questionCount}: `);
  return { ...setup, u, cycleId };
}

/** A cycle the world's people report into: through the cycle API, unless the world says otherwise. */
async function openCycle(w: ContractWorld, wardId: string, label: string): Promise<string> {
  if (w.openCycle) return w.openCycle(wardId, label);
  const cycle = await w.call("POST", `/api/v1/wards/${wardId}/cycles`, { label });
  expect(cycle.status).toBe(201);
  return cycle.body.id as string;
}

/** Says something and returns the bot's reply. */
async function answer(u: ChannelUser, text: string): Promise<Reply> {
  await u.say(text);
  return u.next();
}
async function pick(u: ChannelUser, label: string, by?: "number" | "words"): Promise<Reply> {
  await u.choose(label, by);
  return u.next();
}

/** The labels offered, compared without emoji, diacritics or case. */
const offered = (reply: Reply) => reply.choices.map(bareLabel);
const labels = (...names: string[]) => names.map(bareLabel);

async function storedReport(w: ContractWorld, cycleId: string): Promise<StoredReport> {
  if (w.storedReport) return w.storedReport(cycleId);
  const cycle = await w.call("GET", `/api/v1/cycles/${cycleId}`);
  expect(cycle.status).toBe(200);
  return cycle.body.groups[0].reports[0];
}
const draftAnswers = async (w: ContractWorld, groupId: string) =>
  (await w.db.report.findFirstOrThrow({ where: { groupId } })).answers as Record<string, unknown>;

/** Scenario names a driver may need to name (ContractWorld.notApplicable). */
export const scenarioNames = {
  codeUsedOnce: "refuses an invitation code used once already, and binds one account",
  meeting: "answers a meeting invitation: attending, then absent with a reason",
  sticker: "asks for a text message when a sticker comes instead of an answer, and loses nothing",
} as const;

export const scenarios: Scenario[] = [
  {
    name: "pairs with an invitation code and greets by name",
    async run(w) {
      const { leader } = await wardWithLeader(w, SHORT);
      const u = w.newUser();
      await u.pair(leader.invite.code);
      const welcome = await u.next();
      expect(welcome.text).toContain(`Xin chào ông/bà ${leader.name}`);
      expect(welcome.text).toContain("trợ lý tự động");
    },
  },
  {
    name: scenarioNames.codeUsedOnce,
    async run(w) {
      const { leader } = await wardWithLeader(w, SHORT);
      const u = w.newUser();
      await u.pair(leader.invite.code);
      await u.next();
      const other = w.newUser();
      await other.pair(leader.invite.code);
      expect((await other.next()).text).toContain("đã được dùng");
      expect(await w.db.channelIdentity.count({ where: { channel: w.channel, memberId: leader.id } })).toBe(1);
    },
  },
  {
    name: "takes a full report with every question type, re-asks invalid answers, checks a bare amount of money, and stores exact values",
    async run(w) {
      const { u, cycleId, leader } = await leaderInCycle(w, EVERY_TYPE, 7);
      expect((await answer(u, "abc")).text).toContain("Câu 1/7"); // re-asked
      expect((await answer(u, "15 hộ")).text).toContain("Câu 2/7: Tỷ lệ hộ tham gia (%)?");
      expect((await answer(u, "12.5")).text).toContain("12,5"); // ambiguous: re-asked with the comma form
      const choice = await answer(u, "87,5");
      expect(choice.text).toContain("Câu 3/7: Tình hình an ninh trật tự?");
      expect(offered(choice)).toEqual(expect.arrayContaining(labels("Ổn định", "Có vụ việc")));
      // Skip logic: this answer brings in a follow-up question.
      expect((await pick(u, "Có vụ việc")).text).toContain("Câu 4/8: Mô tả vụ việc");
      expect((await answer(u, "Mất trộm xe máy ở ngõ 5")).text).toContain("Câu 5/8: Số tiền ủng hộ");
      // A bare "12" for money is asked about before anything is recorded.
      const check = await answer(u, "12");
      expect(check.text).toContain("Số tiền là 12 đồng, 12.000 đồng hay 12.000.000 đồng?");
      expect(offered(check)).toEqual(expect.arrayContaining(labels("12 đồng", "12.000 đồng", "12.000.000 đồng")));
      const yesNo = await pick(u, "12.000 đồng");
      expect(yesNo.text).toContain("Câu 6/8: Tổ có giữ vệ sinh môi trường không?");
      expect(offered(yesNo)).toEqual(expect.arrayContaining(labels("Có", "Không")));
      expect((await answer(u, "xyz")).text).toContain("Câu 6/8"); // re-asked
      expect((await pick(u, "Có")).text).toContain("Câu 7/8: Ngày họp tổ?");
      expect((await answer(u, "32/13")).text).toContain("Câu 7/8"); // re-asked
      expect((await answer(u, "15/3/2026")).text).toContain("Câu 8/8: Kiến nghị của nhân dân?");
      const review = await answer(u, "Đề nghị sửa đèn đường ngõ 5");
      expect(review.text).toContain("Xin ông/bà xem lại báo cáo Tuần 48/2026");
      expect(review.text).toContain("→ 12.000 đồng");
      expect(review.text).toContain("→ 87,5");
      expect((await pick(u, "Gửi")).text).toContain("Đã nhận báo cáo Tuần 48/2026");

      const report = await storedReport(w, cycleId);
      expect(report).toMatchObject({ status: "submitted", memberId: leader.id, via: w.channel });
      expect(report.answers).toEqual({
        ho_van_dong: 15,
        ty_le: 87.5,
        antt: "Có vụ việc",
        antt_chi_tiet: "Mất trộm xe máy ở ngõ 5",
        quy: 12_000,
        ve_sinh: true,
        ngay_hop: "2026-03-15",
        kien_nghi: "Đề nghị sửa đèn đường ngõ 5",
      });
    },
  },
  {
    name: "goes back, skips, pauses and resumes at the same question; a choice is also taken by its words without diacritics",
    async run(w) {
      const { u, groupId } = await leaderInCycle(w, EVERY_TYPE, 7);
      await answer(u, "10");
      await answer(u, "50");
      expect((await pick(u, "Có vụ việc")).text).toContain("Câu 4/8: Mô tả vụ việc");
      const back = await answer(u, "quay lại");
      expect(back.text).toContain("Câu 3/");
      expect(back.text).toContain("Trả lời hiện tại: Có vụ việc");
      // The follow-up goes away with the answer that brought it.
      expect((await pick(u, "Ổn định", "words")).text).toContain("Câu 4/7: Số tiền ủng hộ");
      expect((await answer(u, "bỏ qua")).text).toContain("Câu 5/7: Tổ có giữ vệ sinh");
      expect((await answer(u, "huỷ")).text).toContain("Đã tạm dừng");
      expect(await draftAnswers(w, groupId)).toMatchObject({ ho_van_dong: 10, ty_le: 50, antt: "Ổn định", quy: null });
      await u.command("baocao");
      expect((await u.next()).text).toContain("Câu 5/7: Tổ có giữ vệ sinh");
      expect((await pick(u, "Không")).text).toContain("Câu 6/7: Ngày họp tổ?");
      expect((await draftAnswers(w, groupId)).ve_sinh).toBe(false);
    },
  },
  {
    name: "confirms, edits a question from the review, sends, and edits again after sending",
    async run(w) {
      const { u, cycleId } = await leaderInCycle(w, SHORT);
      await answer(u, "15");
      const review = await pick(u, "Có");
      expect(review.text).toContain("Xin ông/bà xem lại báo cáo");
      expect(review.text).toContain("→ 15");
      expect((await pick(u, "Sửa câu 1")).text).toContain("Câu 1/2");
      expect((await answer(u, "16")).text).toContain("→ 16");
      expect((await pick(u, "Gửi")).text).toContain("Đã nhận báo cáo Tuần 48/2026");
      expect((await storedReport(w, cycleId)).answers).toEqual({ ho_van_dong: 16, ve_sinh: true });

      await u.command("sua");
      expect((await u.next()).text).toContain("đang sửa báo cáo đã gửi");
      expect((await answer(u, "sửa 2")).text).toContain("Câu 2/2");
      expect((await pick(u, "Không")).text).toContain("→ Không");
      expect((await pick(u, "Gửi")).text).toContain("Đã nhận báo cáo");
      expect(await storedReport(w, cycleId)).toMatchObject({ status: "submitted", via: w.channel, answers: { ho_van_dong: 16, ve_sinh: false } });
    },
  },
  {
    name: scenarioNames.meeting,
    async run(w) {
      const { wardId, groupId, leader } = await wardWithLeader(w, SHORT);
      const u = w.newUser();
      await u.pair(leader.invite.code);
      await u.next();
      const meeting = await w.call("POST", `/api/v1/wards/${wardId}/meetings`, {
        title: "Hội nghị sơ kết 6 tháng",
        kind: "so_ket",
        startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        location: "Nhà văn hóa phường",
        remindBefore: ["P1D"],
        invitees: { roles: ["leader"], groupIds: [groupId] },
      });
      expect(meeting.status).toBe(201);
      const remind = (job: string) => remindMeeting(w.ctx(), meeting.body.id, { job: `meeting:${meeting.body.id}:${job}`, instant: new Date() });
      await remind("P1D");
      const reminder = await u.next();
      expect(reminder.text).toContain("xin mời ông/bà dự Hội nghị sơ kết 6 tháng");
      expect(offered(reminder)).toEqual(labels("Tham dự", "Vắng"));
      expect((await pick(u, "Tham dự")).text).toContain("Đã ghi nhận ông/bà sẽ tham dự");
      const invitee = () => w.db.meetingInvitee.findFirstOrThrow({ where: { meetingId: meeting.body.id, memberId: leader.id } });
      expect((await invitee()).rsvp).toBe("attending");

      await remind("PT2H");
      await u.next();
      expect((await pick(u, "Vắng")).text).toContain("lý do");
      expect((await answer(u, "Đi khám bệnh")).text).toContain("Đã ghi nhận lý do vắng");
      expect(await invitee()).toMatchObject({ rsvp: "absent", reason: "Đi khám bệnh" });
    },
  },
  {
    name: scenarioNames.sticker,
    async run(w) {
      const { u, groupId } = await leaderInCycle(w, SHORT);
      await u.sendSticker();
      expect((await u.next()).text).toContain("tin nhắn chữ");
      expect(await draftAnswers(w, groupId)).toEqual({});
      expect((await answer(u, "15")).text).toContain("Câu 2/2");
      expect(await draftAnswers(w, groupId)).toEqual({ ho_van_dong: 15 });
    },
  },
  {
    name: "processes an update delivered twice once",
    async run(w) {
      const { u, groupId } = await leaderInCycle(w, EVERY_TYPE, 7);
      expect((await answer(u, "15")).text).toContain("Câu 2/7");
      expect(await u.redeliverLast()).toBe(200);
      expect(await u.staysQuiet(600)).toBe(true);
      // Skipped as already processed: not run again into the processed-update key, 4 times, and an error.
      expect(w.errorsLogged()).toEqual([]);
      expect((await answer(u, "50")).text).toContain("Câu 3/7");
      // Delivered again, "15" would have answered question 2 (a percentage) and moved on.
      expect(await draftAnswers(w, groupId)).toEqual({ ho_van_dong: 15, ty_le: 50 });
    },
  },
  {
    name: "refuses a forged request (wrong secret) with 401 and stores nothing",
    async run(w) {
      const { u, groupId } = await leaderInCycle(w, SHORT);
      const before = { processed: await w.db.processedUpdate.count(), conversations: await w.db.conversation.findMany() };
      expect(await u.forge("99")).toBe(401);
      expect(await u.staysQuiet(400)).toBe(true);
      expect(await w.db.processedUpdate.count()).toBe(before.processed);
      expect(await w.db.conversation.findMany()).toEqual(before.conversations);
      expect(await draftAnswers(w, groupId)).toEqual({});
      expect((await answer(u, "15")).text).toContain("Câu 2/2");
    },
  },
  {
    name: "splits a text over the platform's limit at line breaks, cutting nothing",
    async run(w) {
      const questions = [
        { key: "kien_nghi", text: "Kiến nghị của nhân dân?", type: "text", maxLength: 4000 },
        { key: "y_kien", text: "Ý kiến khác?", type: "text", maxLength: 4000 },
      ];
      const { u, cycleId } = await leaderInCycle(w, questions);
      const long = (topic: string) =>
        Array.from({ length: 50 }, (_, i) => `${topic} ${i + 1}: đề nghị sửa đèn đường, vỉa hè và rãnh thoát nước.`).join("\n");
      const first = long("Kiến nghị");
      const second = long("Ý kiến");
      expect(first.length).toBeGreaterThan(3000);
      expect((await answer(u, first)).text).toContain("Câu 2/2");
      await u.say(second);
      // The review holds both answers: more than any channel takes in one message.
      const parts: Reply[] = [];
      do parts.push(await u.next());
      while (!parts.at(-1)!.text.includes("Nếu đúng, xin chọn"));
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(w.textLimit);
      // Every line arrives whole: a line cut between two messages would not be found here.
      const shown = parts.map((p) => p.text).join("\n");
      for (const line of [...first.split("\n"), ...second.split("\n")]) expect(shown).toContain(line);

      expect((await pick(u, "Gửi")).text).toContain("Đã nhận báo cáo");
      expect((await storedReport(w, cycleId)).answers).toEqual({ kien_nghi: first, y_kien: second });
    },
  },
];
