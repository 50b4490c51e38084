/** The channel contract (scenarios.ts) on the Zalo Bot Platform: the fake Zalo Bot API and the real webhook. */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ContractWorld } from "./driver.js";
import { scenarios } from "./scenarios.js";
import { startZaloContractWorld } from "./zalo-driver.js";

let world: ContractWorld;
beforeAll(async () => {
  world = await startZaloContractWorld();
});
afterAll(() => world?.close());

describe("the channel contract on Zalo", () => {
  for (const scenario of scenarios) it(scenario.name, () => scenario.run(world), 30_000);
});
