import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";
import { webhookReceiver } from "../support/webhook-receiver.js";
import { createLogger } from "../../src/core/logger.js";
import { DELIVERY } from "../../src/services/outbox.js";
import { createWebhookDeliverer } from "../../src/services/webhook-delivery.js";

let t: TestApp;
let ward: ReportingWard;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let clock: Date;
const now = () => clock;

beforeEach(async () => {
  clock = new Date();
  t = await buildTestApp({ webhooksAllowPrivate: true, now });
  ward = await reportingWard(t, { groupCount: 1 });
});
afterEach(async () => {
  await receiver?.close();
  await t.close();
});

const deliverer = (allowPrivate = true, resolve?: (host: string) => Promise<string[]>) =>
  createWebhookDeliverer({ db: t.db, log: createLogger("silent"), allowPrivate, now, random: () => 0.5, resolve });

async function register(url: string) {
  const res = await t.call("POST", `/api/v1/wards/${ward.wardId}/webhooks`, { url });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; secret: string; url: string };
}

const ANSWERS = { ho_van_dong: "12 hộ", antt: "ổn định", ve_sinh: "có" };

describe("signed outbound webhooks", () => {
  it("sends each submission, edit, cycle close and summary, signed so an independent receiver verifies it", async () => {
    receiver = await webhookReceiver({ now });
    const hook = await register(receiver.url);
    receiver.useSecret(hook.secret);
    expect(hook.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    // Shown once: not in the list, and not readable in the database either (sealed).
    const listed = await t.call("GET", `/api/v1/wards/${ward.wardId}/webhooks`);
    expect(listed.body).toEqual([{ id: hook.id, wardId: ward.wardId, url: receiver.url, createdBy: expect.any(String), createdAt: expect.any(String) }]);
    expect(JSON.stringify(await t.db.webhook.findMany())).not.toContain(hook.secret.slice(6));

    // A leader submits in chat, then the office corrects it, closes the cycle and posts the summary.
    const chat = chatHarness(t, now);
    const u = chat.user("5001");
    await u.command("start", ward.leaders[0]!.invite.code);
    const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { label: "Tuần 48/2026" })).body;
    for (const answer of ["12", "ổn định", "bỏ qua", "có", "bỏ qua"]) await u.say(answer);
    expect((await u.press("c:send"))[0]).toContain("Đã nhận báo cáo");
    const reportId = cycle.groups[0].reports[0].id;
    expect((await t.call("PUT", `/api/v1/cycles/${cycle.id}/reports/${reportId}`, { answers: { ...ANSWERS, ho_van_dong: "14" }, reason: "Tổ trưởng báo sửa qua điện thoại" })).status).toBe(200);
    expect((await t.call("POST", `/api/v1/cycles/${cycle.id}/close`)).status).toBe(200);
    expect((await t.call("POST", `/api/v1/wards/${ward.wardId}/summaries`, {})).status).toBe(200);

    expect(await deliverer().deliverDue()).toBe(4);
    expect(receiver.received.map((r) => [r.verified, r.why, r.event.type])).toEqual([
      [true, undefined, "report.submitted"],
      [true, undefined, "report.edited"],
      [true, undefined, "cycle.closed"],
      [true, undefined, "summary.posted"],
    ]);
    const [submitted, edited] = receiver.received.map((r) => r.event);
    expect(submitted).toEqual({
      id: expect.any(String), type: "report.submitted", occurredAt: expect.any(String), wardId: ward.wardId,
      data: expect.objectContaining({ reportId, cycleId: cycle.id, groupName: "Tổ dân phố số 1", via: "telegram", answers: expect.objectContaining({ ho_van_dong: 12 }) }),
    });
    expect(edited.data).toMatchObject({ reportId, answers: { ho_van_dong: 14 } });
    expect(receiver.received[0]!.headers["x-wardbot-event"]).toBe("report.submitted");
    // Personal data stays here: the leader's name is in no event.
    for (const r of receiver.received) expect(r.body).not.toContain("Tổ trưởng 1");

    const sent = (await t.db.outboxMessage.findMany({ where: { channel: "webhook" } })).every((m) => m.status === "sent");
    expect(sent).toBe(true);
    const deliveries = (await t.call("GET", "/api/v1/deliveries?status=sent")).body.filter((d: any) => d.channel === "webhook");
    expect(deliveries).toHaveLength(4);
    expect(deliveries[0]).toMatchObject({ chatId: hook.id, status: "sent", member: null });

    // Removed: nothing more goes to it.
    expect((await t.call("DELETE", `/api/v1/webhooks/${hook.id}`)).status).toBe(200);
    await t.call("POST", `/api/v1/cycles/${cycle.id}/lock`);
    await t.call("POST", `/api/v1/cycles/${cycle.id}/reopen`);
    await t.call("POST", `/api/v1/wards/${ward.wardId}/summaries`, {});
    expect(await deliverer().deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(4);
  });

  it("a receiver's check rejects a forged or replayed event", async () => {
    receiver = await webhookReceiver({ now });
    const hook = await register(receiver.url);
    receiver.useSecret("whsec_not-the-secret");
    const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, {})).body;
    await t.call("PUT", `/api/v1/cycles/${cycle.id}/reports/${cycle.groups[0].reports[0].id}`, { answers: ANSWERS, reason: "Qua điện thoại" });
    await deliverer().deliverDue();
    expect(receiver.received.map((r) => r.why)).toEqual(["signature does not match"]);
    // With the right secret, the retry (signed afresh) passes.
    receiver.useSecret(hook.secret);
    clock = new Date(clock.getTime() + 60 * 60_000);
    await deliverer().deliverDue();
    const good = receiver.received.at(-1)!;
    expect(good.verified).toBe(true);
    // The same request replayed 6 minutes later is refused; so is a changed body.
    clock = new Date(clock.getTime() + 6 * 60_000);
    const signature = good.headers["x-wardbot-signature"] as string;
    await fetch(receiver.url, { method: "POST", headers: { "x-wardbot-signature": signature }, body: good.body });
    clock = new Date(clock.getTime() - 6 * 60_000);
    await fetch(receiver.url, { method: "POST", headers: { "x-wardbot-signature": signature }, body: good.body.replace('"ho_van_dong":12', '"ho_van_dong":99') });
    expect(receiver.received.slice(-2).map((r) => r.why)).toEqual(["older than 5 minutes", "signature does not match"]);
  });

  it("retries with backoff on a 500 and gives up (dead) after the limit, shown in deliveries", async () => {
    receiver = await webhookReceiver({ now, statuses: Array(DELIVERY.maxAttempts).fill(500) });
    receiver.useSecret((await register(receiver.url)).secret);
    const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, {})).body;
    await t.call("PUT", `/api/v1/cycles/${cycle.id}/reports/${cycle.groups[0].reports[0].id}`, { answers: ANSWERS, reason: "Qua điện thoại" });
    const d = deliverer();
    await d.deliverDue();
    let row = (await t.db.outboxMessage.findFirstOrThrow({ where: { channel: "webhook" } }));
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "the receiver answered HTTP 500" });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(clock.getTime());
    // Not before its backoff.
    await d.deliverDue();
    expect(receiver.received).toHaveLength(1);
    for (let i = 1; i < DELIVERY.maxAttempts; i++) {
      clock = new Date(row.nextAttemptAt.getTime() + 1);
      await d.deliverDue();
      row = await t.db.outboxMessage.findFirstOrThrow({ where: { channel: "webhook" } });
    }
    expect(receiver.received).toHaveLength(DELIVERY.maxAttempts);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(row).toMatchObject({ status: "dead", attempts: DELIVERY.maxAttempts });
    clock = new Date(clock.getTime() + 24 * 3600_000);
    await d.deliverDue();
    expect(receiver.received).toHaveLength(DELIVERY.maxAttempts);
    const dead = (await t.call("GET", "/api/v1/deliveries?status=dead")).body;
    expect(dead).toEqual([expect.objectContaining({ channel: "webhook", status: "dead", attempts: DELIVERY.maxAttempts, lastError: "the receiver answered HTTP 500" })]);
  });
});

