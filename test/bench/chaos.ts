/**
 * kill -9 during fan-out and answering (prints figures; not a unit test). Run: npm run bench:chaos
 * Options: --leaders 200 --kills 20 --seed <n> (a random seed is printed when none is given).
 * What it does and counts: test/support/chaos.ts. Targets: 0 lost answers, 0 lost due messages,
 * at most one duplicate per kill.
 */
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { runChaos } from "../support/chaos.js";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const root = fileURLToPath(new URL("../../", import.meta.url));
process.chdir(root); // the server is started from the bundle, by a path relative to the root
const build = spawnSync(process.execPath, ["src/runtime/build.mjs"], { encoding: "utf8" });
if (build.status !== 0) throw new Error(`building the server bundle failed:\n${build.stderr}${build.stdout}`);

const seed = arg("seed", Math.floor(Math.random() * 2 ** 31));
const leaders = arg("leaders", 200);
const kills = arg("kills", 20);
console.log(`wardbot chaos — seed ${seed}, ${leaders} leaders, ${kills} kills; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`);
const f = await runChaos({ leaders, kills, seed, progress: (line) => process.stderr.write(`  ${line}\n`) });
const lostAnswers = f.answers.acknowledged - f.answers.stored;
const lostDue = f.due.messages - f.due.sent;
console.log(`kills (SIGKILL): ${f.kills}; rows left "sending" by the killed processes: ${f.leftSending}; wall time ${(f.wallMs / 1000).toFixed(1)} s`);
console.log(`answers acknowledged (200): ${f.answers.acknowledged}; stored: ${f.answers.stored}; lost: ${lostAnswers}; reports submitted: ${f.reportsSubmitted}/${f.leaders} (values wrong: ${f.answers.valuesWrong})`);
console.log(`due messages: ${f.due.messages}; sent at least once: ${f.due.sent}; lost: ${lostDue}; outbox rows not sent: ${f.outboxNotSent}`);
console.log(`sendMessage calls: ${f.sendMessageCalls}; duplicates: ${f.duplicates} (allowed: ≤ 1 per kill = ${f.kills}); webhook posts retried: ${f.webhookRetries}`);
const ok = f.drained && lostAnswers === 0 && lostDue === 0 && f.outboxNotSent === 0 && f.answers.valuesWrong === 0 && f.reportsSubmitted === f.leaders && f.duplicates <= f.kills;
console.log(ok ? "RESULT: ok" : `RESULT: FAILED${f.drained ? "" : " (not drained in time)"}`);
process.exit(ok ? 0 : 1);
