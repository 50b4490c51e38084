/**
 * The Zalo sender and the outbox against the local fake of the Zalo Bot API on 127.0.0.1:
 * text split under 2,000 characters at lines, numbered menus, pictures by URL, and what each
 * platform answer makes the outbox do (429, 401, 403, 5xx, no answer).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/channels/channel.js";
import { zaloApi } from "../../src/channels/zalo/client.js";
import { zaloSender, TOKEN_REFUSED_RETRY_SECONDS } from "../../src/channels/zalo/sender.js";
import { createLogger } from "../../src/core/logger.js";
import { startZaloFake, type ZaloFake } from "../../src/dev/zalo-fake.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { queueMessages } from "../../src/services/outbox-queue.js";
import { freshDatabase } from "../support/database.js";

const TOKEN = "1459232241454765289:sender-test-token";
const CHAT = "6ede9afa66b88fe6d6a9";
let fake: ZaloFake;
let logs: string[];
const sender = () => {
  logs = [];
  return zaloSender(zaloApi({ token: TOKEN, apiRoot: fake.apiRoot, timeoutMs: 2_000 }), createLogger("info", (l) => logs.push(l)));
};

beforeAll(async () => {
  fake = await startZaloFake({ token: TOKEN });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.sent.length = 0;
  fake.calls.length = 0;
});

describe("Zalo sender", () => {
  it("splits text over 2,000 characters at line boundaries, every part accepted by Zalo", async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `Dòng ${i + 1}: Tổ dân phố số ${i + 1} đã gửi báo cáo đầy đủ.`);
    const text = lines.join("\n");
    expect(text.length).toBeGreaterThan(4000);
    await sender()({ address: `zalo:${CHAT}`, message: { text } });
    const parts = fake.sent.map((s) => s.text!);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    // Cut between lines only: every line arrives whole, in order.
    expect(parts.flatMap((p) => p.split("\n"))).toEqual(lines);
  });

  it("shows choices as a numbered menu under the text and sends group messages to the group id", async () => {
    await sender()({
      address: `zalo:g:${CHAT}`,
      message: { text: "Tình hình an ninh trật tự?", choices: [{ label: "Ổn định", value: "a:x:0" }, { label: "Có vụ việc", value: "a:x:1" }] },
    });
    expect(fake.sent).toEqual([
      expect.objectContaining({ chatId: CHAT, text: "Tình hình an ninh trật tự?\n\n1. Ổn định\n2. Có vụ việc\n(Trả lời 1 hoặc 2)" }),
    ]);
  });

  it("sends a picture by its URL before the text, and the text alone when the picture has no URL", async () => {
    const send = sender();
    await send({ address: `zalo:${CHAT}`, message: { text: "Tổng hợp", photo: { filename: "a.png", base64: "", url: "https://example.com/a.png", caption: "Biểu đồ" } } });
    await send({ address: `zalo:${CHAT}`, message: { text: "Chỉ chữ", photo: { filename: "b.png", base64: "AAAA" } } });
    expect(fake.sent.map((s) => [s.method, s.photo ?? s.text])).toEqual([
      ["sendPhoto", "https://example.com/a.png"],
      ["sendMessage", "Tổng hợp"],
      ["sendMessage", "Chỉ chữ"],
    ]);
  });

  it("reports a refused token (401) once, loudly, and keeps the message waiting rather than dropping it", async () => {
    const send = sender();
    fake.failNext("sendMessage", 401, "Unauthorized", 3);
    for (let i = 0; i < 3; i++) {
      const error = await send({ address: `zalo:${CHAT}`, message: { text: "x" } }).catch((e) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error.failure).toEqual({ kind: "retry_after", seconds: TOKEN_REFUSED_RETRY_SECONDS });
    }
    const reports = logs.filter((l) => l.includes("refused ZALO_BOT_TOKEN"));
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!).level).toBe("error");
    expect(reports[0]).not.toContain(TOKEN);
  });

  it("maps 5xx and no answer to transient, 403 to unreachable, a 400 to permanent", async () => {
    const send = sender();
    const failureOf = (p: Promise<unknown>) => p.then(() => undefined, (e: DeliveryError) => e.failure);
    fake.failNext("sendMessage", 502, "Bad Gateway");
    expect(await failureOf(send({ address: `zalo:${CHAT}`, message: { text: "x" } }))).toMatchObject({ kind: "transient" });
    fake.failNext("sendMessage", 403, "Forbidden");
    expect(await failureOf(send({ address: `zalo:${CHAT}`, message: { text: "x" } }))).toMatchObject({ kind: "permanent", unreachable: true });
    fake.failNext("sendMessage", 400, "Bad Request: invalid parameter");
    expect(await failureOf(send({ address: `zalo:${CHAT}`, message: { text: "x" } }))).toMatchObject({ kind: "permanent", unreachable: false });
    const offline = zaloSender(zaloApi({ token: TOKEN, apiRoot: "http://127.0.0.1:9", timeoutMs: 1_000 }), createLogger("silent"));
    expect(await failureOf(offline({ address: `zalo:${CHAT}`, message: { text: "x" } }))).toMatchObject({ kind: "transient" });
  });
});

describe("the outbox on Zalo", () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>["db"];
  let clock: number;
  const deliverer = () =>
    createDeliverer({
      db,
      senders: { zalo: sender() },
      log: createLogger("silent"),
      now: () => new Date(clock),
      random: () => 0.5,
      pacing: { zalo: { perSecond: 1000, privateGapMs: 0, groupGapMs: 0 } },
    });
  beforeEach(async () => {
    ({ db } = await freshDatabase());
    clock = Date.parse("2026-12-01T01:00:00Z");
  });
  afterEach(() => db.$disconnect());

  it("waits after a 429 (Quota exceeded), longer when 429s follow one another, then delivers", async () => {
    const d = deliverer();
    await queueMessages(db, new Date(clock), [{ address: `zalo:${CHAT}`, message: { text: "Kính gửi ông/bà" } }]);
    fake.failNext("sendMessage", 429, "Quota exceeded", 2);
    expect(await d.deliverDue()).toBe(0);
    let row = await db.outboxMessage.findFirstOrThrow();
    expect(row.status).toBe("pending");
    expect(row.nextAttemptAt.getTime() - clock).toBe(5_000);
    clock += 5_000;
    expect(await d.deliverDue()).toBe(0);
    row = await db.outboxMessage.findFirstOrThrow();
    expect(row.nextAttemptAt.getTime() - clock).toBe(10_000);
    clock += 4_000;
    expect(await d.deliverDue()).toBe(0); // not yet
    clock += 6_000;
    expect(await d.deliverDue()).toBe(1);
    expect((await db.outboxMessage.findFirstOrThrow()).status).toBe("sent");
    expect(fake.sent.map((s) => s.text)).toEqual(["Kính gửi ông/bà"]);
  });

  it("marks a person who cannot be reached (403) and does not retry", async () => {
    const ward = await db.unit.create({ data: { kind: "ward", name: "Phường Ngọc Lâm" } });
    const member = await db.member.create({ data: { wardId: ward.id, name: "Trần Thị Nga" } });
    await db.channelIdentity.create({ data: { memberId: member.id, channel: "zalo", externalId: CHAT, address: `zalo:${CHAT}` } });
    await queueMessages(db, new Date(clock), [{ address: `zalo:${CHAT}`, message: { text: "x" } }]);
    fake.block(CHAT);
    expect(await deliverer().deliverDue()).toBe(0);
    expect((await db.outboxMessage.findFirstOrThrow()).status).toBe("failed");
    expect((await db.channelIdentity.findFirstOrThrow()).unreachableAt).not.toBeNull();
  });
});
