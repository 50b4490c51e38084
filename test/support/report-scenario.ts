import { expect } from "vitest";
import { pngSize } from "./png.js";
import { takeUserUpdates, userClient, type BotMessage, type EmulatedUser, type Emulator } from "./telegram-emulator.js";

/**
 * One Telegram reporting scenario, run the same way against any running wardbot (the Node server,
 * the Worker under wrangler dev): the admin sets a ward up over the API and invites a leader, the
 * leader (a telegram-test-api user) opens the deep link, the admin opens a cycle, the leader
 * answers the whole report (one answer mistyped and re-asked), sends it, then edits one answer
 * through /sua and sends again. Telegram's side is webhook-only here, as on Workers: the emulator
 * is the Bot API (TELEGRAM_API_ROOT) and each update the user makes is posted to the server's
 * webhook with the secret. What comes back is what an admin and the leader would see, normalised
 * so that two runs can be compared: ids, the moments of this run and signed-link tokens become
 * placeholders; values, statuses, versions, revisions, via, late marks and deadlines stay.
 */

export interface RunningServer {
  name: string;
  baseUrl: string;
  adminToken: string;
  /** The bot token the server runs with (the emulator keeps one bot's chats per token). */
  botToken: string;
  /** Posts one Telegram update to the server as Telegram would: to its webhook, with the secret. */
  deliver(update: unknown): Promise<void>;
}

export interface ScenarioOptions {
  /** The leader's Telegram user id (and private chat id). */
  userId: number;
  /** The cycle's deadline, fixed by the caller so that two runs announce the same one. */
  dueAt: string;
  /** How long to wait for each reply of the bot. */
  replyTimeoutMs?: number;
}

export interface ScenarioResult {
  /** GET /wards/{id}/cycles, GET /cycles/{id}, each report's history, the summary text and chart size, normalised. */
  api: unknown;
  /** The bot's messages to the leader, oldest first: text and button labels, normalised. */
  messages: { text: string; buttons: string[][] }[];
  timings: { step: string; ms: number }[];
}

