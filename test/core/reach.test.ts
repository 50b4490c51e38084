import { describe, expect, it } from "vitest";
import { reachOf, type ReachIdentity } from "../../src/core/reach.js";

const account = (channel: string, boundAt: string, unreachable = false): ReachIdentity => ({
  channel,
  address: `${channel}:1`,
  boundAt: new Date(boundAt),
  unreachableAt: unreachable ? new Date("2026-11-20") : null,
});
const telegram = account("telegram", "2026-01-01");
const zalo = account("zalo", "2026-02-01");
const auto = { preferredChannel: null, lastChannel: null };

describe("the one account a person is reached on", () => {
  it("is the chosen channel, else the one used last, else the one bound most recently", () => {
    expect(reachOf([telegram, zalo], { preferredChannel: "telegram", lastChannel: "zalo" })).toBe(telegram);
    expect(reachOf([telegram, zalo], { preferredChannel: null, lastChannel: "telegram" })).toBe(telegram);
    expect(reachOf([telegram, zalo], auto)).toBe(zalo);
  });

  it("passes over a choice or a last channel that is no longer bound", () => {
    expect(reachOf([telegram], { preferredChannel: "zalo", lastChannel: "zalo" })).toBe(telegram);
  });

  it("skips an unreachable account while another is reachable, and falls back to it when none is", () => {
    const blocked = account("telegram", "2026-01-01", true);
    expect(reachOf([blocked, zalo], { preferredChannel: "telegram", lastChannel: "telegram" })).toBe(zalo);
    const gone = account("zalo", "2026-02-01", true);
    expect(reachOf([blocked, gone], { preferredChannel: "telegram", lastChannel: "zalo" })).toBe(blocked);
  });

  it("is nobody for a person bound nowhere", () => {
    expect(reachOf([], { preferredChannel: "zalo", lastChannel: null })).toBeUndefined();
  });
});
