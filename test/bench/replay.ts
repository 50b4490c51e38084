/**
 * Replay benchmark (prints figures; not a test). Run: npm run bench:replay [-- --deliveries 10000] [-- --seed <n>]
 *
 * Telegram-shaped updates of many leaders answering a report, each delivered 1–3 times, the
 * extra deliveries at once or late (after the chat's later updates), over real HTTP on
 * 127.0.0.1 to the app's webhook route: what is assumed of Telegram's order is written in
 * test/support/replay.ts. Checks that each update was processed exactly once: the processed
 * ids, every leader's submitted answers, one reply per processed update (in the outbox, in
 * order), the conversations' versions, and no error logged. Exits 1 when a check fails.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/core/logger.js";
import { openMigratedDatabase } from "../../src/db/prepare.js";
import { UPDATES_PER_LEADER, runReplay } from "../support/replay.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const deliveries = Number(arg("deliveries") ?? 10_000);
const seed = Number(arg("seed") ?? Date.now() % 2 ** 31);
// Two deliveries per update on average.
const leaders = Math.ceil(deliveries / 2 / UPDATES_PER_LEADER);

console.log(`replay: seed ${seed}, ${leaders} leaders × ${UPDATES_PER_LEADER} updates, ~${deliveries.toLocaleString("en")} deliveries`);
const url = `file:${join(mkdtempSync(join(tmpdir(), "wardbot-replay-")), "replay.db")}`;
const r = await runReplay({ leaders, seed, open: () => openMigratedDatabase({ url }, silentLogger) });
const line = (label: string, value: string | number, ok = true) => console.log(`${ok ? " " : "✗"} ${label.padEnd(48)} ${value}`);
line("updates", r.updates.toLocaleString("en"));
line("deliveries (HTTP POSTs)", r.deliveries.toLocaleString("en"));
line("  extra deliveries at once (concurrent)", r.duplicates.atOnce.toLocaleString("en"));
line("  extra deliveries late", r.duplicates.late.toLocaleString("en"));
line("  of which after a later update of the chat", r.duplicates.afterLaterUpdateOfChat.toLocaleString("en"));
line("HTTP statuses", JSON.stringify(r.statuses), Object.keys(r.statuses).join() === "200");
line("time, deliveries/s", `${r.seconds.toFixed(1)} s, ${Math.round(r.deliveries / r.seconds)}/s`);
line("processed update ids (distinct, as expected)", `${r.processedIds.toLocaleString("en")} (${r.processedIdsDistinctAndExpected ? "yes" : "NO"})`, r.processedIdsDistinctAndExpected);
line("reports submitted with the expected answers", `${r.reportsAsExpected}/${leaders}`, r.reportsAsExpected === leaders);
line("chats with one reply per update, in order", `${r.repliesPerUpdateOk}/${leaders}`, r.repliesPerUpdateOk === leaders);
line("conversations at version 1 + updates", `${r.versionsOk}/${leaders}`, r.versionsOk === leaders);
line("errors logged", r.errorsLogged.length, r.errorsLogged.length === 0);
for (const p of r.problems) console.log(`  ${p}`);
const ok = Object.keys(r.statuses).join() === "200" && r.processedIdsDistinctAndExpected && r.reportsAsExpected === leaders && r.repliesPerUpdateOk === leaders && r.versionsOk === leaders && !r.errorsLogged.length;
console.log(ok ? `\nevery update processed exactly once (seed ${seed})` : `\nFAILED (replay with --seed ${seed})`);
process.exit(ok ? 0 : 1);
