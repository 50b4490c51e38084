import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The least of a Telegram Bot API on 127.0.0.1 for a server under test (TELEGRAM_API_ROOT): it
 * answers getMe, takes every sendMessage (recorded, in order) and says yes to anything else.
 */
export interface FakeBotApi {
  apiRoot: string;
  username: string;
  /** Every call the bot made, in order: method and JSON body. */
  calls: { method: string; body: Record<string, unknown> }[];
  /** The texts sent to one chat, in order. */
  sentTo(chatId: number): string[];
  close(): Promise<void>;
}

export async function startFakeBotApi(username = "wardbot_test_bot"): Promise<FakeBotApi> {
  const calls: FakeBotApi["calls"] = [];
  let messageId = 0;
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? "")?.[1] ?? "";
      let body: Record<string, unknown> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = { raw };
      }
      calls.push({ method, body });
      const result =
        method === "getMe"
          ? { id: 123456, is_bot: true, first_name: "wardbot", username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }
          : method === "sendMessage" || method === "sendPhoto"
            ? { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: "private" }, text: body.text }
            : true;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    username,
    calls,
    sentTo: (chatId) => calls.filter((c) => c.method === "sendMessage" && Number(c.body.chat_id) === chatId).map((c) => String(c.body.text)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
