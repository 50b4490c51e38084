/**
 * A local fake of the Zalo Bot API (https://bot-api.zaloplatforms.com), for the tests, for
 * `npm run dev` (ZALO_API_ROOT) and for chatting with the bot from a terminal without a Zalo
 * account (`npm run zalo:chat`). It follows the documented shapes: `POST /bot<TOKEN>/<method>`,
 * answers `{ok, result}` or `{ok: false, error_code, description}` with the same HTTP status;
 * 401 for another token, 408 for a long poll that found nothing, 429 on demand (failNext).
 * Users' messages go to the webhook when one is set (with the secret header), otherwise to
 * getUpdates, one update per call. Node only; never part of the server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";

export interface FakeSent {
  method: "sendMessage" | "sendPhoto";
  chatId: string;
  text?: string;
  photo?: string;
  caption?: string;
  messageId: string;
}

export interface FakeUserMessage {
  userId: string;
  name?: string;
  text?: string;
  /** Default message.text.received (or message.image.received with `photoUrl`). */
  event?: string;
  photoUrl?: string;
  /** A group chat: its id (the user's id is the chat id of a private chat). */
  groupId?: string;
  /** The same id twice makes a redelivery. */
  messageId?: string;
  /** The name field: live payloads say display_name, the getUpdates sample first_name. */
  nameField?: "display_name" | "first_name";
}

export interface ZaloFakeOptions {
  token: string;
  host?: string;
  port?: number;
  /** Longest a getUpdates waits before its 408, whatever timeout the bot asks (tests keep it short). */
  maxPollMs?: number;
  /** How webhook bodies are wrapped: the documented {ok, result} or the flat shape seen live. */
  envelope?: "wrapped" | "flat";
  accountName?: string;
}

const hexId = () => randomBytes(10).toString("hex");
const MAX_TEXT = 2000;

