import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";
import { twoWards } from "../support/two-wards.js";

/**
 * Every error answer of the API is for a ward officer: a stable code (and per bad field a field
 * code) to branch on, and a Vietnamese sentence naming the field. Over real HTTP on 127.0.0.1.
 */

let t: TestApp;
let server: ServerType;
let base: string;
beforeEach(async () => {
  t = await buildTestApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text };
}

/** Vietnamese: with the letters only Vietnamese has (the diacritics an officer reads). */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
/** What zod (and the old English API) said: none of it may reach a client. */
const ENGLISH = /Invalid input|Invalid option|expected|Required|received|must be|is not a|Unrecognized|Too (small|big)/;

describe("error answers in Vietnamese with stable codes", () => {
  let wardId: string;
  let groupId: string;
  beforeEach(async () => {
    wardId = (await http("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
    groupId = (await http("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" })).body.id;
  });

  it("a bad phone: invalid_phone on `phone`, saying what a phone number looks like", async () => {
    const res = await http("POST", `/api/v1/wards/${wardId}/members`, { name: "Nguyễn Văn Tuấn", role: "leader", groupId, phone: "12345" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(res.body.error.details).toEqual([
      { field: "phone", code: "invalid_phone", message: expect.stringContaining("Số điện thoại không hợp lệ: cần 10 chữ số, bắt đầu bằng 0") },
    ]);
    expect(res.body.error.message).toBe(res.body.error.details[0].message);
  });

  it("a missing name and a too long one: required / too_long on `name`", async () => {
    const missing = await http("POST", `/api/v1/wards/${wardId}/groups`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ field: "name", code: "required", message: "Xin nhập tên." }]);
    const long = await http("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ ".repeat(60) + "cuối" });
    expect(long.body.error.details).toEqual([{ field: "name", code: "too_long", message: "Tên dài quá: tối đa 120 ký tự." }]);
  });

  it("an impossible date: invalid_date on `date`, naming the date", async () => {
    const res = await http("POST", `/api/v1/wards/${wardId}/days-off`, { date: "2026-02-30" });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: "date", code: "invalid_date", message: "Ngày không có thật trên lịch (2026-02-30): xin kiểm tra lại ngày và tháng." },
    ]);
  });

  it("a wrong enum: not_one_of on `role`, listing the roles with their Vietnamese names", async () => {
    const res = await http("POST", `/api/v1/wards/${wardId}/members`, { name: "Lê Văn Nam", role: "tổ phó", groupId });
    expect(res.body.error.details).toEqual([
      {
        field: "role",
        code: "not_one_of",
        message: "Vai trò chưa đúng: xin chọn một trong leader (Tổ trưởng tổ dân phố), front_head (Trưởng ban công tác Mặt trận), chair (Lãnh đạo phường), admin (Quản trị viên).",
      },
    ]);
  });

  it("a field deep in a list is placed: `questions.1.options` is “Câu hỏi 2”, an unknown field is unknown_field", async () => {
    const res = await http("PUT", `/api/v1/wards/${wardId}/form`, {
      title: "Báo cáo tuần",
      questions: [
        { key: "ho", text: "Số hộ?", type: "integer" },
        { key: "antt", text: "Tình hình?", type: "choice", options: ["Ổn định"], colour: "đỏ" },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: "questions.1.colour", code: "unknown_field", message: "Câu hỏi 2: yêu cầu này không nhận trường “colour”: xin bỏ trường đó." },
    ]);
    const few = await http("PUT", `/api/v1/wards/${wardId}/form`, {
      title: "Báo cáo tuần",
      questions: [{ key: "ho", text: "Số hộ?", type: "integer" }, { key: "antt", text: "Tình hình?", type: "choice", options: ["Ổn định"] }],
    });
    expect(few.body.error.details).toEqual([{ field: "questions.1.options", code: "too_small", message: "Câu hỏi 2: câu hỏi lựa chọn cần ít nhất 2 lựa chọn." }]);
  });

  it("a conflict: 409 saying what already exists, in Vietnamese", async () => {
    const res = await http("POST", `/api/v1/wards/${wardId}/groups`, { name: "TỔ DÂN PHỐ SỐ 1" });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: "conflict", message: "Phường/xã đã có tổ tên “Tổ dân phố số 1”: xin đặt tên khác.", details: { id: groupId } });
  });

  it("an unknown id: 404 naming the thing and the id", async () => {
    const res = await http("GET", "/api/v1/members/khong-co");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
    expect(res.body.error.message).toBe("Không tìm thấy người có mã khong-co: mã chưa đúng, đã bị xoá, hoặc không thuộc phạm vi bạn quản lý.");
  });

  it("413 and 415, and a body that is not JSON", async () => {
    const big = await http("POST", "/api/v1/wards", JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) }));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("lớn hơn giới hạn 1 MiB") });
    const form = await http("POST", "/api/v1/wards", "name=x", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect(form.body.error).toMatchObject({ code: "unsupported_media_type", message: expect.stringContaining("xin gửi kèm tiêu đề Content-Type: application/json") });
    const broken = await http("POST", "/api/v1/wards", "{name:");
    expect(broken.status).toBe(400);
    expect(broken.body.error).toEqual({ code: "invalid_input", message: "Nội dung gửi lên không phải JSON hợp lệ." });
  });
});

describe("every error the API can produce", () => {
  it("is in Vietnamese, never zod's or the old English words: every operation with an empty, a garbage and a wrong-typed body, and unknown ids", async () => {
    const w = await twoWards(t);
    const doc = (await http("GET", "/api/openapi.json")).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).filter((m) => ["get", "post", "put", "patch", "delete"].includes(m)).map((m) => ({ method: m.toUpperCase(), path })))
      // Deletions last, so that the others still find what they name.
      .sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));
    expect(ops.length).toBeGreaterThan(60);
    const bodies: unknown[] = [{}, "garbage", [1, 2], { name: 12, role: "x", phone: true, date: "hôm qua", questions: "?", answers: 3, channel: "fax", limit: -1, extra: 1 }];
    const seen: string[] = [];
    let errors = 0;
    for (const op of ops) {
      for (const ids of [w.idsOfA, {} as Record<string, string>]) {
        const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? "khong-co") + (op.method === "GET" ? "?limit=abc&status=zzz&from=hôm-qua&year=abc&cursor=zz" : "");
        for (const body of op.method === "GET" || op.method === "DELETE" ? [undefined] : bodies) {
          const res = await http(op.method, path, typeof body === "string" ? JSON.stringify(body) : body);
          if (res.status < 400) continue;
          errors++;
          const error = res.body?.error;
          expect(error, `${op.method} ${path}: ${res.text}`).toBeDefined();
          const messages: string[] = [error.message, ...(Array.isArray(error.details) ? error.details.map((d: any) => d.message) : [])];
          for (const m of messages) {
            seen.push(m);
            expect(m, `${op.method} ${op.path} (${JSON.stringify(body)}): ${m}`).toMatch(VIETNAMESE);
            expect(m, `${op.method} ${op.path} (${JSON.stringify(body)}): ${m}`).not.toMatch(ENGLISH);
          }
          if (Array.isArray(error.details) && error.code === "invalid_input")
            for (const d of error.details) if (d.field) expect(d.code, `${op.method} ${op.path}: ${JSON.stringify(d)}`).toMatch(/^[a-z_]+$/);
        }
      }
    }
    expect(errors).toBeGreaterThan(150);
    expect(new Set(seen).size).toBeGreaterThan(40);
  }, 120_000);
});
