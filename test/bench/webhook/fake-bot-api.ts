/** A local fake of the Telegram Bot API: answers what the server calls and records every sendMessage. */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedMessage {
  chat: string;
  text: string;
  /** performance.now() in this process when the request arrived. */
  at: number;
}

export interface FakeBotApi {
  apiRoot: string;
  /** Every sendMessage, in arrival order. */
  received: ReceivedMessage[];
  /** Texts sent to each chat, in order. */
  sent: Map<string, string[]>;
  sendMessageCalls: () => number;
  calls: Map<string, number>;
  connections: () => number;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (data += d));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });

/** `onMessage` hears each sendMessage as it arrives (a bench that answers the bot as a person would). */
export async function startFakeBotApi(onMessage?: (message: ReceivedMessage) => void): Promise<FakeBotApi> {
  const received: ReceivedMessage[] = [];
  const sent = new Map<string, string[]>();
  const calls = new Map<string, number>();
  let messageId = 0;
  let connections = 0;
  const route = /^\/bot(\d+):[A-Za-z0-9_-]+\/([A-Za-z]+)$/;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const arrived = performance.now(); // before the body: the send time, as Telegram would count it
    const reply = (status: number, body: unknown) => {
      const json = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
      res.end(json);
    };
    const raw = await readBody(req).catch(() => "");
    const match = route.exec((req.url ?? "").split("?")[0]!);
    if (!match) return reply(404, { ok: false, error_code: 404, description: "Not Found" });
    const [, botId, method] = match;
    calls.set(method!, (calls.get(method!) ?? 0) + 1);
    let params: Record<string, unknown> = {};
    if (raw) {
      try {
        params = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return reply(400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON" });
      }
    }
    switch (method) {
      case "getMe":
        return reply(200, {
          ok: true,
          result: {
            id: Number(botId),
            is_bot: true,
            first_name: "Wardbot Bench",
            username: "wardbot_bench_bot",
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
            can_connect_to_business: false,
            has_main_web_app: false,
          },
        });
      case "setMyCommands":
      case "setWebhook":
      case "deleteWebhook":
      case "answerCallbackQuery":
        return reply(200, { ok: true, result: true });
      case "sendMessage": {
        const chatId = String(params.chat_id);
        const text = String(params.text ?? "");
        const message = { chat: chatId, text, at: arrived };
        received.push(message);
        onMessage?.(message);
        const list = sent.get(chatId) ?? [];
        list.push(text);
        sent.set(chatId, list);
        return reply(200, {
          ok: true,
          result: {
            message_id: ++messageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(chatId), type: "private", first_name: "Tổ trưởng" },
            from: { id: Number(botId), is_bot: true, first_name: "Wardbot Bench", username: "wardbot_bench_bot" },
            text,
            ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
          },
        });
      }
      default:
        return reply(404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    }
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    received,
    sent,
    calls,
    sendMessageCalls: () => received.length,
    connections: () => connections,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
