/**
 * A Zalo group is a best-effort summary destination: when the group refuses the post for good,
 * the summary goes 1:1 to the ward's chairs instead, each on the channel that reaches them, and
 * the failed post shows in GET /api/v1/deliveries. Through the fake Zalo Bot API on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";
import { zaloWorld, type ZaloWorld } from "../support/zalo.js";

let w: ZaloWorld;
let ward: ReportingWard;
const GROUP = "e1e1e1e1e1e1e1e1e1e1";
const CHAIR = "d0d0d0d0d0d0d0d0d0d0";

beforeEach(async () => {
  w = await zaloWorld({ mode: "polling" });
  ward = await reportingWard(w as never, { groupCount: 2 });
  const chair = await w.call("POST", `/api/v1/wards/${ward.wardId}/members`, { name: "Nguyễn Văn Tuấn", role: "chair" });
  const tuan = w.user(CHAIR);
  expect(await tuan.say(`mã ${chair.body.invite.code}`)).toContain("Xin chào ông/bà Nguyễn Văn Tuấn");
  await tuan.send("@Bot Phường Ngọc Lâm /dangkynhom", { groupId: GROUP });
  expect((await w.fake.nextBotMessage(GROUP)).text).toContain("Đã đăng ký nhóm này nhận báo cáo tổng hợp");
  expect((await w.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026" })).status).toBe(201);
});
afterEach(() => w.close());

const until = async <T>(probe: () => Promise<T | undefined>, ms = 5_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("the weekly summary and a Zalo group", () => {
  it("goes to the group alone when the group takes it", async () => {
    expect((await w.call("POST", `/api/v1/wards/${ward.wardId}/summaries`, {})).status).toBe(200);
    expect((await w.fake.nextBotMessage(GROUP)).text).toContain("BÁO CÁO TỔNG HỢP TUẦN 48/2026");
    await expect(w.fake.nextBotMessage(CHAIR, 500)).rejects.toThrow();
    const sent = await w.db.outboxMessage.findFirstOrThrow({ where: { address: `zalo:g:${GROUP}` }, orderBy: { createdAt: "desc" } });
    expect(sent.status).toBe("sent");
    expect(sent.payload).not.toHaveProperty("fallback"); // the chairs' copies are not kept once not needed
  });

  it("goes 1:1 to the chairs when the group refuses it (403), and the failure shows in the deliveries", async () => {
    w.fake.block(GROUP);
    const posted = await w.call("POST", `/api/v1/wards/${ward.wardId}/summaries`, {});
    expect(posted.status).toBe(200);
    const copy = await w.fake.nextBotMessage(CHAIR);
    expect(copy.text).toContain("BÁO CÁO TỔNG HỢP TUẦN 48/2026");
    expect(copy.text).toContain(posted.body.text.split("\n")[0]);
    const failed = await until(async () => {
      const list = (await w.call("GET", "/api/v1/deliveries?status=failed")).body as { chatId: string; lastError: string }[];
      return list.find((d) => d.chatId === `g:${GROUP}`);
    });
    expect(failed.lastError).toContain("403");
    expect(failed.lastError).toContain("đã gửi thay bằng tin nhắn riêng tới 1 người nhận");
    // Nothing reached the group.
    expect(w.fake.sent.filter((s) => s.chatId === GROUP && s.text?.includes("BÁO CÁO TỔNG HỢP TUẦN 48/2026"))).toEqual([]);
  });
});