describe("webhook targets", () => {
  it("refuses private, loopback and plain-HTTP addresses unless the server allows private targets, naming the field", async () => {
    const strict = await buildTestApp();
    try {
      const wardId = (await strict.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body.id;
      for (const url of ["https://127.0.0.1/x", "http://127.0.0.1:9/x", "https://10.1.2.3/x", "https://192.168.1.10/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://localhost/x", "http://example.org/x", "not a url"]) {
        const res = await strict.call("POST", `/api/v1/wards/${wardId}/webhooks`, { url });
        expect(res.status, url).toBe(400);
        expect(res.body.error.details, url).toEqual([{ field: "url", code: expect.stringMatching(/^invalid_(value|format)$/), message: expect.stringMatching(/^Địa chỉ webhook /) }]);
      }
      expect(await strict.db.webhook.count()).toBe(0);
      expect((await strict.call("POST", `/api/v1/wards/${wardId}/webhooks`, { url: "https://hooks.example.org/wardbot" })).status).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it("refuses at send time a name that resolves to a private address, and a private target once the flag is off", async () => {
    receiver = await webhookReceiver({ now });
    await register("https://hooks.example.org/wardbot");
    await register(receiver.url);
    const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, {})).body;
    await t.call("PUT", `/api/v1/cycles/${cycle.id}/reports/${cycle.groups[0].reports[0].id}`, { answers: ANSWERS, reason: "Qua điện thoại" });
    const resolved: string[] = [];
    await deliverer(false, async (host) => (resolved.push(host), ["127.0.0.1"])).deliverDue();
    expect(resolved).toEqual(["hooks.example.org"]);
    expect(receiver.received).toEqual([]);
    const rows = await t.db.outboxMessage.findMany({ where: { channel: "webhook" }, orderBy: { address: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(rows.map((r) => r.lastError).sort()).toEqual([
      expect.stringContaining("là địa chỉ nội bộ"),
      expect.stringContaining("trỏ tới một địa chỉ nội bộ"),
    ]);
    const failed = (await t.call("GET", "/api/v1/deliveries?status=failed")).body;
    expect(failed.filter((d: any) => d.channel === "webhook")).toHaveLength(2);
  });
});