export async function startZaloFake(options: ZaloFakeOptions) {
  const envelope = options.envelope ?? "flat";
  const calls: { method: string; body: Record<string, unknown> }[] = [];
  const sent: FakeSent[] = [];
  const queue: object[] = [];
  const failures = new Map<string, { code: number; description: string }[]>();
  const blocked = new Set<string>();
  const readBy = new Map<string, number>();
  const sentListeners = new Set<(message: FakeSent) => void>();
  let queueWaiters: (() => void)[] = [];
  let webhook: { url: string; secret: string } | undefined;

  const answer = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, code: number, description: string) => answer(res, code, { ok: false, error_code: code, description });

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (!raw) return {};
    try {
      const parsed = JSON.parse(raw);
      return typeof parsed === "object" && parsed && !Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  function waitForUpdate(ms: number, req: IncomingMessage): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        queueWaiters = queueWaiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      queueWaiters.push(done);
      req.on("close", done);
    });
  }

  function record(message: FakeSent) {
    sent.push(message);
    for (const listener of sentListeners) listener(message);
  }

  const server = createServer(async (req, res) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match) return refuse(res, 404, "Not Found");
    const [, token, method] = match as unknown as [string, string, string];
    const body = await readJson(req);
    if (token !== options.token) return refuse(res, 401, "Unauthorized");
    if (!body) return refuse(res, 400, "Bad Request: invalid JSON");
    calls.push({ method, body });
    const injected = failures.get(method)?.shift();
    if (injected) return refuse(res, injected.code, injected.description);
    const chatId = typeof body.chat_id === "string" ? body.chat_id : undefined;
    switch (method) {
      case "getMe":
        return answer(res, 200, {
          ok: true,
          result: { id: options.token.split(":")[0], account_name: options.accountName ?? "bot.WardFake", account_type: "BASIC", can_join_groups: false },
        });
      case "getUpdates": {
        if (webhook) return refuse(res, 400, "Bad Request: webhook is active, delete it before getUpdates");
        if (!queue.length) await waitForUpdate(Math.min(Number(body.timeout ?? 30) * 1000, options.maxPollMs ?? 30_000), req);
        const next = queue.shift();
        if (!next) return refuse(res, 408, "Request timeout");
        return answer(res, 200, { ok: true, result: next });
      }
      case "setWebhook": {
        const url = body.url;
        const secret = body.secret_token;
        if (typeof url !== "string" || !/^https?:\/\//.test(url)) return refuse(res, 400, "Bad Request: url must be an HTTPS URL");
        if (typeof secret !== "string" || secret.length < 8 || secret.length > 256) return refuse(res, 400, "Bad Request: secret_token must be 8-256 characters");
        webhook = { url, secret };
        return answer(res, 200, { ok: true, result: { url, updated_at: Date.now() } });
      }
      case "deleteWebhook":
        webhook = undefined;
        return answer(res, 200, { ok: true, result: { url: "", updated_at: Date.now() } });
      case "getWebhookInfo":
        return answer(res, 200, { ok: true, result: { url: webhook?.url ?? "", updated_at: Date.now() } });
      case "sendMessage":
      case "sendPhoto": {
        if (!chatId) return refuse(res, 400, "Bad Request: chat_id is required");
        if (blocked.has(chatId)) return refuse(res, 403, "Forbidden: the user has blocked the bot or cannot be reached");
        const messageId = hexId();
        if (method === "sendMessage") {
          const text = body.text;
          if (typeof text !== "string" || text.length < 1 || text.length > MAX_TEXT) return refuse(res, 400, "Bad Request: text must be 1-2000 characters");
          record({ method, chatId, text, messageId });
        } else {
          if (typeof body.photo !== "string" || !/^https?:\/\//.test(body.photo)) return refuse(res, 400, "Bad Request: photo must be a URL");
          record({ method, chatId, photo: body.photo, caption: typeof body.caption === "string" ? body.caption : undefined, messageId });
        }
        return answer(res, 200, { ok: true, result: { message_id: messageId, date: Date.now() } });
      }
      case "sendChatAction":
        return answer(res, 200, { ok: true, result: true });
      default:
        return refuse(res, 404, "Not Found");
    }
  });
  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;

  /** The update a user's message makes, as the documentation shows it. */
  function updateOf(m: FakeUserMessage) {
    const event = m.event ?? (m.photoUrl ? "message.image.received" : "message.text.received");
    const message: Record<string, unknown> = {
      from: { id: m.userId, [m.nameField ?? "display_name"]: m.name ?? "Người dùng thử", is_bot: false },
      chat: { id: m.groupId ?? m.userId, chat_type: m.groupId ? "GROUP" : "PRIVATE" },
      message_id: m.messageId ?? hexId(),
      date: Date.now(),
    };
    if (m.text !== undefined) message.text = m.text;
    if (m.photoUrl) message.photo_url = m.photoUrl;
    return { event_name: event, message };
  }

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    port,
    calls,
    sent,
    get webhook() {
      return webhook;
    },
    /** The next `times` calls of `method` fail with this code (429 "Quota exceeded", 401, 500…). */
    failNext(method: string, code: number, description = code === 429 ? "Quota exceeded" : "Error", times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push({ code, description });
      failures.set(method, list);
    },
    /** Messages to this chat id are refused with 403 from now on (the person blocked the bot). */
    block(chatId: string) {
      blocked.add(chatId);
    },
    /**
     * A user sends a message: posted to the webhook when one is set (its HTTP status is
     * returned), queued for getUpdates otherwise.
     */
    async userSends(m: FakeUserMessage): Promise<{ update: object; status?: number }> {
      return this.deliver(updateOf(m));
    },
    /** Delivers a ready-made update (any shape). */
    async deliver(update: object): Promise<{ update: object; status?: number }> {
      if (webhook) {
        const res = await fetch(webhook.url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-bot-api-secret-token": webhook.secret },
          body: JSON.stringify(envelope === "wrapped" ? { ok: true, result: update } : update),
        });
        await res.arrayBuffer();
        return { update, status: res.status };
      }
      queue.push(update);
      for (const wake of queueWaiters) wake();
      return { update };
    },
    /** Updates still waiting for a getUpdates. */
    pending: () => queue.length,
    /** Calls `listener` for every message the bot sends from now on; returns the unsubscribe. */
    onSent(listener: (message: FakeSent) => void) {
      sentListeners.add(listener);
      return () => void sentListeners.delete(listener);
    },
    /** The next message the bot sent to `chatId` that this reader has not seen yet. */
    async nextBotMessage(chatId: string, timeoutMs = 5_000): Promise<FakeSent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const seen = readBy.get(chatId) ?? 0;
        const mine = sent.filter((s) => s.chatId === chatId);
        if (mine.length > seen) {
          readBy.set(chatId, seen + 1);
          return mine[seen]!;
        }
        if (Date.now() > deadline) throw new Error(`no message from the bot to ${chatId} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const wake of queueWaiters) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ZaloFake = Awaited<ReturnType<typeof startZaloFake>>;
