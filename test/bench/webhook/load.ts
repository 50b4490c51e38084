/**
 * The inbound load: N virtual chats posting Telegram updates, each one after another (as Telegram
 * delivers one update at a time per chat); the bare Hono baseline; CPU and memory of a process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { CONCURRENCY, OFFERED_RATE, REQUEST_TIMEOUT_MS, root } from "./config.js";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const CLK_TCK = 100; // Linux USER_HZ
/** User + system CPU time of a process, in ms (Linux /proc). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
const clientCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface Target {
  port: number;
  path: string;
  headers: Record<string, string>;
}

interface Sample {
  ms: number;
  status: number;
  body: string;
  /** Whether the request went on a new TCP connection rather than a kept-alive one. */
  newConnection: boolean;
}

/**
 * Keep-alive sockets, as many as there are chats. The agent's timeout is there for idle sockets:
 * only with one does Node (20) apply the server's `Keep-Alive: timeout=5` hint and drop an idle
 * socket a second before the server would; without it, a socket left idle ~6 s (e.g. freed early
 * in a long warm-up) is reused just as the server closes it, and the request fails (ECONNRESET,
 * "socket hang up"). It must differ from the requests' own timeout: Node resets a reused socket's
 * timeout to the request's only when the two differ, else the 4-s idle timeout stays on it and
 * cuts requests that wait longer than 4 s for their answer.
 */
export const keepAliveAgent = (sockets: number) =>
  new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, timeout: REQUEST_TIMEOUT_MS + 1_000 });

export function post(agent: Agent, target: Target, body: string): Promise<Sample> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(
      {
        host: "127.0.0.1",
        port: target.port,
        path: target.path,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...target.headers },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (data += d));
        res.on("end", () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, body: data, newConnection: !req.reusedSocket }));
        res.on("error", () => resolve({ ms: performance.now() - started, status: 0, body: "", newConnection: !req.reusedSocket }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (error) =>
      resolve({ ms: performance.now() - started, status: 0, body: `${error.message} (${req.reusedSocket ? "kept-alive" : "new"} socket)`, newConnection: !req.reusedSocket }),
    );
    req.end(body);
  });
}

/**
 * Brings all `sockets` connections back to "just used" right before a measured run: one
 * concurrent round of an empty JSON body, which the webhook rejects (400) before any database
 * work. A long warm-up otherwise leaves its early sockets idle past the keep-alive hint; they are
 * then replaced during the run, and on a saturated server a request on a new connection waits
 * until the load subsides (seen: ~20 s), which would say more about the warm-up than the run.
 */
export async function refreshConnections(agent: Agent, target: Target, sockets: number) {
  const started = performance.now();
  const samples = await Promise.all(Array.from({ length: sockets }, () => post(agent, target, "{}")));
  const statuses = new Map<number, number>();
  for (const x of samples) statuses.set(x.status, (statuses.get(x.status) ?? 0) + 1);
  return { ms: performance.now() - started, statuses, newConnections: samples.filter((x) => x.newConnection).length };
}

let nextUpdateId = 1;
let nextMessageId = 1;
/** The body a platform posts to the webhook for one text message of this user. */
export type UpdateBody = (userId: number, name: string, text: string) => string;

export function telegramUpdate(userId: number, firstName: string, text: string): string {
  const date = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      from: { id: userId, is_bot: false, first_name: firstName, language_code: "vi" },
      chat: { id: userId, first_name: firstName, type: "private" },
      date,
      text,
    },
  });
}

export interface LoadResult {
  requests: number;
  /** performance.now() at the first request and after the last answer. */
  startedAt: number;
  endedAt: number;
  wallMs: number;
  latencies: number[]; // sorted
  non200: Map<number, number>;
  badBodies: number;
  examples: string[];
  /** Requests that had to open a TCP connection (the rest reused a kept-alive one), and their latencies (sorted). */
  newConnections: number;
  newConnectionLatencies: number[];
}

/** A Zalo user's id for a bench user number: 20 hex characters, as Zalo's are (opaque strings). */
export const zaloUserId = (userId: number) => userId.toString(16).padStart(20, "0");

/** A Zalo text message as the webhook receives it (the flat shape seen live). */
export function zaloUpdate(userId: number, name: string, text: string): string {
  const id = zaloUserId(userId);
  return JSON.stringify({
    event_name: "message.text.received",
    message: {
      from: { id, display_name: name, is_bot: false },
      chat: { id, chat_type: "PRIVATE" },
      message_id: (nextMessageId++).toString(16).padStart(20, "0"),
      date: Date.now(),
      text,
    },
  });
}

