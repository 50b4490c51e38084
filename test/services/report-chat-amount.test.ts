import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";

/**
 * The money plausibility step, through the real database: "12" for a fund is asked about
 * ("12 đồng, 12.000 đồng hay 12.000.000 đồng?") before anything is recorded.
 */
const FORM = {
  title: "Báo cáo tuần",
  questions: [
    { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0, max: 500 },
    { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
    { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no" },
  ],
};
const CHECK = "Ông/bà ghi “12”. Số tiền là 12 đồng, 12.000 đồng hay 12.000.000 đồng?";

let t: TestApp;
let chat: ReturnType<typeof chatHarness>;
let wardId: string;

beforeEach(async () => {
  t = await buildTestApp();
  chat = chatHarness(t);
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  const groupId = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" })).body.id;
  const leader = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Tuấn", role: "leader", groupId })).body;
  expect((await t.call("PUT", `/api/v1/wards/${wardId}/form`, FORM)).status).toBe(200);
  await chat.user("5001").command("start", leader.invite.code);
});
afterEach(() => t.close());

/** A bound leader at the money question of an open cycle. */
async function atMoneyQuestion(form: { title: string; questions: object[] } = FORM) {
  if (form !== FORM) expect((await t.call("PUT", `/api/v1/wards/${wardId}/form`, form)).status).toBe(200);
  await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" });
  const u = chat.user("5001");
  expect((await u.say("12 hộ"))[0]).toContain("Câu 2/3: Số tiền ủng hộ");
  return u;
}
const draft = async () => (await t.db.report.findFirstOrThrow()).answers as Record<string, unknown>;

describe("a bare small amount of money is checked", () => {
  it("asks which amount was meant, records nothing until a button is pressed, then goes on", async () => {
    const u = await atMoneyQuestion();
    const asked = (await u.say("12"))[0]!;
    expect(asked).toContain("Câu 2/3: Số tiền ủng hộ Quỹ Vì người nghèo?");
    expect(asked).toContain(CHECK);
    expect(asked).toContain("ví dụ: 12.000 hoặc 12 nghìn");
    expect(u.lastChoices().map((c) => c.label)).toEqual(["12 đồng", "12.000 đồng", "12.000.000 đồng", "Bỏ qua", "↩ Quay lại"]);
    expect(await draft()).not.toHaveProperty("quy");

    expect((await u.press(u.lastChoices()[1]!.value))[0]).toContain("Câu 3/3: Tổ có giữ vệ sinh");
    expect((await draft()).quy).toBe(12_000);
  });

  it.each([
    ["12 đồng", 12],
    ["12.000.000 đồng", 12_000_000],
    ["12 nghìn", 12_000],
    ["12 trieu", 12_000_000],
    ["12.000", 12_000],
  ])("takes a typed %j as the answer", async (typed, expected) => {
    const u = await atMoneyQuestion();
    expect((await u.say("12"))[0]).toContain(CHECK);
    expect((await u.say(typed))[0]).toContain("Câu 3/3");
    expect((await draft()).quy).toBe(expected);
  });

  it("does not ask about amounts written in full, with a unit, or zero", async () => {
    const u = await atMoneyQuestion();
    expect((await u.say("12.000"))[0]).toContain("Câu 3/3");
    await u.say("quay lại");
    expect((await u.say("0"))[0]).toContain("Câu 3/3");
    expect((await draft()).quy).toBe(0);
  });

  it("asks again when the same bare number is typed again, and re-asks a vague amount", async () => {
    const u = await atMoneyQuestion();
    await u.say("12");
    expect((await u.say("12"))[0]).toContain(CHECK);
    const vague = (await u.say("khoảng 12 triệu"))[0]!;
    expect(vague).toContain("“khoảng 12 triệu” chưa phải là một con số cụ thể.");
    expect(await draft()).not.toHaveProperty("quy");
  });

  it("pauses with “huỷ”: the unfinished check is not an answer, so resuming asks the question", async () => {
    const u = await atMoneyQuestion();
    await u.say("12");
    expect((await u.say("huỷ"))[0]).toContain("Đã tạm dừng");
    expect(await draft()).not.toHaveProperty("quy");
    const resumed = (await u.command("baocao"))[0]!;
    expect(resumed).toContain("Câu 2/3: Số tiền ủng hộ");
    expect(resumed).not.toContain("Ông/bà ghi");
  });

  it("goes back to the question with “quay lại” and skips with “bỏ qua”", async () => {
    const u = await atMoneyQuestion();
    await u.say("12");
    const back = (await u.say("quay lại"))[0]!;
    expect(back).toContain("Câu 2/3: Số tiền ủng hộ");
    expect(back).not.toContain("Ông/bà ghi");
    expect(back).toContain("Số tiền, ví dụ: 2.500.000");
    expect((await u.say("2tr5"))[0]).toContain("Câu 3/3");
    expect((await draft()).quy).toBe(2_500_000);

    await u.say("quay lại");
    await u.say("12");
    expect((await u.say("bỏ qua"))[0]).toContain("Câu 3/3");
    expect((await draft()).quy).toBeNull();
  });

  it("returns to the summary after a check made while editing from it", async () => {
    const u = await atMoneyQuestion();
    await u.say("500k");
    expect((await u.say("có"))[0]).toContain("Xin ông/bà xem lại báo cáo");
    await u.say("sửa 2");
    expect((await u.say("50"))[0]).toContain("Ông/bà ghi “50”. Số tiền là 50 đồng, 50.000 đồng hay 50.000.000 đồng?");
    const summary = (await u.press(u.lastChoices()[2]!.value))[0]!;
    expect(summary).toContain("→ 50.000.000 đồng");
  });

  it("offers only the readings within the question's bounds, even when 12 itself is out of them", async () => {
    const bounded = {
      ...FORM,
      questions: FORM.questions.map((q) => (q.key === "quy" ? { ...q, min: 1000, max: 100_000_000 } : q)),
    };
    const u = await atMoneyQuestion(bounded);
    expect((await u.say("12"))[0]).toContain("Ông/bà ghi “12”. Số tiền là 12.000 đồng hay 12.000.000 đồng?");
    expect(u.lastChoices().map((c) => c.label)).toEqual(["12.000 đồng", "12.000.000 đồng", "Bỏ qua", "↩ Quay lại"]);
    expect((await u.say("12 đồng"))[0]).toContain("Số tiền phải từ 1.000 đến 100.000.000 đồng.");
  });

  it("treats a check button from an earlier question as stale", async () => {
    const u = await atMoneyQuestion();
    await u.say("12");
    const stale = u.lastChoices()[0]!.value;
    await u.say("12 nghìn");
    expect((await u.press(stale))[0]).toContain("Câu hỏi đó đã qua");
    expect((await draft()).quy).toBe(12_000);
  });

  it("keeps a session stored by the previous engine (v1) going", async () => {
    const u = await atMoneyQuestion();
    const row = await t.db.conversation.findFirstOrThrow({ where: { userId: "5001" } });
    const state = row.state as { session: Record<string, unknown> };
    await t.db.conversation.update({ where: { id: row.id }, data: { state: { ...state, session: { ...state.session, v: 1 } } } });
    expect((await u.say("12"))[0]).toContain(CHECK);
    const stored = (await t.db.conversation.findFirstOrThrow({ where: { userId: "5001" } })).state as any;
    expect(stored.session).toMatchObject({ v: 2, amountCheck: { key: "quy", typed: 12, amounts: [12, 12_000, 12_000_000] } });
  });
});
