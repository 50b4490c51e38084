import { describe, expect, it } from "vitest";
import { ChannelHealth, SendPacer } from "../../src/core/send-pacing.js";

describe("SendPacer", () => {
  it("never lets more than perSecond messages go in any one-second span, across window edges", () => {
    const pacer = new SendPacer({ perSecond: 3, privateGapMs: 0, groupGapMs: 0 });
    const sent: number[] = [];
    // Try to send every 100 ms to a new chat for three seconds.
    for (let t = 0; t < 3000; t += 100) if (pacer.tryTake(`c${t}`, false, t)) sent.push(t);
    const busiest = Math.max(...sent.map((s) => sent.filter((x) => x >= s && x < s + 1000).length));
    expect(busiest).toBe(3);
    expect(sent.length).toBe(9);
  });

  it("does not let a burst at the end of one second and another at the start of the next add up", () => {
    const pacer = new SendPacer({ perSecond: 3, privateGapMs: 0, groupGapMs: 0 });
    const sent = [0, 900, 950, 1000, 1050, 1100, 1150].filter((t) => pacer.tryTake(`c${t}`, false, t));
    const busiest = Math.max(...sent.map((s) => sent.filter((x) => x >= s && x < s + 1000).length));
    expect(busiest).toBeLessThanOrEqual(3);
  });

  it("tells how long until the bot's rate lets the next message go", () => {
    const pacer = new SendPacer({ perSecond: 2, privateGapMs: 1000, groupGapMs: 3000 });
    expect(pacer.waitMs(0)).toBe(0);
    pacer.tryTake("a", false, 0);
    expect(pacer.waitMs(100)).toBe(0);
    pacer.tryTake("b", false, 300);
    expect(pacer.waitMs(400)).toBe(600); // the first send leaves the one-second window at 1000
    expect(pacer.waitMs(1000)).toBe(0);
  });

  it("keeps the gap per chat, longer in groups", () => {
    const pacer = new SendPacer({ perSecond: 100, privateGapMs: 1000, groupGapMs: 3000 });
    expect(pacer.tryTake("a", false, 0)).toBe(true);
    expect(pacer.chatReady("a", false, 999)).toBe(false);
    expect(pacer.tryTake("a", false, 1000)).toBe(true);
    expect(pacer.tryTake("g", true, 0)).toBe(true);
    expect(pacer.tryTake("g", true, 2000)).toBe(false);
    expect(pacer.tryTake("g", true, 3000)).toBe(true);
  });
});

describe("ChannelHealth", () => {
  const rules = { downAfter: 3, basePauseMs: 5000, maxPauseMs: 300_000 };
  const noJitter = () => 0.5;

  it("takes a channel as down after a few transient failures in a row, pausing it longer each time, up to a cap", () => {
    const health = new ChannelHealth(rules);
    expect(health.failedTransiently(0, noJitter)).toBeUndefined();
    expect(health.failedTransiently(0, noJitter)).toBeUndefined();
    expect(health.waitMs(0)).toBe(0);
    expect(health.failedTransiently(0, noJitter)).toBe(5000);
    expect(health.waitMs(1000)).toBe(4000);
    expect(health.failedTransiently(5000, noJitter)).toBe(15_000); // 10 s more
    for (let i = 0; i < 10; i++) health.failedTransiently(0, noJitter);
    expect(health.waitMs(0)).toBe(300_000);
  });

  it("is up again after one success, and waits what the platform asks", () => {
    const health = new ChannelHealth(rules);
    health.failedTransiently(0, noJitter);
    health.failedTransiently(0, noJitter);
    health.succeeded();
    expect(health.failedTransiently(0, noJitter)).toBeUndefined();
    health.pauseUntil(30_000);
    expect(health.waitMs(10_000)).toBe(20_000);
  });
});
