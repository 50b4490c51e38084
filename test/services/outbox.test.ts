import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError, type Outgoing } from "../../src/channels/channel.js";
import { createLogger } from "../../src/core/logger.js";
import { createDeliverer, DELIVERY } from "../../src/services/outbox.js";
import { queueMessages } from "../../src/services/outbox-queue.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let clock: number;
const now = () => new Date(clock);
let behaviour: (item: Outgoing) => void;
const delivered: string[] = [];
const noPacing = { telegram: { perSecond: 1e9, privateGapMs: 0, groupGapMs: 0 } };

const deliverer = (pacing: Parameters<typeof createDeliverer>[0]["pacing"] = noPacing) =>
  createDeliverer({
    db: t.db,
    now,
    random: () => 0.5,
    log: createLogger("silent"),
    pacing,
    senders: {
      telegram: async (item) => {
        behaviour(item);
        delivered.push(`${item.address} ${item.message.text}`);
      },
    },
  });

const queue = (address: string, ...texts: string[]) =>
  queueMessages(t.db, now(), texts.map((text) => ({ address, message: { text } })));

beforeEach(async () => {
  t = await buildTestApp({ now });
  clock = Date.parse("2026-11-23T01:00:00Z");
  delivered.length = 0;
  behaviour = () => undefined;
});
afterEach(() => t.close());

