import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

/** Runs the real Node server as `npm start` does, as a child process on 127.0.0.1. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  stdout: () => string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `npm start` without its rebuild step (the global test setup builds the bundle once). */
export const ENTRY = ["--liftoff-only", "--max-semi-space-size=4", "--v8-pool-size=0", "src/.build/node.mjs"];

export function runEntry(env: Record<string, string>) {
  const child = spawn(process.execPath, ENTRY, {
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  return { child, stdout: () => out, stderr: () => err };
}

/**
 * `npm start` itself, as an operator runs it (its prestart rebuild skipped: the global test setup
 * built the bundle, and a rebuild would swap it under the other tests).
 */
export function runNpmStart(env: Record<string, string>) {
  const child = spawn("npm", ["start", "--ignore-scripts", "--silent"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  return { child, stdout: () => out, stderr: () => err };
}

export async function startServer(env: Record<string, string>, timeoutMs = 15_000, start = runEntry): Promise<ServerProcess> {
  const run = start(env);
  const deadline = Date.now() + timeoutMs;
  let port = 0;
  while (!port) {
    if (run.child.exitCode !== null) throw new Error(`server exited early:\n${run.stderr()}\n${run.stdout()}`);
    if (Date.now() > deadline) {
      run.child.kill("SIGKILL");
      throw new Error(`server did not listen in time:\n${run.stderr()}\n${run.stdout()}`);
    }
    const line = run.stdout().split("\n").find((l) => l.includes('"msg":"listening"'));
    if (line) port = JSON.parse(line).port;
    else await new Promise((r) => setTimeout(r, 50));
  }
  return {
    ...run,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop(signal = "SIGTERM") {
      if (run.child.exitCode !== null) return run.child.exitCode;
      run.child.kill(signal);
      const [code] = await once(run.child, "exit");
      return code as number | null;
    },
  };
}
