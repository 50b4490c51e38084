/** The benchmark's fixed figures: load shape, credentials of the fake bot, the form and the script. */
import { fileURLToPath } from "node:url";
import type { FormDefinition } from "../../../src/core/form.js";
import { telegramCapabilities } from "../../../src/channels/telegram/capabilities.js";

export const LEADERS = 500;
/**
 * Chats answering at once (one request in flight each). The load is all 500 at once;
 * WEBHOOK_CONCURRENCY=40 is what Telegram does by default (max_connections 40 per webhook).
 */
export const CONCURRENCY = Math.min(LEADERS, Number(process.env.WEBHOOK_CONCURRENCY ?? LEADERS));
/**
 * Updates offered per second (WEBHOOK_OFFERED_RATE; 0: as fast as the server answers). With
 * WEBHOOK_CONCURRENCY=40 and WEBHOOK_OFFERED_RATE=500, the "p99 ≤ 50 ms at Telegram's 40
 * connections with ≥ 500 updates/s offered": updates are sent on a fixed schedule, and each
 * latency counts from its update's scheduled time.
 */
export const OFFERED_RATE = Number(process.env.WEBHOOK_OFFERED_RATE ?? 0);
export const TARGET_RATE = 1000;
export const TARGET_P99_MS = 50;
export const REQUEST_TIMEOUT_MS = 30_000;
export const BASELINE_RUNS = 3;

/** The server's own pacing rules (what it promises), and Telegram's documented cap per bot. */
export const PACING = telegramCapabilities.pacing;
export const TELEGRAM_CAP_PER_S = 30;
/** Receive-side jitter allowed on the pacing checks (HTTP and event-loop delays on loopback). */
export const JITTER_MS = 50;
/** Waiting for the outbox: remaining / PACING.perSecond seconds, plus this. */
export const DRAIN_SLACK_MS = 60_000;
/** After the last expected message, how long to keep listening for extra (duplicate) sends. */
export const SETTLE_MS = 1_500;

export const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
export const BOT_ID = 123456789;
export const BOT_TOKEN = `${BOT_ID}:benchBenchBenchBench_0123456789-xyz`;
export const WEBHOOK_SECRET = "bench_webhook_secret-0123456789";
export const LEADER_USER_BASE = 700_000_000;
export const STRANGER_USER_BASE = 800_000_000;

export const FORM: FormDefinition = {
  title: "Báo cáo tuần",
  roles: ["leader"],
  questions: [
    { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer", required: true, min: 0, max: 500 },
    { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", required: true, options: ["Ổn định", "Có vụ việc"] },
    { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
    { key: "ve_sinh", text: "Tổ có giữ vệ sinh môi trường không?", type: "yes_no", required: true },
  ],
};

/** What leader i sends, step by step, and what the bot must answer each time (a substring). */
const households = (i: number) => 1 + (i % 200);
export const STEPS: { text: (i: number) => string; expect: string }[] = [
  { text: (i) => String(households(i)), expect: "Câu 2/4" },
  { text: () => "1", expect: "Câu 3/4" },
  { text: () => "bỏ qua", expect: "Câu 4/4" },
  { text: () => "có", expect: "Xin ông/bà xem lại báo cáo" },
  { text: () => "gửi", expect: "Đã nhận báo cáo" },
];
/** Every message a leader must receive, in order: the prompt when the cycle opens, then the replies. */
export const LEADER_SEQUENCE = ["Câu 1/4", ...STEPS.map((s) => s.expect)];

export const root = fileURLToPath(new URL("../../../", import.meta.url));
