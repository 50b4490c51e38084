import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { d1Adapter, type D1Binding } from "../../src/db/d1-adapter.js";
import { PrismaClient } from "../../src/db/generated/prisma/client.js";
import { MIGRATIONS_DIR } from "../../src/db/migrator.js";
import type { Database } from "../../src/db/types.js";

/**
 * Cloudflare D1 for the tests, as workerd runs it locally (Miniflare, the engine of `wrangler
 * dev`), driven from Node: the same Prisma client as on Node, over src/db/d1-adapter.ts. Nothing
 * leaves the machine: the Worker below fetches nothing, `cf` is the placeholder (no download of
 * Cloudflare's request metadata).
 *
 * Each fresh database is a new Miniflare with an in-memory D1 (on disk, workerd syncs every
 * commit: ~15× slower per write), given the schema by the SQL of prisma/migrations, in order,
 * through D1 itself, in one batch (~one round trip; read from disk once per process).
 */
/**
 * The Worker that holds the binding and runs what Node sends it over one WebSocket: a message per
 * statement or batch, answered with its result. (Miniflare's own proxy of the binding costs an
 * HTTP round trip per method call: prepare, bind, run, three per statement.) The statements run
 * in workerd's D1 as in a deployed Worker; errors come back with D1's own message.
 */
const WORKER = `
const bytesOut = (v) => (v instanceof ArrayBuffer ? { $bytes: [...new Uint8Array(v)] } : v);
async function run(env, { mode, statements }) {
  const prepared = statements.map((s) => env.DB.prepare(s.sql).bind(...s.args));
  if (mode === "batch") return (await env.DB.batch(prepared)).map((r) => ({ meta: r.meta }));
  if (mode === "run") return { meta: (await prepared[0].run()).meta };
  if (mode === "raw") return (await prepared[0].raw({ columnNames: true })).map((row) => row.map(bytesOut));
  if (mode === "all") return await prepared[0].all();
  return await env.DB.exec(statements[0].sql);
}
export default {
  async fetch(request, env) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", async ({ data }) => {
      const { id, call } = JSON.parse(data);
      try {
        server.send(JSON.stringify({ id, ok: true, result: await run(env, call) }));
      } catch (e) {
        server.send(JSON.stringify({ id, ok: false, message: String(e?.message ?? e), cause: e?.cause?.message }));
      }
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};`;

type Call = { mode: "batch" | "run" | "raw" | "all" | "exec"; statements: { sql: string; args: unknown[] }[] };

/** The `DB` binding as Prisma's D1 adapter and src/db/d1-adapter.ts use it, each call one message to the Worker. */
async function bindingOf(mf: Miniflare): Promise<D1Binding> {
  const response = await mf.dispatchFetch("http://d1.local/", { headers: { Upgrade: "websocket" } });
  const socket = response.webSocket!;
  socket.accept();
  type Answer = { id: number; ok: boolean; result?: unknown; message?: string; cause?: string };
  const waiting = new Map<number, (answer: Answer) => void>();
  socket.addEventListener("message", (event) => {
    const answer = JSON.parse(String(event.data)) as Answer;
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  let next = 0;
  const call = async (body: Call) => {
    const id = next++;
    const answer = await new Promise<Answer>((resolve) => {
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, call: body }));
    });
    if (!answer.ok) throw Object.assign(new Error(answer.message), answer.cause ? { cause: new Error(answer.cause) } : {});
    return answer.result;
  };
  const statement = (sql: string, args: unknown[] = []) => ({
    sql,
    args,
    bind: (...values: unknown[]) => statement(sql, values),
    run: () => call({ mode: "run", statements: [{ sql, args }] }),
    all: () => call({ mode: "all", statements: [{ sql, args }] }),
    raw: async () =>
      ((await call({ mode: "raw", statements: [{ sql, args }] })) as unknown[][]).map((row) =>
        row.map((v) => (v && typeof v === "object" && "$bytes" in v ? new Uint8Array((v as { $bytes: number[] }).$bytes).buffer : v)),
      ),
  });
  type Statement = ReturnType<typeof statement>;
  return {
    prepare: (sql: string) => statement(sql),
    batch: (statements: Statement[]) => call({ mode: "batch", statements: statements.map(({ sql, args }) => ({ sql, args })) }),
    exec: (sql: string) => call({ mode: "exec", statements: [{ sql, args: [] }] }),
  } as unknown as D1Binding;
}

/** The statements of a migration file: Prisma writes one per `;` at a line's end, no triggers. */
export function migrationStatements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

let schema: string[] | undefined;
/** Every migration's statements, in order. */
function schemaStatements(): string[] {
  return (schema ??= readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((name) => migrationStatements(readFileSync(join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"))));
}

/** Miniflare instances of this process not disposed yet (test/support/d1-setup.ts ends them). */
export const openInstances = new Set<Miniflare>();

/** A fresh, migrated D1 database and a Prisma client on it; `$disconnect` stops its workerd. */
export async function openD1(): Promise<{ db: Database; binding: D1Binding }> {
  const mf = new Miniflare({ modules: true, script: WORKER, d1Databases: ["DB"], d1Persist: false, cf: false });
  openInstances.add(mf);
  const binding = await bindingOf(mf);
  // All of it or nothing, as `wrangler d1 migrations apply` applies a migration.
  await binding.batch(schemaStatements().map((statement) => binding.prepare(statement)));
  const db = new PrismaClient({ adapter: d1Adapter(binding), errorFormat: "minimal" });
  const disconnect = db.$disconnect.bind(db);
  let closed: Promise<void> | undefined;
  Object.assign(db, { $disconnect: () => (closed ??= disconnect().then(() => disposeInstance(mf))) });
  return { db, binding };
}

export async function disposeInstance(mf: Miniflare) {
  if (!openInstances.delete(mf)) return;
  await mf.dispose();
}
