import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
beforeEach(async () => {
  t = await buildTestApp();
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

/** Every item of a list, page by page, following X-Next-Cursor. */
async function allPages(path: string, limit: number) {
  const pages: string[][] = [];
  let next: string | null = `${path}${path.includes("?") ? "&" : "?"}limit=${limit}`;
  while (next) {
    const res = await t.call("GET", next);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    pages.push(res.body.map((x: any) => x.name));
    const cursor = res.headers.get("x-next-cursor");
    if (cursor) expect(res.headers.get("link")).toContain(`cursor=${cursor}`);
    next = cursor ? `${path}${path.includes("?") ? "&" : "?"}limit=${limit}&cursor=${cursor}` : null;
  }
  return pages;
}

describe("paged lists", () => {
  it("pages groups in natural order without repeating or skipping, even when one is added between pages", async () => {
    for (let i = 1; i <= 5; i++) await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: `Tổ ${i * 2}` });
    const first = await t.call("GET", `/api/v1/wards/${wardId}/groups?limit=2`);
    expect(first.body.map((g: any) => g.name)).toEqual(["Tổ 2", "Tổ 4"]);
    await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" }); // sorts before the cursor: not on later pages
    const cursor = first.headers.get("x-next-cursor")!;
    const second = await t.call("GET", `/api/v1/wards/${wardId}/groups?limit=2&cursor=${cursor}`);
    expect(second.body.map((g: any) => g.name)).toEqual(["Tổ 6", "Tổ 8"]);
    expect(await allPages(`/api/v1/wards/${wardId}/groups`, 4)).toEqual([["Tổ 1", "Tổ 2", "Tổ 4", "Tổ 6"], ["Tổ 8", "Tổ 10"]]);
  });

  it("pages members in the order they were added and filters them by role and group", async () => {
    const g1 = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 1" })).body.id;
    const g2 = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ 2" })).body.id;
    const add = (name: string, role: string, groupId?: string) => t.call("POST", `/api/v1/wards/${wardId}/members`, { name, role, groupId });
    await add("An", "leader", g1);
    await add("Bình", "front_head", g1);
    await add("Chi", "leader", g2);
    await add("Dũng", "chair");
    await add("Em", "front_head", g2);

    expect((await allPages(`/api/v1/wards/${wardId}/members`, 2)).flat()).toEqual(["An", "Bình", "Chi", "Dũng", "Em"]);
    expect((await allPages(`/api/v1/wards/${wardId}/members?role=leader`, 1)).flat()).toEqual(["An", "Chi"]);
    expect((await allPages(`/api/v1/wards/${wardId}/members?groupId=${g2}`, 5)).flat()).toEqual(["Chi", "Em"]);
    expect((await allPages(`/api/v1/wards/${wardId}/members?role=front_head&groupId=${g1}`, 5)).flat()).toEqual(["Bình"]);
  });

  it("pages wards by name and destinations in the order added", async () => {
    for (const name of ["Phường Bồ Đề", "Xã Bát Tràng", "Phường Long Biên"]) await t.call("POST", "/api/v1/wards", { name });
    expect((await allPages("/api/v1/wards", 3)).flat()).toEqual(["Phường Bồ Đề", "Phường Long Biên", "Phường Ngọc Lâm", "Xã Bát Tràng"]);
    for (const chatId of ["-1", "-2", "-3"]) await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "telegram", chatId, purpose: "summary" });
    const first = await t.call("GET", `/api/v1/wards/${wardId}/destinations?limit=2`);
    const rest = await t.call("GET", `/api/v1/wards/${wardId}/destinations?limit=2&cursor=${first.headers.get("x-next-cursor")}`);
    expect([...first.body, ...rest.body].map((d: any) => d.chatId)).toEqual(["-1", "-2", "-3"]);
    expect(rest.headers.get("x-next-cursor")).toBeNull();
  });

  it("names a bad limit or a made-up cursor in a 400", async () => {
    for (const query of ["limit=0", "limit=1001", "limit=abc"]) {
      const res = await t.call("GET", `/api/v1/wards/${wardId}/members?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details[0].field).toBe("limit");
    }
    for (const path of [`/api/v1/wards/${wardId}/members`, `/api/v1/wards/${wardId}/groups`, "/api/v1/wards", `/api/v1/wards/${wardId}/destinations`]) {
      const res = await t.call("GET", `${path}?cursor=not-a-cursor`);
      expect(res.status, path).toBe(400);
      expect(res.body.error.details[0].field).toBe("cursor");
    }
    const role = await t.call("GET", `/api/v1/wards/${wardId}/members?role=boss`);
    expect(role.body.error.details[0].field).toBe("role");
  });
});
