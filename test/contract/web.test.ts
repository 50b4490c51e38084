/** The channel contract (scenarios.ts) on the web channel: the console's chat simulator over the real admin API. */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ContractWorld } from "./driver.js";
import { scenarios } from "./scenarios.js";
import { startWebContractWorld } from "./web-driver.js";

let world: ContractWorld;
beforeAll(async () => {
  world = await startWebContractWorld();
});
afterAll(() => world?.close());

describe("the channel contract on the web (chat simulator)", () => {
  for (const scenario of scenarios) {
    it(scenario.name, async (t) => {
      const why = world.notApplicable?.[scenario.name];
      if (why) return t.skip(`not applicable: ${why}`);
      await scenario.run(world);
    }, 30_000);
  }
});