/** Posts a Telegram update to `baseUrl`'s Telegram webhook with the secret header; any answer but 200 fails. */
export function webhookDelivery(baseUrl: string, secret: string) {
  return async (update: unknown) => {
    const res = await fetch(`${baseUrl}/webhooks/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    });
    expect(res.status, await res.text()).toBe(200);
  };
}

export async function reportScenario(emu: Emulator, server: RunningServer, options: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const wait = { timeoutMs: options.replyTimeoutMs ?? 30_000 };
  const timings: ScenarioResult["timings"] = [];
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const at = Date.now();
    try {
      return await run();
    } finally {
      timings.push({ step: name, ms: Date.now() - at });
    }
  };

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.adminToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    expect(res.status, `${server.name}: ${method} ${path} → ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  }

  /** What the leader just did reaches the server, as Telegram's webhook push would bring it. */
  const relay = async () => {
    for (const update of takeUserUpdates(emu, server.botToken)) await server.deliver(update);
  };
  /** The leader's action, relayed, and the bot's newest reply (every reply must come). */
  const reply = async (leader: EmulatedUser, act: () => Promise<void>): Promise<BotMessage> => {
    await act();
    await relay();
    return (await leader.nextBotMessages(wait)).at(-1)!;
  };

  const { ward, group, member } = await step("admin: ward, form, group, leader with invitation", async () => {
    const ward = await api("POST", "/api/v1/wards", { name: "Phường Đối Chiếu" });
    await api("PUT", `/api/v1/wards/${ward.id}/form`, {
      title: "Báo cáo tuần",
      questions: [
        { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", min: 0 },
        { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
        { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money" },
        { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no" },
        { key: "kien_nghi", text: "Kiến nghị của nhân dân?", type: "text", required: false },
      ],
    });
    const group = await api("POST", `/api/v1/wards/${ward.id}/groups`, { name: "Tổ dân phố số 7" });
    const member = await api("POST", `/api/v1/wards/${ward.id}/members`, { name: "Trần Thị Nga", role: "leader", groupId: group.id });
    return { ward, group, member };
  });
  const leader = userClient(emu, server.botToken, { userId: options.userId, firstName: "Nga" });

  await step("leader opens the invitation link", async () => {
    const code = new URL(member.invite.telegramLink).searchParams.get("start")!;
    expect((await reply(leader, () => leader.sendCommand(`/start ${code}`))).text).toContain("Xin chào ông/bà Trần Thị Nga");
  });

  const cycle = await step("admin opens a cycle; the first question arrives", async () => {
    const cycle = await api("POST", `/api/v1/wards/${ward.id}/cycles`, { label: "Tuần 48/2026", dueAt: options.dueAt });
    const [first] = await leader.nextBotMessages(wait);
    expect(first!.text).toContain("Câu 1/5: Số hộ được vận động?");
    return cycle;
  });

  await step("a mistyped number is re-asked in Vietnamese", async () => {
    const again = await reply(leader, () => leader.sendText("abc"));
    expect(again.text).toContain("Xin nhập một số nguyên, ví dụ: 12.");
    expect(again.text).toContain("Câu 1/5");
  });

  await step("the whole report, answer by answer", async () => {
    const choice = await reply(leader, () => leader.sendText("15 hộ"));
    expect(choice.text).toContain("Câu 2/5: Tình hình an ninh trật tự?");
    const stable = choice.buttons.flat().find((b) => b.text === "Ổn định")!;
    expect((await reply(leader, () => leader.pressButton(stable.data!))).text).toContain("Câu 3/5: Số tiền ủng hộ");
    expect((await reply(leader, () => leader.sendText("2tr5"))).text).toContain("Câu 4/5: Tổ có giữ vệ sinh");
    expect((await reply(leader, () => leader.sendText("co"))).text).toContain("Câu 5/5: Kiến nghị");
    const summary = await reply(leader, () => leader.sendText("Đề nghị sửa đèn đường ngõ 5"));
    expect(summary.text).toContain("→ 2.500.000 đồng");
    expect(summary.buttons.flat().map((b) => b.data)).toContain("c:send");
  });

  await step("the leader sends it and gets the receipt", async () => {
    expect((await reply(leader, () => leader.pressButton("c:send"))).text).toContain("Đã nhận báo cáo Tuần 48/2026 của Tổ dân phố số 7");
  });

  await step("the leader edits answer 1 through /sua and sends again", async () => {
    const editing = await reply(leader, () => leader.sendCommand("/sua"));
    expect(editing.text).toContain("đang sửa báo cáo đã gửi");
    expect((await reply(leader, () => leader.pressButton("c:edit:1"))).text).toContain("Câu 1/5");
    expect((await reply(leader, () => leader.sendText("16"))).text).toContain("→ 16");
    expect((await reply(leader, () => leader.pressButton("c:send"))).text).toContain("Đã nhận báo cáo Tuần 48/2026");
  });

  const read = await step("admin reads the cycle, its report histories, the summary and its chart", async () => {
    const list = await api("GET", `/api/v1/wards/${ward.id}/cycles`);
    const detail = await api("GET", `/api/v1/cycles/${cycle.id}`);
    const reports = detail.groups.flatMap((g: { reports: { id: string }[] }) => g.reports);
    const histories = [];
    for (const report of reports) histories.push(await api("GET", `/api/v1/cycles/${cycle.id}/reports/${report.id}`));
    const summary = await api("GET", `/api/v1/cycles/${cycle.id}/summary`);
    const png = await fetch(`${server.baseUrl}/api/v1/cycles/${cycle.id}/summary.png`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(png.status).toBe(200);
    const chart = { contentType: png.headers.get("content-type"), ...pngSize(new Uint8Array(await png.arrayBuffer())) };
    return { list, detail, histories, summary, chart };
  });
  expect(read.detail.groups[0].groupId).toBe(group.id);

  const normalise = normaliser(started, Date.now(), [
    [ward.id, "<ward>"],
    [group.id, "<group>"],
    [member.id, "<leader>"],
    [cycle.id, "<cycle>"],
  ]);
  return {
    api: normalise(read),
    messages: normalise(leader.allBotMessages().map((m) => ({ text: m.text, buttons: m.buttons.map((row) => row.map((b) => b.text)) }))),
    timings,
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_INSTANT = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})/g;
/** formatDateTimeInZone: "14:05 Thứ Sáu 27/11/2026" (in the ward's zone, Asia/Ho_Chi_Minh here: +07:00). */
const VI_INSTANT = /(\d{2}):(\d{2}) (Thứ \S+|Chủ nhật) (\d{2})\/(\d{2})\/(\d{4})/g;
const WARD_OFFSET = "+07:00";
const SLACK_MS = 5 * 60_000;

/**
 * Replaces what differs between two equal runs: ids (known ones by name, others numbered in order
 * of appearance), instants within this run (`<now>`, the offset kept: the zone must agree), and
 * the expiry and signature of signed links. Deadlines and other fixed instants stay as they are.
 */
function normaliser(from: number, to: number, known: [string, string][]) {
  const names = new Map(known.map(([id, name]) => [id.toLowerCase(), name]));
  const duringRun = (ms: number) => ms >= from - SLACK_MS && ms <= to + SLACK_MS;
  return <T>(value: T): T => {
    const text = JSON.stringify(value)
      .replace(UUID, (id) => {
        const key = id.toLowerCase();
        if (!names.has(key)) names.set(key, `<id${names.size - known.length + 1}>`);
        return names.get(key)!;
      })
      .replace(ISO_INSTANT, (all, y, mo, d, h, mi, s, zone) => {
        const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
        return duringRun(ms) ? `<now>${zone}` : all;
      })
      .replace(VI_INSTANT, (all, h, mi, _weekday, d, mo, y) => (duringRun(Date.parse(`${y}-${mo}-${d}T${h}:${mi}:00${WARD_OFFSET}`)) ? "<giờ gửi>" : all))
      .replace(/([?&])exp=\d+/g, "$1exp=<exp>")
      .replace(/([?&])sig=[\w-]+/g, "$1sig=<sig>");
    return JSON.parse(text) as T;
  };
}
