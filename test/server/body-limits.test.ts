import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
beforeEach(async () => {
  t = await buildTestApp();
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

const MiB = 1024 * 1024;

describe("request body limits", () => {
  it("refuses a JSON body over 1 MiB with 413 in the error shape, saying the limit, and creates nothing", async () => {
    const body = JSON.stringify({ name: "Phường Đồng Tâm", timezone: "Asia/Ho_Chi_Minh", pad: "x".repeat(MiB) });
    const res = await t.call("POST", "/api/v1/wards", body);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "payload_too_large", details: { limitBytes: MiB } });
    expect(res.body.error.message).toContain("1 MiB");
    expect((await t.call("GET", "/api/v1/wards")).body).toHaveLength(1);
    // PUT and PATCH too.
    expect((await t.call("PATCH", `/api/v1/wards/${wardId}`, body)).status).toBe(413);
    expect((await t.call("PUT", `/api/v1/wards/${wardId}/form`, body)).status).toBe(413);
  });

  it("takes a JSON body just under the limit to its route (the route's own checks answer)", async () => {
    const res = await t.call("POST", "/api/v1/wards", JSON.stringify({ name: "x".repeat(MiB - 100) }));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe("name");
  });

  it("refuses an import file over 2 MB with 413 saying so in Vietnamese, and takes one under it", async () => {
    const header = "group,role,name,phone\n";
    const line = "Tổ 1,tổ trưởng,Nguyễn Văn Tuấn,0912345678\n";
    const linesOf = (bytes: number) => header + line.repeat(Math.ceil(bytes / Buffer.byteLength(line)));
    const big = linesOf(2 * MiB);
    const res = await t.call("POST", `/api/v1/wards/${wardId}/members/import`, big, { "content-type": "text/csv" });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
    expect(res.body.error.message).toContain("2 MB");
    expect(res.body.error.message).toContain("Tệp lớn hơn 2 MB");
    // 1.5 MB is within the import's limit though over the JSON one: it reaches the importer.
    const mid = linesOf(1.5 * MiB);
    const ok = await t.call("POST", `/api/v1/wards/${wardId}/members/import`, mid, { "content-type": "text/csv" });
    expect(ok.status).not.toBe(413);
  });

  it("answers a JSON route sent another content type with 415 saying to send application/json", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await t.call("POST", "/api/v1/wards", JSON.stringify({ name: "Phường Đồng Tâm" }), { "content-type": type });
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe("unsupported_media_type");
      expect(res.body.error.message).toContain("Content-Type: application/json");
    }
    const ok = await t.call("POST", "/api/v1/wards", JSON.stringify({ name: "Phường Đồng Tâm" }), { "content-type": "application/json; charset=utf-8" });
    expect(ok.status).toBe(201);
  });

  it("applies over real HTTP, by Content-Length and for a chunked body", async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/wards`;
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
    try {
      // A DELETE with no body and no content type, as a browser sends it, is not a 415.
      const ward = await (await fetch(url, { method: "POST", headers, body: JSON.stringify({ name: "Phường Xoá" }) })).json();
      const deleted = await fetch(`${url}/${ward.id}`, { method: "DELETE", headers: { authorization: headers.authorization } });
      expect(deleted.status).toBe(200);
      const sized = await fetch(url, { method: "POST", headers, body: "x".repeat(MiB + 1) });
      expect(sized.status).toBe(413);
      expect((await sized.json()).error.code).toBe("payload_too_large");
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(100 * 1024)));
          controller.close();
        },
      });
      const chunked = await fetch(url, { method: "POST", headers, body: chunks, duplex: "half" } as RequestInit);
      expect(chunked.status).toBe(413);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("lists 413 on every operation with a body and 415 on the JSON ones in the OpenAPI document", async () => {
    const doc = (await t.call("GET", "/api/openapi.json")).body;
    let bodies = 0;
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of ["post", "put", "patch"]) {
        const op = item[method];
        if (!op?.requestBody) continue;
        bodies++;
        expect(op.responses[413], `${method} ${path}`).toBeDefined();
        const json = Object.keys(op.requestBody.content).includes("application/json");
        expect(Boolean(op.responses[415]), `${method} ${path}`).toBe(json);
      }
    }
    expect(bodies).toBeGreaterThan(15);
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(["payload_too_large", "unsupported_media_type"]));
  });
});
