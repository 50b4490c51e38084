/**
 * The Telegram sender against a small local fake of the Bot API (telegram-test-api has no
 * sendPhoto: it answers HTTP 500), which parses grammY's multipart upload like Telegram does.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "grammy";
import { DeliveryError } from "../../src/channels/channel.js";
import { telegramSender } from "../../src/channels/telegram/bot.js";
import { bytesToBase64 } from "../../src/core/base64.js";
import { createLogger } from "../../src/core/logger.js";
import { svgToPng } from "../../src/services/exports/png.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { queueMessages } from "../../src/services/outbox-queue.js";
import { freshDatabase } from "../support/database.js";
import { pngSize } from "../support/png.js";

const TOKEN = "424242:sender-test-token-abcdefghijklmn";

interface Call {
  method: string;
  contentType: string;
  /** Text fields (JSON body or multipart fields). */
  fields: Record<string, string>;
  /** Uploaded files of a multipart body, by part name. */
  files: Record<string, { name: string; bytes: Uint8Array }>;
}

/**
 * The parts of a multipart/form-data body. Written here because grammY's bodies
 * ("content-disposition:form-data;name=…;filename=a.png", no spaces, unquoted file name) are
 * accepted by Telegram but refused by undici's stricter Request#formData.
 */
function multipartParts(body: Buffer, contentType: string) {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: { name: string; filename?: string; body: Buffer }[] = [];
  // Prefixing CRLF makes the first delimiter look like the others.
  const all = Buffer.concat([Buffer.from("\r\n"), body]);
  let at = all.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (all.subarray(start, start + 2).toString() === "--") break; // the closing delimiter
    const next = all.indexOf(delimiter, start);
    const part = all.subarray(start + 2, next); // after the CRLF that ends the delimiter line
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    const disposition = /content-disposition:\s*form-data\s*;(.*)/i.exec(headers)?.[1] ?? "";
    const param = (key: string) => new RegExp(`(?:^|;)\\s*${key}=(?:"([^"]*)"|([^;\\r\\n]*))`, "i").exec(disposition);
    const name = param("name");
    const filename = param("filename");
    parts.push({ name: name?.[1] ?? name?.[2] ?? "", filename: filename ? (filename[1] ?? filename[2]) : undefined, body: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

let server: Server;
let apiRoot: string;
const calls: Call[] = [];
/** Failures to answer instead of success, per method, used once each. */
const failures: Record<string, { status: number; body: object }[]> = {};

beforeAll(async () => {
  let messageId = 0;
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const method = /\/bot[^/]+\/(\w+)$/.exec(req.url ?? "")?.[1] ?? "?";
    const contentType = req.headers["content-type"] ?? "";
    const call: Call = { method, contentType, fields: {}, files: {} };
    if (contentType.startsWith("multipart/form-data")) {
      for (const part of multipartParts(Buffer.concat(chunks), contentType))
        if (part.filename === undefined) call.fields[part.name] = part.body.toString("utf8");
        else call.files[part.name] = { name: part.filename, bytes: new Uint8Array(part.body) };
    } else if (chunks.length) {
      for (const [k, v] of Object.entries(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>))
        call.fields[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    calls.push(call);
    const failure = failures[method]?.shift();
    const [status, body] = failure
      ? [failure.status, failure.body]
      : [200, { ok: true, result: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(call.fields.chat_id), type: "group", title: "UBND" } } }];
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  calls.length = 0;
  for (const k of Object.keys(failures)) delete failures[k];
});

const botInfo = { id: 424242, is_bot: true, first_name: "wardbot", username: "wardbot_test_bot" } as never;
const sender = () => telegramSender(new Bot(TOKEN, { botInfo, client: { apiRoot } }));
const png = async () => (await svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0072B2"/></svg>`)).data;
const apiError = (code: number, description: string, extra: object = {}) => ({ status: code, body: { ok: false, error_code: code, description, ...extra } });

describe("telegramSender with a photo", () => {
  it("uploads the photo (multipart, the PNG's bytes, its name and caption), then sends the HTML text", async () => {
    const bytes = await png();
    await sender()({
      address: "telegram:-100777",
      message: { text: "BÁO CÁO TỔNG HỢP", html: "<b>BÁO CÁO TỔNG HỢP</b>", photo: { filename: "bieu-do-Tuan-48-2026.png", base64: bytesToBase64(bytes), caption: "Biểu đồ Tuần 48/2026 — Phường Ngọc Lâm" } },
    });
    expect(calls.map((c) => c.method)).toEqual(["sendPhoto", "sendMessage"]);
    const [photo, text] = calls;
    expect(photo!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(photo!.fields).toMatchObject({ chat_id: "-100777", caption: "Biểu đồ Tuần 48/2026 — Phường Ngọc Lâm" });
    const attached = photo!.fields.photo!.replace(/^attach:\/\//, "");
    expect(photo!.files[attached]!.name).toBe("bieu-do-Tuan-48-2026.png");
    expect(photo!.files[attached]!.bytes).toEqual(bytes);
    expect(pngSize(photo!.files[attached]!.bytes)).toEqual({ width: 40, height: 20 });
    expect(text!.fields).toMatchObject({ chat_id: "-100777", text: "<b>BÁO CÁO TỔNG HỢP</b>", parse_mode: "HTML" });
  });

  it("sends no photo call for a message without one", async () => {
    await sender()({ address: "telegram:900", message: { text: "Xin chào" } });
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
  });

  it.each([
    [apiError(429, "Too Many Requests: retry after 30", { parameters: { retry_after: 30 } }), { kind: "retry_after", seconds: 30 }],
    [apiError(502, "Bad Gateway"), { kind: "transient" }],
  ])("fails the whole message when sendPhoto fails for now (%#), and sends no text after it (the retry sends both)", async (failure, expected) => {
    failures.sendPhoto = [failure];
    const error = await sender()({ address: "telegram:-100777", message: { text: "x", photo: { filename: "a.png", base64: bytesToBase64(await png()) } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure).toMatchObject(expected);
    expect(calls.map((c) => c.method)).toEqual(["sendPhoto"]);
  });

  it.each([
    apiError(400, "Bad Request: not enough rights to send photos to the chat"),
    apiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS"),
  ])("still sends the text when Telegram refuses the photo for good (%#), and reports the refusal", async (failure) => {
    failures.sendPhoto = [failure];
    const outcome = await sender()({ address: "telegram:-100777", message: { text: "BÁO CÁO", html: "<b>BÁO CÁO</b>", photo: { filename: "a.png", base64: bytesToBase64(await png()) } } });
    expect(calls.map((c) => c.method)).toEqual(["sendPhoto", "sendMessage"]);
    expect(calls[1]!.fields).toMatchObject({ chat_id: "-100777", text: "<b>BÁO CÁO</b>" });
    expect(outcome).toEqual({ photoRefused: `${failure.status} ${failure.body.description}` });
  });

  it("takes the chat as gone only when the text is refused too (kicked from the group)", async () => {
    failures.sendPhoto = [apiError(403, "Forbidden: bot was kicked from the group chat")];
    failures.sendMessage = [apiError(403, "Forbidden: bot was kicked from the group chat")];
    const error = await sender()({ address: "telegram:-100777", message: { text: "x", photo: { filename: "a.png", base64: bytesToBase64(await png()) } } }).catch((e: unknown) => e);
    expect((error as DeliveryError).failure).toMatchObject({ kind: "permanent", unreachable: true });
    expect(calls.map((c) => c.method)).toEqual(["sendPhoto", "sendMessage"]);
  });

  it("sends a photo given by URL as the URL (no upload)", async () => {
    await sender()({ address: "telegram:900", message: { text: "t", photo: { filename: "a.png", url: "https://ward.example/files/a.png?exp=1&sig=x", caption: "Biểu đồ" } } });
    expect(calls.map((c) => c.method)).toEqual(["sendPhoto", "sendMessage"]);
    expect(calls[0]!.fields).toMatchObject({ chat_id: "900", photo: "https://ward.example/files/a.png?exp=1&sig=x", caption: "Biểu đồ" });
  });
});

describe("a summary with a photo through the outbox", () => {
  it("is one message: a text part that fails makes the retry send the photo again (at least once)", async () => {
    const { db } = await freshDatabase();
    try {
      let clock = new Date("2026-11-28T01:00:00Z");
      const deliverer = createDeliverer({ db, senders: { telegram: sender() }, log: createLogger("silent"), now: () => clock, random: () => 0.5, pacing: { telegram: { perSecond: 1e9, privateGapMs: 0, groupGapMs: 0 } } });
      await queueMessages(db, clock, [{ address: "telegram:-100777", message: { text: "t", html: "<b>t</b>", photo: { filename: "a.png", base64: bytesToBase64(await png()) } } }]);
      failures.sendMessage = [apiError(500, "Internal Server Error")];
      expect(await deliverer.deliverDue()).toBe(0);
      expect((await db.outboxMessage.findFirstOrThrow()).status).toBe("pending");
      clock = new Date(clock.getTime() + 60_000);
      expect(await deliverer.deliverDue()).toBe(1);
      expect(calls.map((c) => c.method)).toEqual(["sendPhoto", "sendMessage", "sendPhoto", "sendMessage"]);
      expect(await db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: "sent", attempts: 2 });
    } finally {
      await db.$disconnect();
    }
  });

  it("sends the words when the group forbids photos: the row is sent, the refusal noted, the chat still reachable", async () => {
    const { db } = await freshDatabase();
    try {
      const clock = new Date("2026-11-28T01:00:00Z");
      const ward = await db.unit.create({ data: { kind: "ward", name: "Phường Ngọc Lâm" } });
      const member = await db.member.create({ data: { wardId: ward.id, name: "Nguyễn Văn An" } });
      await db.channelIdentity.create({ data: { memberId: member.id, channel: "telegram", externalId: "555", address: "telegram:555" } });
      const deliverer = createDeliverer({ db, senders: { telegram: sender() }, log: createLogger("silent"), now: () => clock, pacing: { telegram: { perSecond: 1e9, privateGapMs: 0, groupGapMs: 0 } } });
      const photo = { filename: "a.png", base64: bytesToBase64(await png()) };
      await queueMessages(db, clock, [
        { address: "telegram:-100777", message: { text: "Tổng hợp Tuần 48", photo } },
        { address: "telegram:555", message: { text: "Tổng hợp Tuần 48 (chủ tịch)", photo } },
      ]);
      const refusal = apiError(400, "Bad Request: not enough rights to send photos to the chat");
      failures.sendPhoto = [refusal, refusal];
      expect(await deliverer.deliverDue()).toBe(2);
      expect(calls.filter((c) => c.method === "sendMessage").map((c) => c.fields.text).sort()).toEqual(["Tổng hợp Tuần 48", "Tổng hợp Tuần 48 (chủ tịch)"]);
      const rows = await db.outboxMessage.findMany();
      expect(rows.map((r) => [r.status, r.lastError])).toEqual([
        ["sent", "photo not sent: 400 Bad Request: not enough rights to send photos to the chat"],
        ["sent", "photo not sent: 400 Bad Request: not enough rights to send photos to the chat"],
      ]);
      expect(await db.channelIdentity.findFirstOrThrow()).toMatchObject({ unreachableAt: null });
    } finally {
      await db.$disconnect();
    }
  });
});
