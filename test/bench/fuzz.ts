/**
 * Fuzzing the answer parsers and the report conversation (prints figures; not a test).
 * Run: npm run fuzz [-- --replies 100000] [-- --seed <n>]
 *
 * The same properties as test/core/parse-properties.test.ts and conversation-properties.test.ts,
 * run until at least `--replies` generated replies were read (100,000 by default). Prints the
 * seed first, then per kind of answer how many replies were accepted and how many asked again,
 * and the time. On a failure it prints the counterexample with its seed and path, and how to
 * replay it, and exits 1.
 */
import fc from "fast-check";
import { engineProperty } from "../fuzz/engine-property.js";
import { Tally, failOnGuardedThrow, replyProperties } from "../fuzz/reply-properties.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const target = Number(arg("replies") ?? 100_000);
const seed = Number(arg("seed") ?? Date.now() % 2 ** 31);

/** Share of the replies given to each property (the rest to the conversation). */
const SHARE: Record<string, number> = {
  "any reply to any question is accepted as a valid value or asked again": 0.35,
  "a text is kept as typed (trimmed, NFC) when it fits, else asked again": 0.05,
};
const ROUND_TRIP_SHARE = 0.05; // each of the other (round-trip) properties
const CONVERSATION_SHARE = 0.3; // ~7 typed answers per conversation, counted as they are read

console.log(`fuzz: seed ${seed}, at least ${target.toLocaleString("en")} replies`);
failOnGuardedThrow();
const tally = new Tally();
const started = performance.now();
const timings: [string, number, number][] = [];

function run(name: string, property: fc.IProperty<unknown[]>, runs: number, runSeed = seed) {
  const from = performance.now();
  const before = tally.total;
  const details = fc.check(property, { numRuns: runs, seed: runSeed });
  if (details.failed) {
    console.error(`\nFAILED: ${name}`);
    console.error(fc.defaultReportMessage(details) ?? String(details.errorInstance));
    console.error(`\nReplay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} npx vitest run --config test/vitest.config.ts test/core/*-properties.test.ts`);
    process.exit(1);
  }
  timings.push([name, tally.total - before, performance.now() - from]);
}

for (const [name, property] of Object.entries(replyProperties(tally)))
  run(name, property, Math.ceil(target * (SHARE[name] ?? ROUND_TRIP_SHARE)));
// The conversation: run batches until the replies it read bring the total to the target.
const conversation = engineProperty(tally);
let conversations = 0;
const conversationStart = tally.total;
while (tally.total < target || tally.total - conversationStart < target * CONVERSATION_SHARE) {
  // Each batch its own seed (derived from the run's): the same seed would repeat the same conversations.
  run("the report conversation keeps its state and reads answers exactly", conversation, 500, (seed + conversations + 1) | 0);
  conversations += 500;
}

const seconds = (performance.now() - started) / 1000;
console.log(`\n${"kind of answer".padEnd(16)}${"accepted".padStart(12)}${"asked again".padStart(14)}`);
for (const [kind, c] of [...tally.counts].sort()) console.log(`${kind.padEnd(16)}${c.accepted.toLocaleString("en").padStart(12)}${c.asked.toLocaleString("en").padStart(14)}`);
console.log(`${"total".padEnd(16)}${tally.total.toLocaleString("en").padStart(26)}`);
console.log(`\nproperty runs:`);
const merged = new Map<string, [number, number]>();
for (const [name, replies, ms] of timings) {
  const m = merged.get(name) ?? [0, 0];
  merged.set(name, [m[0] + replies, m[1] + ms]);
}
for (const [name, [replies, ms]] of merged) console.log(`  ${replies.toLocaleString("en").padStart(9)} replies ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
console.log(`\n${tally.total.toLocaleString("en")} replies (${conversations.toLocaleString("en")} conversations) in ${seconds.toFixed(1)} s, seed ${seed}: no failure`);
