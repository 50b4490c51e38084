import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { cannotRunOn, databaseDriver } from "../support/database.js";

const run = promisify(execFile);
let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(() => t.close());

describe("two server instances on one SQLite file", () => {
  // Two Node processes on one SQLite file: D1 lives in workerd's memory, reached by one process.
  // (Two schedulers on one D1 database is covered in scheduler.test.ts, in one process.)
  it.skipIf(cannotRunOn(["d1"], "two processes share one SQLite file"))("fire each job once over two simulated weeks", async () => {
    const wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
    await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo", questions: [{ key: "n", text: "Số hộ?", type: "integer" }] });
    await t.call("PUT", `/api/v1/wards/${wardId}/schedule`, {
      enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 18 * * 3", "0 8 * * 5"], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6",
    });
    for (let i = 1; i <= 3; i++) {
      const group = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: `Tổ ${i}` })).body.id;
      const m = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: `Tổ trưởng ${i}`, role: "leader", groupId: group })).body;
      await t.db.channelIdentity.create({ data: { memberId: m.id, channel: "telegram", externalId: String(i), address: `telegram:${i}` } });
    }
    await t.db.$disconnect(); // the workers own the file now
    const env = {
      ...process.env,
      DATABASE_URL: `file:${t.dbPath}`,
      DATABASE_DRIVER: databaseDriver(),
      FROM: "2026-11-22T00:00:00+07:00",
      TO: "2026-12-06T00:00:00+07:00",
      STEP_MS: String(10 * 60_000),
    };
    const worker = () => run(process.execPath, ["--import", "tsx", "test/support/tick-worker.ts"], { env, timeout: 120_000 });
    const results = await Promise.all([worker(), worker()]);
    for (const r of results) expect(JSON.parse(r.stdout).ticks).toBe(2016);

    const runs = await t.db.jobRun.findMany();
    const count = (job: string) => runs.filter((r) => r.job.startsWith(job)).length;
    expect([count("open"), count("remind"), count("due")]).toEqual([2, 4, 2]);
    expect(await t.db.cycle.count()).toBe(2);
    const prompts = await t.db.outboxMessage.count({ where: { dedupeKey: { startsWith: "cycle-open:" } } });
    expect(prompts).toBe(6); // 3 leaders × 2 cycles
    const nudges = await t.db.outboxMessage.count({ where: { dedupeKey: { startsWith: "nudge:" } } });
    expect(nudges).toBe(12); // 3 leaders × 2 reminders × 2 weeks
  }, 180_000);
});
