import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { cycleChart } from "../../src/services/exports/cycle-chart.js";
import { chartFontFiles } from "../../src/services/exports/png.js";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";
import { chatHarness } from "../support/chat.js";
import { pngSize } from "../support/png.js";
import { WEEKLY_QUESTIONS, reportingWard, type ReportingWard } from "../support/reporting-ward.js";

let t: TestApp;
let wardId: string;
let submit: ReportingWard["submit"];

async function setUp(options: Parameters<typeof buildTestApp>[0] = {}) {
  t = await buildTestApp(options);
  ({ wardId, submit } = await reportingWard(t, {
    groupCount: 3,
    questions: WEEKLY_QUESTIONS.filter((q) => q.key === "ho_van_dong" || q.key === "quy"),
  }));
}

async function closedCycle() {
  const cycle = (await t.call("POST", `/api/v1/wards/${wardId}/cycles`, { label: "Tuần 48/2026" })).body.id as string;
  await submit(cycle, 1, { ho_van_dong: 12, quy: 2_500_000 });
  await submit(cycle, 2, { ho_van_dong: 30, quy: 1_000_000 });
  await t.call("POST", `/api/v1/cycles/${cycle}/close`);
  return cycle;
}

const context = () => ({ db: t.db, now: () => new Date(), log: createLogger("silent"), actor: "test", defaultTimezone: "Asia/Ho_Chi_Minh" });

