import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Tally, failOnGuardedThrow, replyProperties } from "../fuzz/reply-properties.js";

/**
 * The parsers' properties, a thousand generated replies each (npm run fuzz runs them over
 * hundreds of thousands). A failure prints its seed and path: replay it with FUZZ_SEED=<seed>
 * (and FUZZ_PATH=<path>) on this file.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const replay = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED), path: process.env.FUZZ_PATH } : {};

let stopListening: () => void;
beforeAll(() => (stopListening = failOnGuardedThrow()));
afterAll(() => stopListening());

describe("the answer parsers, on generated replies", () => {
  for (const [name, property] of Object.entries(replyProperties(new Tally()))) {
    it(name, () => fc.assert(property, { numRuns: RUNS, ...replay }));
  }
});
