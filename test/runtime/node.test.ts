import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.js";
import { loadMigrationList } from "../../src/db/migrator.js";
import { connect } from "node:net";
import { runEntry, runNpmStart, startServer, type ServerProcess } from "../support/process.js";

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop("SIGKILL");
  server = undefined;
});

const tempDir = () => mkdtempSync(join(tmpdir(), "wardbot-run-"));

describe("the Node server", () => {
  it("starts on a new embedded database with no token and no channel, migrates it and serves", async () => {
    const dbPath = join(tempDir(), "nested", "wardbot.db");
    server = await startServer({ DATABASE_URL: `file:${dbPath}` });

    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: { status: "ok" } });
    expect(existsSync(dbPath)).toBe(true);
    // npm run db:restore refuses while this marker names a live server.
    expect(existsSync(`${dbPath}.server-pid`)).toBe(true);

    // The generated admin token is printed once, and works.
    const token = /^ {4}([0-9a-f]{64})$/m.exec(server.stderr())?.[1];
    expect(token).toBeDefined();
    const created = await fetch(`${server.baseUrl}/api/v1/wards`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Phường Ngọc Lâm" }),
    });
    expect(created.status).toBe(201);
    expect(server.stdout()).toContain("no messaging channel configured");
    expect(server.stdout()).not.toContain(token!);

    expect(await server.stop("SIGTERM")).toBe(0);
    expect(server.stdout()).toContain('"msg":"stopped"');
    expect(existsSync(`${dbPath}.server-pid`)).toBe(false);

    const db = await createDatabase({ url: `file:${dbPath}` });
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>("SELECT migration_name FROM _prisma_migrations");
    expect(applied.map((r) => r.migration_name)).toEqual((await loadMigrationList()).migrationDirectories.map((d) => d.path));
    expect(await db.unit.count()).toBe(1);
    await db.$disconnect();

    // A restart keeps the data and prints no new token.
    server = await startServer({ DATABASE_URL: `file:${dbPath}` });
    expect(server.stderr()).not.toMatch(/[0-9a-f]{64}/);
  });

  it("finishes a request in flight on SIGTERM before exiting", async () => {
    const dbPath = join(tempDir(), "a.db");
    const admin = "a-long-enough-admin-token-for-tests";
    server = await startServer({ DATABASE_URL: `file:${dbPath}`, ADMIN_TOKEN: admin });
    // A request whose headers the server has taken (it answers "100 Continue" as it starts
    // handling it) and whose body is still on its way when the signal comes.
    const body = JSON.stringify({ name: "Phường Ngọc Lâm" });
    const socket = connect(server.port, "127.0.0.1");
    await once(socket, "connect");
    let received = "";
    socket.on("data", (chunk) => (received += chunk));
    const closed = once(socket, "close");
    socket.write(
      `POST /api/v1/wards HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    while (!received.includes("100 Continue")) await once(socket, "data");
    const stopped = server.stop("SIGTERM");
    while (!server.stdout().includes('"msg":"shutting down"')) await new Promise((r) => setTimeout(r, 20));
    socket.write(body);
    await closed;
    expect(received).toMatch(/HTTP\/1\.1 201 Created\r\n/);
    expect(await stopped).toBe(0);
    // The ward it was answered about is there.
    const db = await createDatabase({ url: `file:${dbPath}` });
    expect((await db.unit.findMany()).map((u) => u.name)).toContain("Phường Ngọc Lâm");
    await db.$disconnect();
  });

  it("stops serving when the `npm start` process gets SIGTERM", async () => {
    server = await startServer({ DATABASE_URL: `file:${join(tempDir(), "npm.db")}` }, 30_000, runNpmStart);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    // The signal goes to npm only (as systemd's KillMode=process, a supervisor or `kill <pid>` do).
    server.child.kill("SIGTERM");
    const deadline = Date.now() + 5_000;
    let answering = true;
    while (answering && Date.now() < deadline) {
      answering = await fetch(`${server.baseUrl}/healthz`).then(() => true, () => false);
      if (answering) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answering).toBe(false);
    const [code] = server.child.exitCode !== null ? [server.child.exitCode] : await once(server.child, "exit");
    expect(code).toBe(0);
    expect(server.stdout()).toContain('"msg":"stopped"');
  });

  it("stops at once when idle, even with open connections that have sent nothing yet or are kept alive", async () => {
    server = await startServer({ DATABASE_URL: `file:${join(tempDir(), "idle.db")}` });
    // A connection opened ahead of use (as Telegram's and load balancers' are), and a kept-alive one.
    const early = connect(server.port, "127.0.0.1");
    await once(early, "connect");
    early.on("error", () => undefined);
    const kept = connect(server.port, "127.0.0.1");
    await once(kept, "connect");
    kept.on("error", () => undefined);
    kept.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
    await once(kept, "data");

    const started = Date.now();
    expect(await server.stop("SIGTERM")).toBe(0);
    // It used to wait for the 10 s grace (and exit 1) every time.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(server.stdout()).not.toContain("did not finish in time");
    early.destroy();
    kept.destroy();
  });

  it("refuses a bad configuration naming each variable, exit code 1, without echoing secrets", async () => {
    const secret = "123456:this-is-not-a-real-token-but-secret";
    const run = runEntry({ PORT: "eighty", DATABASE_URL: "postgres://db", TELEGRAM_BOT_TOKEN: "oops " + secret, LOG_LEVEL: "loud" });
    const [code] = await once(run.child, "exit");
    expect(code).toBe(1);
    const err = run.stderr();
    for (const name of ["PORT", "DATABASE_URL", "TELEGRAM_BOT_TOKEN", "LOG_LEVEL"]) expect(err).toContain(name);
    expect(err).not.toContain(secret);
    expect(err).not.toContain("at "); // a message, not a stack trace
  });
});
