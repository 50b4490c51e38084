import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { reportingWard } from "../support/reporting-ward.js";

/** What the console's dashboard reads from the API beyond what scripts used: who is away, the summary text. */
let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => t.close());

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

describe("a cycle's reports say who is away", () => {
  it("marks the report of a leader away through the deadline, and only that one", async () => {
    const ward = await reportingWard(t, { groupCount: 3 });
    const dueAt = new Date(Date.now() + 2 * 86_400_000);
    const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, { dueAt: dueAt.toISOString() })).body;
    // Away until after the deadline: absent. Back before it: expected to report.
    expect((await t.call("PUT", `/api/v1/members/${ward.leaders[1]!.id}/absence`, { until: isoDate(new Date(Date.now() + 5 * 86_400_000)) })).status).toBe(200);
    expect((await t.call("PUT", `/api/v1/members/${ward.leaders[2]!.id}/absence`, { until: isoDate(new Date(Date.now() + 86_400_000 / 2 + 3600_000)) })).status).toBe(200);
    const read = await t.call("GET", `/api/v1/cycles/${cycle.id}`);
    expect(read.status).toBe(200);
    expect(read.body.groups.map((g: any) => [g.name, g.reports[0].absent])).toEqual([
      ["Tổ dân phố số 1", false],
      ["Tổ dân phố số 2", true],
      ["Tổ dân phố số 3", false],
    ]);
  });
});

describe("reading a cycle's summary", () => {
  it("gives the text chairs would read, provisional while open, without posting it or locking the cycle", async () => {
    const ward = await reportingWard(t, { groupCount: 2 });
    const cycle = (await t.call("POST", `/api/v1/wards/${ward.wardId}/cycles`, {})).body;
    await ward.submit(cycle.id, 1, { ho_van_dong: 12, antt: "Ổn định", ve_sinh: true, quy: 212110000 });
    const outboxBefore = await t.db.outboxMessage.count();

    const open = await t.call("GET", `/api/v1/cycles/${cycle.id}/summary`);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ cycleId: cycle.id, label: cycle.label, provisional: true });
    expect(open.body.text).toContain("BÁO CÁO TỔNG HỢP");
    expect(open.body.text).toContain("tạm tính");

    expect((await t.call("POST", `/api/v1/cycles/${cycle.id}/close`)).status).toBe(200);
    const closed = await t.call("GET", `/api/v1/cycles/${cycle.id}/summary`);
    expect(closed.body.provisional).toBe(false);
    // Reading is not posting: nothing queued, and late answers are still accepted.
    expect(await t.db.outboxMessage.count()).toBe(outboxBefore);
    expect((await t.call("GET", `/api/v1/cycles/${cycle.id}`)).body.status).toBe("closed");
    expect((await t.call("GET", "/api/v1/cycles/nope/summary")).status).toBe(404);
  });
});
