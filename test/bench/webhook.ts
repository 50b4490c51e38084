/**
 * Webhook benchmark (prints figures; not a test). Run: node --import tsx test/bench/webhook.ts
 *
 * Inbound: Telegram webhook throughput and latency on loopback. 500 bound leaders answer the
 * report form concurrently, each sending its answers one update at a time (as Telegram delivers
 * one update at a time per chat), to the real bundled server (`npm start`'s entry). Next to it,
 * the same load against a bare Hono handler on @hono/node-server in its own process, so the two
 * are compared on the same machine. Target: ≥ 1,000 updates/s with p99 ≤ 50 ms.
 *
 * Outbound: the server does not answer inside the webhook request. Replies are written to the
 * durable outbox in the turn's transaction and a delivery loop sends them to the Bot API paced
 * as Telegram requires (25 messages/s per bot, ≥ 1 s between two messages to a private chat).
 * After the measured run the bench waits until the local fake Bot API has received every expected
 * message, then checks the pacing from its receive timestamps, the order of each leader's
 * messages, the reports, and the outbox table itself.
 *
 * Flow per leader: the cycle opens (the bot prompts question 1), then "12" → "1" (choice) →
 * "bỏ qua" (optional money) → "có" (yes/no) → summary → "gửi" (submitted, receipt).
 * Before the measured run, each side gets one unmeasured round of 500 concurrent updates, then
 * one round of 500 empty bodies (400 before any database work) so that every socket is freshly
 * used when the run starts: the measured run pays no TCP connects (see keepAliveAgent and
 * refreshConnections in webhook/load.ts). For wardbot the
 * warm-up comes from 500 unbound Telegram users saying hello (a full turn: transaction, lookup,
 * a queued welcome), so it does not touch the leaders' reports.
 *
 * Parts: webhook/config.ts (figures, form, script), webhook/fake-bot-api.ts, webhook/load.ts
 * (load generator, bare Hono, CPU), webhook/outbound.ts (drain, pacing, outbox table),
 * webhook/run.ts (the sequence), webhook/report.ts (the printout).
 *
 * Channels: `--channel telegram` (default) is the full run above; `--channel zalo` and
 * `--channel both` measure the inbound side per channel, one after the other in the same run, and
 * print them side by side (webhook/channels.ts); WARDBOT_BENCH_CHANNEL says the same.
 *
 * Environment: WARDBOT_BENCH_SKIP_BUILD=1 skips rebuilding src/.build/node.mjs first;
 * WARDBOT_BENCH_DUMP_SENDS=<file> writes every sendMessage's chat and arrival time (ms after the
 * load stopped) there as JSON, to look at the pacing more closely;
 * WARDBOT_BENCH_SERVER_NODE_OPTIONS is passed to the server as NODE_OPTIONS, e.g.
 * "--import=/path/to/profiler-preload.mjs" to profile it under this load (Node 20 refuses
 * --cpu-prof in NODE_OPTIONS).
 */
import { spawnSync } from "node:child_process";
import { compareChannels, printComparison, type BenchChannel } from "./webhook/channels.js";
import { root } from "./webhook/config.js";
import { printReport } from "./webhook/report.js";
import { runBenchmark } from "./webhook/run.js";

const at = process.argv.indexOf("--channel");
const choice = at > 0 ? process.argv[at + 1] : (process.env.WARDBOT_BENCH_CHANNEL ?? "telegram");
if (choice === "telegram") printReport(await runBenchmark());
else if (choice === "zalo" || choice === "both") {
  process.chdir(root);
  if (process.env.WARDBOT_BENCH_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, ["src/runtime/build.mjs"], { cwd: root, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`building the server bundle failed:\n${build.stderr}${build.stdout}`);
  }
  // Both: in A-B-B-A order, so that a shared machine's load drifting during the run weighs on both alike.
  const channels: BenchChannel[] = choice === "both" ? ["telegram", "zalo", "zalo", "telegram"] : ["zalo"];
  printComparison(await compareChannels(channels));
} else {
  console.error(`--channel must be telegram, zalo or both (got ${JSON.stringify(choice)})`);
  process.exit(2);
}
process.exit(0);
