/**
 * The Cloudflare Workers entry: the only file (with its worker-*.ts helpers) that knows it runs
 * on Workers. `fetch` serves the same Hono app as Node on D1; `scheduled` (the Cron Trigger,
 * every minute) runs the scheduler's tick, then one bounded delivery pass. A missing binding or
 * secret is answered at every request with the names to set (JSON, 500), never a crash.
 */
import { buildWorkerRuntime, type WorkerRuntime } from "./worker-runtime.js";
import { configProblemResponse, readWorkerConfig, type ExecutionContext, type ScheduledController, type WorkerEnv } from "./worker-env.js";

/** Built on the isolate's first request, kept for the next ones (a failed build is retried). */
let runtime: Promise<WorkerRuntime> | undefined;

function runtimeOf(env: WorkerEnv): Promise<WorkerRuntime> | Response {
  if (runtime) return runtime;
  const read = readWorkerConfig(env);
  if ("problems" in read) {
    console.error(JSON.stringify({ level: "error", msg: "worker configuration incomplete", problems: read.problems }));
    return configProblemResponse(read.problems);
  }
  runtime = buildWorkerRuntime(read.config);
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const ready = runtimeOf(env);
    if (ready instanceof Response) return ready;
    return (await ready).fetch(request, env, ctx);
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const ready = runtimeOf(env);
    if (ready instanceof Response) return; // logged above; a trigger has nobody to answer
    const worker = await ready;
    ctx.waitUntil(
      worker.scheduled(new Date(controller.scheduledTime), ctx).catch((error) =>
        console.error(JSON.stringify({ level: "error", msg: "scheduled run failed", error: String((error as Error)?.stack ?? error) })),
      ),
    );
  },
};
