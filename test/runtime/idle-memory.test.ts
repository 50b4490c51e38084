import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "../support/process.js";

/**
 * Idle memory of the started server (README, "Performance"; `npm run bench` prints the figures).
 * The ceiling here is looser than the 100 MB target, so that a busy machine does not fail it;
 * before the work on it a new database idled at 131–138 MB.
 */
let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop("SIGKILL");
  server = undefined;
});

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

describe("an idle server", () => {
  it("on a new embedded database stays under 115 MB, with neither the schema engine nor libSQL kept", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "wardbot-idle-")), "wardbot.db")}`;
    server = await startServer({ DATABASE_URL: url, ADMIN_TOKEN: "idle-memory-admin-token-000000000" });
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect(server.stdout()).toContain('"msg":"database migrated"');
    await new Promise((r) => setTimeout(r, 4000));
    const pid = server.child.pid!;
    // libSQL's native engine is for libsql:// URLs only; it is not mapped into a file-database server.
    expect(readFileSync(`/proc/${pid}/maps`, "utf8")).not.toContain("libsql");
    expect(rssMb(pid)).toBeLessThan(115);
  }, 40_000);
});
