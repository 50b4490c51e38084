/**
 * Foundation benchmarks (prints figures; not a test). Run: npm run bench
 *  - cold start: process spawn → first 200 on /healthz, on a new database (migrations applied)
 *    and on an existing one;
 *  - idle RSS as a user measures it: `npm start` (the node process it execs, `ps -o rss=`) 5 s
 *    and 20 s after /healthz first answers, on a new database without a token; with a Telegram
 *    token (webhook mode, a local fake Bot API); and with the token after a warm-up of requests
 *    (webhook updates, admin API reads, the console's page);
 *  - importing a 1,000-row CSV through the HTTP API.
 * Targets on the 2-core machine: start ≤ 1.5 s, idle RSS ≤ 100 MB, import ≤ 2 s.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { runNpmStart, startServer, type ServerProcess } from "../support/process.js";
import { startFakeBotApi } from "./webhook/fake-bot-api.js";
import { BOT_TOKEN, WEBHOOK_SECRET } from "./webhook/config.js";

const TOKEN = "benchmark-admin-token-0123456789";
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** What a user reads: `ps -o rss= -p <pid>` (KiB). */
const rssMb = (pid: number) => Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The node server `npm start` execs (its child: npm runs the script through a shell that execs node). */
const nodeChildOf = (npmPid: number) => {
  const lines = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(npmPid)], { encoding: "utf8" }).trim().split("\n");
  const line = lines.find((l) => l.includes("src/.build/node.mjs"));
  if (!line) throw new Error(`no node server under npm (${npmPid}): ${lines.join(" | ")}`);
  return Number(line.trim().split(/\s+/)[0]);
};

/** `npm start` as a user runs it, until /healthz answers; then RSS of its node process at 5 s and 20 s. */
async function idleRss(env: Record<string, string>, warmUp?: (server: ServerProcess) => Promise<void>) {
  const server = await startServer(env, 30_000, runNpmStart);
  while ((await fetch(`${server.baseUrl}/healthz`).catch(() => null))?.status !== 200) await sleep(20);
  if (warmUp) await warmUp(server);
  const pid = nodeChildOf(server.child.pid!);
  await sleep(5_000);
  const at5 = rssMb(pid);
  await sleep(15_000);
  const at20 = rssMb(pid);
  await server.stop();
  return { at5, at20 };
}

/** 300 webhook updates from unknown users (each a full turn with a queued welcome), 200 admin reads, the console's page. */
async function warmUp(server: ServerProcess) {
  const admin = { authorization: `Bearer ${TOKEN}` };
  for (let i = 0; i < 300; i++) {
    const body = JSON.stringify({
      update_id: i + 1,
      message: { message_id: i + 1, from: { id: 900_000 + i, is_bot: false, first_name: "Khách" }, chat: { id: 900_000 + i, type: "private" }, date: Math.floor(Date.now() / 1000), text: "xin chào" },
    });
    const res = await fetch(`${server.baseUrl}/webhooks/telegram`, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET }, body });
    if (res.status !== 200) throw new Error(`warm-up webhook answered ${res.status}`);
  }
  for (let i = 0; i < 100; i++) {
    await (await fetch(`${server.baseUrl}/api/v1/wards`, { headers: admin })).arrayBuffer();
    await (await fetch(`${server.baseUrl}/api/v1/deliveries?status=pending`, { headers: admin })).arrayBuffer();
  }
  await (await fetch(`${server.baseUrl}/`)).arrayBuffer();
}


async function coldStart(dbUrl: string): Promise<number> {
  const started = performance.now();
  const server = await startServer({ DATABASE_URL: dbUrl, ADMIN_TOKEN: TOKEN });
  for (;;) {
    const res = await fetch(`${server.baseUrl}/healthz`).catch(() => null);
    if (res?.status === 200) break;
  }
  const ms = performance.now() - started;
  await server.stop();
  return ms;
}

function csv(rows: number): string {
  const lines = ["group,role,name,phone"];
  for (let i = 0; i < rows; i++) {
    const group = `Tổ dân phố số ${Math.floor(i / 2) + 1}`;
    lines.push(`${group},${i % 2 ? "trưởng ban CTMT" : "tổ trưởng"},Nguyễn Văn Người ${i + 1},09${String(10_000_000 + i).slice(0, 8)}`);
  }
  return lines.join("\n");
}

async function importBench(dbUrl: string): Promise<number> {
  const server = await startServer({ DATABASE_URL: dbUrl, ADMIN_TOKEN: TOKEN });
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const ward = await (await fetch(`${server.baseUrl}/api/v1/wards`, { method: "POST", headers, body: JSON.stringify({ name: `Phường thử ${run}` }) })).json();
    const body = csv(1000);
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/api/v1/wards/${ward.id}/members/import`, {
      method: "POST",
      headers: { ...headers, "content-type": "text/csv" },
      body,
    });
    const result = await res.json();
    times.push(performance.now() - t0);
    if (result.created !== 1000) throw new Error(`import created ${result.created}`);
  }
  await server.stop();
  return median(times);
}

// What `npm start` runs: the bundle of the current sources (its prestart step).
execFileSync(process.execPath, ["src/runtime/build.mjs"], { stdio: "ignore" });
const dir = mkdtempSync(join(tmpdir(), "wardbot-bench-"));
const fresh: number[] = [];
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const url = `file:${join(dir, `fresh-${i}.db`)}`;
  fresh.push(await coldStart(url));
  warm.push(await coldStart(url));
}
const importMs = await importBench(`file:${join(dir, "import.db")}`);

// Idle RSS, as a user measures it (each case 3 times, a new database each time).
const api = await startFakeBotApi();
const telegram = {
  TELEGRAM_BOT_TOKEN: BOT_TOKEN,
  TELEGRAM_API_ROOT: api.apiRoot,
  TELEGRAM_MODE: "webhook",
  TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
  PUBLIC_URL: "http://127.0.0.1:1",
};
const cases: [string, Record<string, string>, ((s: ServerProcess) => Promise<void>)?][] = [
  ["new database, no token (npm start as cloned)", {}],
  ["with a Telegram token (webhook mode)", telegram],
  ["with the token, after 300 updates + 200 API reads + the console", telegram, warmUp],
];
const idle: { name: string; at5: number[]; at20: number[] }[] = [];
for (const [name, extra, before] of cases) {
  const row = { name, at5: [] as number[], at20: [] as number[] };
  for (let i = 0; i < 3; i++) {
    const url = `file:${join(dir, `idle-${idle.length}-${i}.db`)}`;
    const { at5, at20 } = await idleRss({ DATABASE_URL: url, ADMIN_TOKEN: TOKEN, ...extra }, before);
    row.at5.push(at5);
    row.at20.push(at20);
  }
  idle.push(row);
}
await api.close();

const mb = (xs: number[]) => `median ${median(xs).toFixed(1)} MB (${xs.map((x) => x.toFixed(1)).join(", ")})`;
console.log(`wardbot foundation benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
console.log(`cold start → first 200 /healthz, new database (migrations applied): median ${median(fresh).toFixed(0)} ms (runs: ${fresh.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`cold start → first 200 /healthz, existing database:               median ${median(warm).toFixed(0)} ms (runs: ${warm.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`import of a 1,000-row CSV over HTTP:                               median ${importMs.toFixed(0)} ms`);
for (const row of idle) {
  console.log(`idle RSS (ps -o rss), ${row.name}:`);
  console.log(`    5 s after /healthz: ${mb(row.at5)}; 20 s after: ${mb(row.at20)}`);
}
process.exit(0);