describe("the outbox", () => {
  it("sends each chat's messages in order and marks them sent", async () => {
    await queue("telegram:1", "a1", "a2", "a3");
    await queue("telegram:2", "b1");
    const d = deliverer();
    while ((await d.deliverDue()) > 0);
    expect(delivered.filter((x) => x.startsWith("telegram:1"))).toEqual(["telegram:1 a1", "telegram:1 a2", "telegram:1 a3"]);
    expect(delivered).toContain("telegram:2 b1");
    expect(await t.db.outboxMessage.count({ where: { status: "sent" } })).toBe(4);
  });

  it("looks past a long queue of one chat for the oldest message of the others", async () => {
    await queue("telegram:1", ...Array.from({ length: 150 }, (_, i) => `a${i}`));
    await queue("telegram:2", "b1");
    await deliverer().deliverDue();
    expect(delivered).toEqual(["telegram:1 a0", "telegram:2 b1"]);
  });

  it("paces one message per second per private chat", async () => {
    await queue("telegram:1", "a1", "a2");
    const d = deliverer({ telegram: { perSecond: 30, privateGapMs: 1000, groupGapMs: 3000 } });
    await d.deliverDue();
    await d.deliverDue();
    expect(delivered).toEqual(["telegram:1 a1"]);
    clock += 1000;
    await d.deliverDue();
    expect(delivered).toEqual(["telegram:1 a1", "telegram:1 a2"]);
  });

  it("waits retry_after on 429 without counting an attempt, and keeps later messages behind it", async () => {
    await queue("telegram:1", "first", "second");
    behaviour = () => {
      throw new DeliveryError({ kind: "retry_after", seconds: 30 });
    };
    const d = deliverer();
    await d.deliverDue();
    const row = await t.db.outboxMessage.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(row.nextAttemptAt.getTime()).toBe(clock + 30_000);
    behaviour = () => undefined;
    clock += 10_000;
    await d.deliverDue();
    expect(delivered).toEqual([]); // "second" may not overtake "first"
    clock += 20_000;
    while ((await d.deliverDue()) > 0);
    expect(delivered).toEqual(["telegram:1 first", "telegram:1 second"]);
  });

  it("retries network errors with growing backoff, then gives up as dead", async () => {
    await queue("telegram:1", "hello");
    behaviour = () => {
      throw new DeliveryError({ kind: "transient", reason: "network: ECONNRESET" });
    };
    const d = deliverer();
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= DELIVERY.maxAttempts; attempt++) {
      await d.deliverDue();
      const row = await t.db.outboxMessage.findFirstOrThrow();
      expect(row.attempts).toBe(attempt);
      if (row.status === "dead") break;
      gaps.push(row.nextAttemptAt.getTime() - clock);
      clock = row.nextAttemptAt.getTime();
    }
    expect(gaps.slice(0, 3)).toEqual([2000, 4000, 8000]);
    const row = await t.db.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ status: "dead", attempts: DELIVERY.maxAttempts, lastError: "network: ECONNRESET" });
    const dead = await t.call("GET", "/api/v1/deliveries?status=dead");
    expect(dead.body).toMatchObject([{ chatId: "1", status: "dead", attempts: DELIVERY.maxAttempts }]);
  });

  it("sends a message's fallback once when it is given up on after retries, and says so on the dead row", async () => {
    // A group's message whose fallback names two chats (a best-effort group's chairs).
    await queueMessages(t.db, now(), [
      { address: "telegram:-100", message: { text: "tổng hợp", fallback: [{ address: "telegram:1", message: { text: "tổng hợp (1)" } }, { address: "telegram:2", message: { text: "tổng hợp (2)" } }] } },
    ]);
    behaviour = (item) => {
      if (item.address === "telegram:-100") throw new DeliveryError({ kind: "transient", reason: "network: ECONNRESET" });
    };
    const d = deliverer();
    for (let attempt = 1; attempt <= DELIVERY.maxAttempts; attempt++) {
      await d.deliverDue();
      const row = await t.db.outboxMessage.findFirstOrThrow({ where: { address: "telegram:-100" } });
      if (row.status === "dead") break;
      expect(delivered).toEqual([]); // no copies while the group may still take it
      clock = row.nextAttemptAt.getTime();
    }
    clock += DELIVERY.channel.maxPauseMs * 2; // the failures paused the channel as a whole
    while ((await d.deliverDue()) > 0);
    expect(delivered.sort()).toEqual(["telegram:1 tổng hợp (1)", "telegram:2 tổng hợp (2)"]);
    const dead = (await t.call("GET", "/api/v1/deliveries?status=dead")).body;
    expect(dead).toMatchObject([{ chatId: "-100", lastError: "network: ECONNRESET; đã gửi thay bằng tin nhắn riêng tới 2 người nhận" }]);
  });

  it("stops at once when the person blocked the bot, marks them unreachable and lists it for admins", async () => {
    const ward = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const group = (await t.call("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ 1" })).body;
    const member = (await t.call("POST", `/api/v1/wards/${ward.id}/members`, { name: "Lê Hoàng Hà", role: "leader", groupId: group.id })).body;
    await t.db.channelIdentity.create({ data: { memberId: member.id, channel: "telegram", externalId: "77", address: "telegram:77" } });
    await queue("telegram:77", "Câu 1/5");
    behaviour = () => {
      throw new DeliveryError({ kind: "permanent", reason: "403 Forbidden: bot was blocked by the user", unreachable: true });
    };
    await deliverer().deliverDue();
    expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: "failed", attempts: 1 });
    expect((await t.db.channelIdentity.findFirstOrThrow()).unreachableReason).toContain("blocked");
    const failed = await t.call("GET", "/api/v1/deliveries?status=failed");
    expect(failed.body).toMatchObject([
      { channel: "telegram", chatId: "77", status: "failed", member: { id: member.id, name: "Lê Hoàng Hà", unreachable: true } },
    ]);
    expect((await t.call("GET", "/api/v1/deliveries?status=lost")).status).toBe(400);
  });

  it("sends again a message left 'sending' by a process that died, and never one already sent", async () => {
    await queue("telegram:1", "interrupted");
    await t.db.outboxMessage.updateMany({ data: { status: "sending", attempts: 1, nextAttemptAt: now() } });
    const d = deliverer();
    await d.deliverDue();
    expect(delivered).toEqual([]); // maybe still being sent elsewhere
    clock += DELIVERY.staleSendingMs + 1000;
    await d.deliverDue();
    expect(delivered).toEqual(["telegram:1 interrupted"]);
    await d.deliverDue();
    expect(delivered).toHaveLength(1);
  });

  it("lets only one of two deliverers send a message", async () => {
    await queue("telegram:1", "once");
    const [a, b] = [deliverer(), deliverer()];
    await Promise.all([a.deliverDue(), b.deliverDue()]);
    expect(delivered).toEqual(["telegram:1 once"]);
  });
});
