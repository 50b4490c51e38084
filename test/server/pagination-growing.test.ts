import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

/** The lists that grow with time (cycles, meetings, deliveries) page like the others. */

let now = new Date("2026-11-25T03:00:00Z");
let t: TestApp;
let wardId: string;
beforeEach(async () => {
  now = new Date("2026-11-25T03:00:00Z");
  t = await buildTestApp({ now: () => now });
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

/** Every item of a list, page by page, following X-Next-Cursor (and checking Link agrees). */
async function allPages(path: string, limit: number, pick: (x: any) => string) {
  const pages: string[][] = [];
  const sep = path.includes("?") ? "&" : "?";
  let next: string | null = `${path}${sep}limit=${limit}`;
  while (next) {
    const res = await t.call("GET", next);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    pages.push(res.body.map(pick));
    const cursor = res.headers.get("x-next-cursor");
    if (cursor) expect(res.headers.get("link")).toContain(`cursor=${cursor}`);
    next = cursor ? `${path}${sep}limit=${limit}&cursor=${cursor}` : null;
  }
  return pages;
}

describe("paging of growing lists", () => {
  it("pages a ward's cycles newest first and filters them by status", async () => {
    await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo", questions: [{ key: "so_ho", text: "Số hộ?", type: "integer" }] });
    for (let week = 1; week <= 5; week++) {
      now = new Date(now.getTime() + 7 * 86_400_000);
      const opened = await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: `Tuần ${week}`, replaceOpen: true });
      expect(opened.status).toBe(201);
    }
    const pages = await allPages(`/api/v1/wards/${wardId}/cycles`, 2, (c) => c.label);
    expect(pages).toEqual([["Tuần 5", "Tuần 4"], ["Tuần 3", "Tuần 2"], ["Tuần 1"]]);
    expect((await allPages(`/api/v1/wards/${wardId}/cycles?status=open`, 2, (c) => c.label)).flat()).toEqual(["Tuần 5"]);
    expect((await allPages(`/api/v1/wards/${wardId}/cycles?status=closed`, 3, (c) => c.label)).flat()).toEqual(["Tuần 4", "Tuần 3", "Tuần 2", "Tuần 1"]);
    const bad = await t.call("GET", `/api/v1/wards/${wardId}/cycles?status=done`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("status");
    const badCursor = await t.call("GET", `/api/v1/wards/${wardId}/cycles?cursor=abc`);
    expect(badCursor.body.error.details[0].field).toBe("cursor");
  });

  it("pages meetings by start time and filters cancelled and past ones", async () => {
    const meeting = (title: string, startsAt: string) =>
      t.call("POST", `/api/v1/wards/${wardId}/meetings`, {
        title, kind: "so_ket", startsAt, location: "Nhà văn hóa phường", remindBefore: ["P1D"], invitees: { roles: ["chair"] },
      });
    const ids: Record<string, string> = {};
    for (const [title, at] of [["C", "2026-12-20T14:00"], ["A", "2026-11-26T08:00"], ["D", "2027-01-05T08:00"], ["B", "2026-12-01T08:00"]] as const)
      ids[title] = (await meeting(title, at)).body.id;
    expect(await allPages(`/api/v1/wards/${wardId}/meetings`, 3, (m) => m.title)).toEqual([["A", "B", "C"], ["D"]]);
    await t.call("POST", `/api/v1/meetings/${ids.C}/cancel`, {});
    expect((await allPages(`/api/v1/wards/${wardId}/meetings?status=cancelled`, 3, (m) => m.title)).flat()).toEqual(["C"]);
    expect((await allPages(`/api/v1/wards/${wardId}/meetings?status=scheduled`, 1, (m) => m.title)).flat()).toEqual(["A", "B", "D"]);
    now = new Date("2026-11-30T00:00:00Z"); // A has taken place
    expect((await allPages(`/api/v1/wards/${wardId}/meetings?upcoming=true&status=scheduled`, 5, (m) => m.title)).flat()).toEqual(["B", "D"]);
  });

  it("pages deliveries newest first and filters them by channel as well as status", async () => {
    const base = Date.parse("2026-11-20T00:00:00Z");
    await t.db.outboxMessage.createMany({
      data: Array.from({ length: 7 }, (_, i) => {
        const channel = i % 2 ? "zalo" : "telegram";
        return {
          address: `${channel}:${1000 + i}`,
          channel,
          payload: { text: "x" },
          status: "dead",
          attempts: 8,
          nextAttemptAt: new Date(base),
          createdAt: new Date(base + i * 60_000),
        };
      }),
    });
    const all = await allPages("/api/v1/deliveries?status=dead", 3, (d) => d.chatId);
    expect(all).toEqual([["1006", "1005", "1004"], ["1003", "1002", "1001"], ["1000"]]);
    expect((await allPages("/api/v1/deliveries?status=dead&channel=zalo", 2, (d) => d.chatId)).flat()).toEqual(["1005", "1003", "1001"]);
    expect((await allPages("/api/v1/deliveries?status=dead&channel=telegram", 10, (d) => `${d.channel}:${d.chatId}`)).flat()).toEqual([
      "telegram:1006", "telegram:1004", "telegram:1002", "telegram:1000",
    ]);
    const bad = await t.call("GET", "/api/v1/deliveries?channel=fax");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("channel");
  });
});
