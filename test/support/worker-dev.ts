import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The Worker as a developer runs it, `npm run worker:dev` (wrangler dev: workerd, a local D1 in a
 * temporary folder with the migrations applied), on a free 127.0.0.1 port, in its own process
 * group so that stopping it stops wrangler's node child and workerd too.
 */
export interface WorkerDev {
  baseUrl: string;
  output(): string;
  /** Resolves once /healthz answers 200 (the D1 reachable); rejects with the output if it exits or times out. */
  waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T>;
  /** Stops the whole process group (SIGTERM, then SIGKILL) and returns what was still alive after (nothing, normally). */
  stop(): Promise<string[]>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The processes of a group still alive (zombies excluded). */
export function groupProcesses(pgid: number): string[] {
  const ps = spawnSync("ps", ["-eo", "pid=,pgid=,stat=,args="], { encoding: "utf8" }).stdout;
  return ps
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === pgid && !f[2]?.startsWith("Z"))
    .map((f) => f.slice(3).join(" "));
}

/**
 * Starts `worker:dev` with exactly these configuration variables (plus PATH and HOME) and waits
 * for /healthz. The local D1 lives in a temporary folder removed by stop().
 */
export async function startWorkerDev(env: Record<string, string>, timeoutMs = 150_000): Promise<WorkerDev> {
  const persist = mkdtempSync(join(tmpdir(), "wardbot-worker-d1-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let out = "";
  const dev: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/runtime/worker-dev.ts", "--persist-to", persist], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: stopped as a whole, wrangler's workerd included.
    detached: true,
  });
  dev.stdout!.on("data", (d) => (out += d));
  dev.stderr!.on("data", (d) => (out += d));

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (dev.exitCode !== null) throw new Error(`worker:dev exited (${dev.exitCode}) while waiting for ${what}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${out.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function stop(): Promise<string[]> {
    const pgid = dev.pid;
    if (pgid) {
      const exited = new Promise((resolve) => (dev.exitCode !== null || dev.signalCode !== null ? resolve(null) : dev.once("exit", resolve)));
      try {
        process.kill(-pgid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      // Whatever did not stop on SIGTERM is killed; none may be left behind.
      const deadline = Date.now() + 10_000;
      while (groupProcesses(pgid).length && Date.now() < deadline) {
        try {
          process.kill(-pgid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    rmSync(persist, { recursive: true, force: true });
    return pgid ? groupProcesses(pgid) : [];
  }

  const worker: WorkerDev = { baseUrl, output: () => out, waitFor, stop };
  try {
    await waitFor("/healthz", async () => ((await fetch(`${baseUrl}/healthz`)).status === 200 ? true : undefined), timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return worker;
}
