import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.js";

const seed = (url: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/db/cli/seed-demo.ts"], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: url },
    encoding: "utf8",
  });

describe("npm run seed:demo", () => {
  it("creates a realistic ward once, prints invitation codes, and creates nothing the second time", async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "wardbot-seed-")), "demo.db")}`;
    const first = seed(url);
    expect(first.status, first.stderr).toBe(0);
    const codes = first.stdout.match(/^ {2}[0-9A-HJKMNP-TV-Z]{13} {2}/gm) ?? [];
    expect(codes).toHaveLength(61);

    const second = seed(url);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("nothing new was created");

    const db = await createDatabase({ url });
    const ward = await db.unit.findFirstOrThrow({ where: { kind: "ward" } });
    expect(ward.name).toBe("Phường Ngọc Lâm");
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
});
