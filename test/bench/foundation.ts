/**
 * Foundation benchmarks (prints figures; not a test). Run: npm run bench
 *  - cold start: process spawn → first 200 on /healthz, on a new database (migrations applied)
 *    and on an existing one;
 *  - idle RSS a few seconds after start;
 *  - importing a 1,000-row CSV through the HTTP API.
 * Targets on the 2-core machine: start ≤ 1.5 s, idle RSS ≤ 120 MB, import ≤ 2 s.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../support/process.js";

const TOKEN = "benchmark-admin-token-0123456789";
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;


async function coldStart(dbUrl: string): Promise<{ ms: number; rss: number }> {
  const started = performance.now();
  const server = await startServer({ DATABASE_URL: dbUrl, ADMIN_TOKEN: TOKEN });
  for (;;) {
    const res = await fetch(`${server.baseUrl}/healthz`).catch(() => null);
    if (res?.status === 200) break;
  }
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 3000));
  const rss = rssMb(server.child.pid!);
  await server.stop();
  return { ms, rss };
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

const dir = mkdtempSync(join(tmpdir(), "wardbot-bench-"));
const fresh: number[] = [];
const warm: number[] = [];
const rss: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const url = `file:${join(dir, `fresh-${i}.db`)}`;
  const a = await coldStart(url);
  fresh.push(a.ms);
  const b = await coldStart(url);
  warm.push(b.ms);
  rss.push(b.rss);
}
const importMs = await importBench(`file:${join(dir, "import.db")}`);

console.log(`wardbot foundation benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`);
console.log(`cold start → first 200 /healthz, new database (migrations applied): median ${median(fresh).toFixed(0)} ms (runs: ${fresh.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`cold start → first 200 /healthz, existing database:               median ${median(warm).toFixed(0)} ms (runs: ${warm.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`idle RSS 3 s after start:                                          median ${median(rss).toFixed(1)} MB`);
console.log(`import of a 1,000-row CSV over HTTP:                               median ${importMs.toFixed(0)} ms`);