/** Runs `chats` virtual chats, CONCURRENCY at a time; each sends steps.length updates in turn. */
export async function driveWith(
  agent: Agent,
  target: Target,
  chats: number[],
  steps: ((chatIndex: number) => string)[],
  body: UpdateBody = telegramUpdate,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const non200 = new Map<number, number>();
  let badBodies = 0;
  const newConnectionLatencies: number[] = [];
  const examples: string[] = [];
  const startedAt = performance.now();
  const at = () => `+${((performance.now() - startedAt) / 1000).toFixed(2)} s`;
  // At most CONCURRENCY chats at once (one request in flight each), as a bot's webhook
  // connections allow; each worker takes the next chat when its current one is done.
  let next = 0;
  // With an offered rate, request r is due at r / OFFERED_RATE s; its latency counts from then
  // (a request held back by a slow server's busy connections waits in that latency too).
  let ticket = 0;
  const worker = async () => {
    for (let index = next++; index < chats.length; index = next++) {
      const userId = chats[index]!;
      for (const step of steps) {
        const due = OFFERED_RATE ? startedAt + (ticket++ * 1000) / OFFERED_RATE : undefined;
        if (due !== undefined && due > performance.now()) await sleep(due - performance.now());
        const sample = await post(agent, target, body(userId, `Người ${index + 1}`, step(index)));
        if (due !== undefined) sample.ms = Math.max(sample.ms, performance.now() - due);
        latencies.push(sample.ms);
        if (sample.newConnection) newConnectionLatencies.push(sample.ms);
        if (sample.status !== 200) {
          non200.set(sample.status, (non200.get(sample.status) ?? 0) + 1);
          if (examples.length < 3) examples.push(`HTTP ${sample.status} at ${at()}: ${sample.body.slice(0, 200)}`);
        } else if (sample.body.replace(/\s/g, "") !== '{"ok":true}') {
          badBodies++;
          if (examples.length < 3) examples.push(`200 with body ${sample.body.slice(0, 200)} at ${at()}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chats.length) }, worker));
  const endedAt = performance.now();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    startedAt,
    endedAt,
    wallMs: endedAt - startedAt,
    latencies: sorted,
    non200,
    badBodies,
    examples,
    newConnections: newConnectionLatencies.length,
    newConnectionLatencies: newConnectionLatencies.sort((a, b) => a - b),
  };
}

export const rate = (r: LoadResult) => r.requests / (r.wallMs / 1000);

export interface SideFigures {
  name: string;
  load: LoadResult;
  /** CPU time the server process used during the measured run. */
  serverCpuMs: number;
  /** CPU time this process (load generator + fake Bot API) used meanwhile. */
  clientCpuMs: number;
  serverRssMb: number;
}

/** The measured run, with the CPU both processes spent on it. */
export async function measure(name: string, pid: number, run: () => Promise<LoadResult>): Promise<SideFigures> {
  const server0 = cpuMs(pid);
  const client0 = clientCpuMs();
  const load = await run();
  return { name, load, serverCpuMs: cpuMs(pid) - server0, clientCpuMs: clientCpuMs() - client0, serverRssMb: rssMb(pid) };
}

// ---------------------------------------------------------------------------------------------
// The bare Hono baseline, in its own process

const BARE_HONO = `
import { serve } from "@hono/node-server";
import { Hono } from "hono";
const app = new Hono();
app.post("/webhooks/telegram", async (c) => {
  await c.req.json();
  return c.json({ ok: true });
});
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(JSON.stringify({ msg: "listening", port: info.port }) + "\\n");
});
process.on("SIGTERM", () => process.exit(0));
`;

export async function startBareHono(): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  // --input-type=module resolves bare specifiers from the working directory: the repo's node_modules.
  const child = spawn(process.execPath, ["--input-type=module", "-e", BARE_HONO], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bare Hono exited early:\n${err}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`bare Hono did not listen in time:\n${err}`);
    }
    const line = out.split("\n").find((l) => l.includes('"msg":"listening"'));
    if (line) return { child, port: (JSON.parse(line) as { port: number }).port, stderr: () => err };
    await sleep(20);
  }
}
