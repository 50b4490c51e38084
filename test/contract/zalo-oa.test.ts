/** The channel contract (scenarios.ts) on a ward's Zalo Official Account: the fake OA API and the real webhook. */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ContractWorld } from "./driver.js";
import { scenarios } from "./scenarios.js";
import { startZaloOaContractWorld } from "./zalo-oa-driver.js";

let world: ContractWorld;
beforeAll(async () => {
  world = await startZaloOaContractWorld();
});
afterAll(() => world?.close());

describe("the channel contract on Zalo OA", () => {
  for (const scenario of scenarios) it(scenario.name, () => scenario.run(world), 30_000);
});
