import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.js";
import { buildTestApp } from "../support/app.js";

const seed = (url: string, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/db/cli/seed-demo.ts", ...args], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: url },
    encoding: "utf8",
  });
const codesIn = (stdout: string) => stdout.match(/^ {2}[0-9A-HJKMNP-TV-Z]{13} {2}/gm) ?? [];

describe("npm run seed:demo", () => {
  it("creates a realistic ward once, prints invitation codes, and creates nothing the second time", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "wardbot-seed-")), "demo.db")}`;
    const first = seed(url);
    expect(first.status, first.stderr).toBe(0);
    expect(codesIn(first.stdout)).toHaveLength(61);

    const db = await createDatabase({ url });
    const counts = async () => ({
      units: await db.unit.count(),
      members: await db.member.count(),
      invites: await db.inviteCode.count(),
      forms: await db.formVersion.count(),
      meetings: await db.meeting.count(),
    });
    const afterFirst = await counts();
    const second = seed(url);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("nothing new was created");
    expect(codesIn(second.stdout)).toHaveLength(0);
    expect(await counts()).toEqual(afterFirst);

    const ward = await db.unit.findFirstOrThrow({ where: { kind: "ward" } });
    expect(ward).toMatchObject({ name: "Phường Ngọc Lâm", demo: true });
    expect(await db.unit.count({ where: { kind: "ward" } })).toBe(1);
    expect(await db.unit.count({ where: { wardId: ward.id, kind: "group" } })).toBe(29);
    expect(await db.memberRole.count({ where: { role: "leader" } })).toBe(29);
    expect(await db.memberRole.count({ where: { role: "front_head" } })).toBe(29);
    expect(await db.memberRole.count({ where: { role: "chair" } })).toBe(2);
    expect(await db.formVersion.count()).toBe(1);
    expect(await db.formQuestion.count()).toBeGreaterThanOrEqual(5);
    expect(await db.schedule.findUnique({ where: { wardId: ward.id } })).toMatchObject({ opensAt: "0 8 * * 1", dueAt: "0 17 * * 5" });
    const meeting = await db.meeting.findFirstOrThrow({ include: { invitees: true } });
    expect(meeting.location).toBe("Nhà văn hóa phường");
    expect(meeting.invitees).toHaveLength(60);
    await db.$disconnect();
  });

  it("leaves a real ward with the demo's name untouched, and --reset removes only the demo", { timeout: 60_000 }, async () => {
    const t = await buildTestApp();
    const url = `file:${t.dbPath}`;
    // A real ward that happens to have the demo's name, with a group, a person and a form.
    const real = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body;
    const group = (await t.call("POST", `/api/v1/wards/${real.id}/groups`, { name: "Tổ dân phố số 1" })).body;
    await t.call("POST", `/api/v1/wards/${real.id}/members`, { name: "Hoàng Văn Thật", role: "leader", groupId: group.id });
    await t.call("PUT", `/api/v1/wards/${real.id}/form`, { title: "Báo cáo", questions: [{ key: "so_ho", text: "Số hộ?", type: "integer" }] });
    const realState = async () => ({
      members: await t.db.member.count({ where: { wardId: real.id } }),
      groups: await t.db.unit.count({ where: { wardId: real.id } }),
      meetings: await t.db.meeting.count({ where: { wardId: real.id } }),
      schedule: await t.db.schedule.count({ where: { wardId: real.id } }),
      form: (await t.db.form.findUnique({ where: { wardId: real.id } }))?.currentVersion,
    });
    const realBefore = await realState();
    expect(realBefore).toEqual({ members: 1, groups: 1, meetings: 0, schedule: 0, form: 1 });

    const seeded = seed(url);
    expect(seeded.status, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain('A ward named "Phường Ngọc Lâm" already exists and is left untouched');
    expect(codesIn(seeded.stdout)).toHaveLength(61);
    expect(await realState()).toEqual(realBefore);
    const demo = await t.db.unit.findFirstOrThrow({ where: { demo: true } });
    expect(demo.name).toBe("Phường Ngọc Lâm (dữ liệu mẫu)");
    expect(await t.db.member.count({ where: { wardId: demo.id } })).toBe(61);

    // Running again still finds the demo by its mark, not by name: nothing new anywhere.
    const again = seed(url);
    expect(again.stdout).toContain("nothing new was created");
    expect(await realState()).toEqual(realBefore);
    expect(await t.db.member.count()).toBe(62);

    // The demo in use: a cycle with reports, a day off.
    expect((await t.call("POST", `/api/v1/wards/${demo.id}/cycles`, {})).status).toBe(201);
    expect((await t.call("POST", `/api/v1/wards/${demo.id}/days-off`, { date: "2027-09-03" })).status).toBe(201);
    expect(await t.db.report.count()).toBe(29);

    const reset = seed(url, "--reset");
    expect(reset.status, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('Removed the demo ward "Phường Ngọc Lâm (dữ liệu mẫu)"');
    expect(await realState()).toEqual(realBefore);
    expect(await t.db.unit.findMany({ where: { kind: "ward" } })).toEqual([expect.objectContaining({ id: real.id, name: "Phường Ngọc Lâm", demo: false })]);
    expect(await t.db.unit.count({ where: { wardId: demo.id } })).toBe(0);
    expect(await t.db.member.count()).toBe(1);
    expect(await t.db.cycle.count()).toBe(0);
    expect(await t.db.report.count()).toBe(0);
    expect(await t.db.meeting.count()).toBe(0);
    expect(await t.db.dayOff.count()).toBe(0);
    expect(await t.db.formVersion.count()).toBe(1);
    expect(await t.db.schedule.count()).toBe(0);
    expect(await t.db.inviteCode.count()).toBe(1);

    const resetAgain = seed(url, "--reset");
    expect(resetAgain.stdout).toContain("There is no demo ward: nothing was removed.");
    expect(await realState()).toEqual(realBefore);
    t.close();
  });
});
