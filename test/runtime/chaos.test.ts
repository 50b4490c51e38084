import { describe, expect, it } from "vitest";
import { runChaos } from "../support/chaos.js";

/**
 * A small run of `npm run bench:chaos` (test/support/chaos.ts): the real server killed with
 * SIGKILL three times while a cycle's prompts go out and 20 leaders answer through the webhook.
 * The seed is printed; CHAOS_SEED=<n> replays one.
 */
describe("kill -9 during fan-out and answering", () => {
  it("loses no acknowledged answer and no due message, and sends at most one duplicate per kill", async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`chaos seed ${seed} (CHAOS_SEED=${seed} replays it)`);
    const f = await runChaos({ leaders: 20, kills: 3, seed, uptimeMs: [300, 2000], drainTimeoutMs: 60_000 });

    expect(f.drained).toBe(true);
    expect(f.answers.acknowledged).toBe(20 * 5);
    expect(f.answers.stored).toBe(f.answers.acknowledged);
    expect(f.answers.valuesWrong).toBe(0);
    expect(f.reportsSubmitted).toBe(20);
    expect(f.due.sent).toBe(f.due.messages);
    expect(f.outboxNotSent).toBe(0);
    expect(f.duplicates).toBeLessThanOrEqual(f.kills);
  }, 120_000);
});
