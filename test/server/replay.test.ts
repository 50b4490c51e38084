import { describe, expect, it } from "vitest";
import { freshDatabase } from "../support/database.js";
import { UPDATES_PER_LEADER, runReplay } from "../support/replay.js";

/**
 * Telegram deliveries replayed with duplicates and stale redeliveries over real HTTP (see
 * test/support/replay.ts for what is assumed of Telegram's order). npm run bench:replay runs
 * 10,000 deliveries; here a few hundred. A failure prints the seed: REPLAY_SEED=<seed> replays it.
 */
const seed = Number(process.env.REPLAY_SEED ?? Date.now() % 2 ** 31);
const leaders = Number(process.env.REPLAY_LEADERS ?? 30);

describe("webhook replay", () => {
  it(`processes each update once among duplicated and reordered deliveries (seed ${seed})`, async () => {
    const r = await runReplay({ leaders, seed, open: async () => (await freshDatabase()).db });
    const context = `seed ${seed}: ${JSON.stringify({ ...r, errorsLogged: r.errorsLogged.slice(0, 2) })}`;
    expect(r.deliveries, context).toBeGreaterThan(r.updates * 1.5);
    expect(r.duplicates.afterLaterUpdateOfChat, context).toBeGreaterThan(0);
    expect(r.statuses, context).toEqual({ 200: r.deliveries });
    expect(r.processedIds, context).toBe(leaders * UPDATES_PER_LEADER);
    expect(r.processedIdsDistinctAndExpected, context).toBe(true);
    expect(r.reportsAsExpected, context).toBe(leaders);
    expect(r.repliesPerUpdateOk, context).toBe(leaders);
    expect(r.versionsOk, context).toBe(leaders);
    expect(r.errorsLogged, context).toEqual([]);
  }, 60_000);
});
