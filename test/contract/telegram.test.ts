/** The channel contract (scenarios.ts) on Telegram: the telegram-test-api emulator and the real webhook. */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ContractWorld } from "./driver.js";
import { scenarios } from "./scenarios.js";
import { startTelegramContractWorld } from "./telegram-driver.js";

let world: ContractWorld;
beforeAll(async () => {
  world = await startTelegramContractWorld();
});
afterAll(() => world?.close());

describe("the channel contract on Telegram", () => {
  for (const scenario of scenarios) it(scenario.name, () => scenario.run(world), 30_000);
});