describe("the summary chart as a PNG", () => {
  beforeEach(() => setUp());
  afterEach(() => t.close());

  it("draws the cycle: a real PNG of the layout's size, with the values it was given", async () => {
    const cycle = await closedCycle();
    const chart = await cycleChart(context(), cycle);
    expect(chart.filename).toBe("bieu-do-tuan-48-2026.png");
    expect(pngSize(chart.data)).toEqual({ width: chart.width, height: chart.height });
    expect({ width: chart.width, height: chart.height }).toEqual({ width: chart.layout.width, height: chart.layout.height });
    expect(chart.layout.figure?.key).toBe("quy");
    expect(chart.layout.bars.map((b) => [b.group, b.value, b.label])).toEqual([
      ["Tổ dân phố số 1", 2_500_000, "2.500.000 đồng"],
      ["Tổ dân phố số 2", 1_000_000, "1.000.000 đồng"],
      ["Tổ dân phố số 3", null, "— chưa báo cáo"],
    ]);
    expect(chart.layout.cells.map((c) => c.standing)).toEqual(["done", "done", "missing"]);
    expect(chart.data.length).toBeGreaterThan(10_000); // text was drawn, not an empty page
  });

  it("draws with DejaVu Sans from its npm package, not the host's fonts", () => {
    const files = chartFontFiles();
    expect(files.map((f) => f.split(/[\\/]/).slice(-3).join("/"))).toEqual(["dejavu-fonts-ttf/ttf/DejaVuSans.ttf", "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"]);
  });

  it("GET /api/v1/cycles/{id}/summary.png answers the picture to an admin only", async () => {
    const cycle = await closedCycle();
    const res = await t.app.request(`/api/v1/cycles/${cycle}/summary.png`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toContain("bieu-do-tuan-48-2026.png");
    expect(pngSize(new Uint8Array(await res.arrayBuffer())).width).toBe(1200);
    expect((await t.app.request(`/api/v1/cycles/${cycle}/summary.png`)).status).toBe(401);
    const missing = await t.call("GET", "/api/v1/cycles/nope/summary.png");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });
});

describe("the chart posted with the summary", () => {
  afterEach(() => t.close());

  it("goes to each chat as its channel takes it: uploaded on Telegram, by its signed URL on Zalo; the texts link to it", async () => {
    await setUp({ publicUrl: "https://bot.example.vn" });
    const cycle = await closedCycle();
    await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "telegram", chatId: "-100777", purpose: "summary" });
    await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "zalo", chatId: "zalo-group-1", purpose: "summary" });
    const res = await t.call("POST", `/api/v1/wards/${wardId}/summaries`, {});
    expect(res.status).toBe(200);
    const chartUrl: string = res.body.chartUrl;
    expect(chartUrl).toMatch(new RegExp(`^https://bot\\.example\\.vn/files/cycles/${cycle}/summary\\.png\\?exp=\\d+&sig=`));
    expect(res.body.text).toMatch(/^BÁO CÁO TỔNG HỢP TUẦN 48\/2026/);
    expect(res.body.text.endsWith(`\n\nXem biểu đồ: ${chartUrl}`)).toBe(true);
    expect(res.body.deliveries).toEqual([{ channel: "telegram", chatId: "-100777" }, { channel: "zalo", chatId: "zalo-group-1" }]);

    // Telegram: the photo and the HTML text, in one outbox message.
    const [telegram, ...others] = t.delivery.sent;
    expect(others).toEqual([]);
    expect(telegram!.address).toBe("telegram:-100777");
    const { photo, html, text } = telegram!.message;
    expect(photo).toMatchObject({ filename: "bieu-do-tuan-48-2026.png", caption: "Biểu đồ Tuần 48/2026 — Phường Ngọc Lâm" });
    const png = Buffer.from(photo!.base64!, "base64");
    expect(pngSize(png)).toEqual({ width: 1200, height: (await cycleChart(context(), cycle)).height });
    // The link in the HTML too: should Telegram refuse the photo, the words still lead to it.
    expect(html!.endsWith(`\n\nXem biểu đồ: ${chartUrl.replace(/&/g, "&amp;")}`)).toBe(true);
    expect(text).toBe(res.body.text);

    // Once sent, the outbox keeps the message but not the picture's bytes.
    const kept = await t.db.outboxMessage.findFirstOrThrow({ where: { address: "telegram:-100777" } });
    expect(kept.status).toBe("sent");
    expect(kept.payload).toMatchObject({ text, photo: { filename: "bieu-do-tuan-48-2026.png" } });
    expect((kept.payload as { photo: object }).photo).not.toHaveProperty("base64");

    // Zalo (no sender here: it waits in the outbox): pictures by URL only, so the signed link.
    const zalo = await t.db.outboxMessage.findFirstOrThrow({ where: { address: "zalo:zalo-group-1" } });
    expect(zalo.payload).toEqual({
      text: res.body.text,
      html: expect.any(String),
      photo: { filename: "bieu-do-tuan-48-2026.png", url: chartUrl, caption: "Biểu đồ Tuần 48/2026 — Phường Ngọc Lâm" },
    });

    // The link works for whoever gets it.
    const opened = await t.app.request(chartUrl.replace("https://bot.example.vn", ""));
    expect(opened.status).toBe(200);
    expect(Buffer.from(await opened.arrayBuffer()).equals(png)).toBe(true);
  });

  it("draws nothing for a ward with nowhere to post (and so gives no link)", async () => {
    await setUp({ publicUrl: "https://bot.example.vn" });
    const cycle = await closedCycle();
    const res = await t.call("POST", `/api/v1/wards/${wardId}/summaries`, { cycleId: cycle });
    expect(res.body.deliveries).toEqual([]);
    expect(res.body).not.toHaveProperty("chartUrl");
    expect((await t.db.auditLog.findFirstOrThrow({ where: { action: "summary.post" } })).details).toEqual({ deliveries: 0, chart: false });
  });

  it("sends the photo to chairs on Telegram too, and makes no link without PUBLIC_URL", async () => {
    await setUp();
    const chair = (await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Phạm Minh Đức", role: "chair" })).body;
    await chatHarness(t).user("900").command("start", chair.invite.code);
    const cycle = await closedCycle();
    const res = await t.call("POST", `/api/v1/wards/${wardId}/summaries`, { cycleId: cycle });
    expect(res.body.deliveries).toEqual([{ channel: "telegram", chatId: "900" }]);
    expect(res.body).not.toHaveProperty("chartUrl");
    expect(res.body.text).not.toContain("Xem biểu đồ");
    const summary = t.delivery.sent.find((o) => o.address === "telegram:900" && o.message.photo);
    expect(pngSize(Buffer.from(summary!.message.photo!.base64!, "base64")).width).toBe(1200);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "summary.post" } });
    expect(audit.details).toEqual({ deliveries: 1, chart: true });
  });

  it("without PUBLIC_URL, a Zalo chat (pictures by URL only) gets no picture and is told where the chart is", async () => {
    await setUp();
    const cycle = await closedCycle();
    await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "zalo", chatId: "g:zalo-group-1", purpose: "summary" });
    await t.call("POST", `/api/v1/wards/${wardId}/destinations`, { channel: "telegram", chatId: "-100777", purpose: "summary" });
    await t.call("POST", `/api/v1/wards/${wardId}/summaries`, {});
    const zalo = (await t.db.outboxMessage.findFirstOrThrow({ where: { address: "zalo:g:zalo-group-1" } })).payload as { text: string; photo?: object };
    expect(zalo.photo).toBeUndefined();
    expect(zalo.text.endsWith(`\n\nBiểu đồ không gửi kèm được qua kênh này; cán bộ quản trị tải tại /api/v1/cycles/${cycle}/summary.png.`)).toBe(true);
    // Telegram uploads it: no such line there.
    const telegram = t.delivery.sent.find((o) => o.address === "telegram:-100777")!;
    expect(telegram.message.photo?.base64).toBeTruthy();
    expect(telegram.message.text).not.toContain("Biểu đồ không gửi kèm");
  });
});
