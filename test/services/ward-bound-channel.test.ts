import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { reportingWard, type ReportingWard } from "../support/reporting-ward.js";

/**
 * A channel that belongs to one ward (its own Zalo Official Account) binds only that ward's
 * people: otherwise one ward's prompts would go out through another ward's account.
 */
let t: TestApp;
let ward: ReportingWard;
beforeEach(async () => {
  t = await buildTestApp({ channels: ["telegram", "zalo_oa"] });
  ward = await reportingWard(t, { groupCount: 1 });
});
afterEach(() => t.close());

describe("a ward's own channel", () => {
  it("refuses an invitation code of another ward, and binds one of its own", async () => {
    const chat = chatHarness(t);
    const code = ward.leaders[0]!.invite.code;
    const elsewhere = chat.user("oa-of-another-ward:follower-1", { channel: "zalo_oa", wardId: "another-ward" });
    expect((await elsewhere.say(code)).join("\n")).toContain("của phường khác");
    expect(await t.db.channelIdentity.count()).toBe(0);
    // The code was not spent: the leader binds through the ward's own OA with it.
    const here = chat.user("oa-of-this-ward:follower-1", { channel: "zalo_oa", wardId: ward.wardId });
    expect((await here.say(code)).join("\n")).toContain("Tổ trưởng 1");
    expect(await t.db.channelIdentity.count({ where: { channel: "zalo_oa" } })).toBe(1);
  });
});
