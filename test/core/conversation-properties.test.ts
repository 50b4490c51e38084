import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { engineProperty } from "../fuzz/engine-property.js";
import { Tally, failOnGuardedThrow } from "../fuzz/reply-properties.js";

/**
 * The report conversation driven by generated people (test/fuzz/engine-property.ts): a few
 * hundred conversations of up to 30 replies here, many more in `npm run fuzz`. A failure prints
 * its seed and path: replay with FUZZ_SEED=<seed> FUZZ_PATH=<path>.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const replay = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED), path: process.env.FUZZ_PATH } : {};

let stopListening: () => void;
beforeAll(() => (stopListening = failOnGuardedThrow()));
afterAll(() => stopListening());

describe("the report conversation, on generated forms and replies", () => {
  it("keeps its state consistent and accepts each typed answer exactly as read, or asks again", () => {
    fc.assert(engineProperty(new Tally()), { numRuns: RUNS, ...replay });
  });
});
