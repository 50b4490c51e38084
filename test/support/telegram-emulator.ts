/**
 * End-to-end test harness around telegram-test-api, a Telegram Bot API emulator.
 *
 * The emulator keeps user updates and bot messages in memory and answers a subset of the Bot
 * API (see telegram-emulator.test.ts for what it does and does not support). This harness:
 *  - serves it on 127.0.0.1 on a free port (`apiRoot` is what grammY's `client.apiRoot` and our
 *    TELEGRAM_API_ROOT take);
 *  - answers the bot's `getUpdates` itself, as Telegram does: it long-polls (the emulator answers at
 *    once, so grammY's `bot.start()` would spin), honours `offset` (updates below it are confirmed,
 *    the rest are delivered again) and `limit`; the emulator forgets an update once delivered;
 *  - records every other Bot API call the bot makes (`calls`), and can answer methods the emulator
 *    lacks (`stubs`) instead of its HTTP 500;
 *  - emulates users: sends their messages, commands and button presses, and reads what the bot
 *    sent to their chat.
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TelegramServer, type StoredBotUpdate, type StoredClientUpdate } from "telegram-test-api/lib/telegramServer.js";

export { TelegramServer };

export interface EmulatorOptions {
  /**
   * Bot API methods answered `{ ok: true, result }` instead of going to the emulator, e.g.
   * `{ setMyCommands: true }` (it answers methods it lacks with HTTP 500 and no `ok`, which grammY
   * throws as a GrammyError) or `{ getMe: {...} }` (its own getMe is always TestNameBot, id 666).
   */
  stubs?: Record<string, unknown>;
}

/** One Bot API call the bot made (getUpdates excluded), once answered. */
export interface BotApiCall {
  token: string;
  method: string;
  payload: Record<string, unknown>;
  /** HTTP status of the answer; the emulator's errors are 500 (unknown method) or 200 with `ok: false`. */
  status: number;
}

export interface Emulator {
  /** e.g. "http://127.0.0.1:41234", no trailing slash. */
  apiRoot: string;
  /** The emulator itself (storage, builders). Served by this harness: do not call its start()/stop(). */
  server: TelegramServer;
  calls: BotApiCall[];
  stop(): Promise<void>;
}

export type ChatType = "private" | "group" | "supergroup";

export interface UserSpec {
  userId: number;
  firstName: string;
  /** The emulator says "testUserName" when not given. */
  username?: string;
  /** Defaults to userId for a private chat (as in Telegram); required for groups (negative there). */
  chatId?: number;
  type?: ChatType;
  /** Group title; the emulator falls back to the first name. */
  chatTitle?: string;
}

export interface InlineButton {
  text: string;
  /** callback_data */
  data?: string;
  url?: string;
}

export interface BotMessage {
  messageId: number;
  text: string;
  /** Inline keyboard rows (reply keyboards stay in `raw.reply_markup`). */
  buttons: InlineButton[][];
  /** The bot's sendMessage parameters as the emulator stored them, later edits merged in. */
  raw: Record<string, unknown>;
}

export interface EmulatedUser {
  readonly chatId: number;
  /** A plain text message (no entities: grammY's bot.command() does not match it). */
  sendText(text: string): Promise<void>;
  /** A sticker: a message without text, as Telegram sends one. */
  sendSticker(): Promise<void>;
  /** "/start ABC": a message with a bot_command entity over "/start". */
  sendCommand(text: string): Promise<void>;
  /** Presses the button carrying this callback data on the newest bot message in the chat that has one. */
  pressButton(callbackData: string): Promise<void>;
  /**
   * Waits until at least `count` bot messages to this chat arrived since the previous call (the
   * first call counts from the start) and returns all of them, oldest first. On timeout it
   * rejects, listing what did arrive, and the messages stay unread for the next call.
   */
  nextBotMessages(opts?: { count?: number; timeoutMs?: number }): Promise<BotMessage[]>;
  /** Every bot message in this chat so far, as they are now (edits applied). */
  allBotMessages(): BotMessage[];
}

const USER_UPDATE_EVENTS = ["AddedUserMessage", "AddedUserCommand", "AddedUserCallbackQuery"];
const BOT_METHOD = /^\/bot([^/]+)\/([A-Za-z0-9_]+)$/;
const MAX_POLL_SECONDS = 50;
const DEFAULT_WAIT_MS = 5_000;
/** Safety net: a wait re-checks storage at least this often even without an event. */
const RECHECK_MS = 100;

/** Starts the emulator on 127.0.0.1 on a free port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const stubs = options.stubs ?? {};
  // The port is only used for server.config.apiURL, which is set again once we know ours.
  const server = new TelegramServer({ host: "127.0.0.1", port: 1 });
  // The emulator's express app; its start() would listen on a fixed port (0 means 9000 there).
  const emulatorApp = (server as unknown as { webServer: RequestListener }).webServer;
  const calls: BotApiCall[] = [];
  const userUpdates = new EventEmitter().setMaxListeners(0);
  const notify = () => userUpdates.emit("update");
  for (const event of USER_UPDATE_EVENTS) server.on(event, notify);
  let stopping = false;

  /** Per token, how to end the long poll in progress (Telegram allows one poller per bot). */
  const polling = new Map<string, () => void>();

  async function getUpdates(token: string, payload: Record<string, unknown>, res: ServerResponse) {
    const offset = Number(payload.offset ?? 0);
    const limit = Math.min(Math.max(Number(payload.limit ?? 100) || 100, 1), 100);
    const deadline = Date.now() + Math.min(Number(payload.timeout ?? 0) || 0, MAX_POLL_SECONDS) * 1000;
    let gone = false;
    res.once("close", () => (gone = true));
    // As Telegram does: a second poller for the same bot ends the first one's poll with 409.
    let superseded = false;
    polling.get(token)?.();
    const supersede = () => {
      superseded = true;
      notify();
    };
    polling.set(token, supersede);
    const done = () => {
      if (polling.get(token) === supersede) polling.delete(token);
    };
    try {
      await pollLoop();
    } finally {
      done(); // at once, as the answer goes: a poll that follows is not a second poller
    }
    async function pollLoop() {
      for (;;) {
        if (gone) return; // the bot gave up (e.g. bot.stop() aborts its poll): deliver nothing
        if (superseded)
          return sendJson(res, 409, { ok: false, error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
        const mine = server.storage.userMessages.filter((u) => u.botToken === token && !u.isRead);
        for (const u of mine) if (u.updateId < offset) u.isRead = true; // confirmed by the offset
        const pending = mine.filter((u) => !u.isRead).slice(0, limit);
        const left = deadline - Date.now();
        if (pending.length || left <= 0 || stopping) return sendJson(res, 200, { ok: true, result: pending.map(toUpdate) });
        await waitUntil(left, (wake) => {
          userUpdates.on("update", wake);
          res.on("close", wake);
          return () => {
            userUpdates.off("update", wake);
            res.off("close", wake);
          };
        });
      }
    }
  }

  async function ownAnswer(token: string, method: string, req: IncomingMessage, res: ServerResponse) {
    const payload = await readPayload(req);
    if (method === "getUpdates") return getUpdates(token, payload, res);
    sendJson(res, 200, { ok: true, result: stubs[method] });
    calls.push({ token, method, payload, status: 200 });
  }

  const http = createServer((req, res) => {
    const match = BOT_METHOD.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (!match) return emulatorApp(req, res); // the emulator's client routes (/sendMessage, ...)
    const token = match[1]!;
    const method = match[2]!;
    if (method === "getUpdates" || Object.hasOwn(stubs, method)) {
      ownAnswer(token, method, req, res).catch((error: Error) =>
        sendJson(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${error.message}` }),
      );
      return;
    }
    res.once("finish", () => {
      // express has parsed the JSON or urlencoded body onto req.body by then
      const payload = (req as IncomingMessage & { body?: Record<string, unknown> }).body ?? {};
      calls.push({ token, method, payload, status: res.statusCode });
    });
    emulatorApp(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", () => resolve());
  });
  const apiRoot = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  server.config.apiURL = apiRoot;

  return {
    apiRoot,
    server,
    calls,
    async stop() {
      if (stopping) return;
      stopping = true;
      notify(); // pending long polls answer with what they have
      for (const event of USER_UPDATE_EVENTS) server.off(event, notify);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections(); // grammY's keep-alive sockets
      });
    },
  };
}

/** A user (in a private chat by default) talking to the bot with this token. */
export function userClient(emu: Emulator, token: string, user: UserSpec): EmulatedUser {
  const type = user.type ?? "private";
  const chatId = user.chatId ?? (type === "private" ? user.userId : undefined);
  if (chatId === undefined) throw new Error(`userClient: a ${type} chat needs a chatId (negative, e.g. -100123)`);
  const client = emu.server.getClient(token, {
    userId: user.userId,
    firstName: user.firstName,
    chatId,
    type,
    ...(user.username ? { userName: user.username } : {}),
    ...(user.chatTitle ? { chatTitle: user.chatTitle } : {}),
  });
  const botId = Number(token.split(":")[0]) || 666;
  let cursor = 0; // highest messageId returned by nextBotMessages (ids are global and increasing)

  const storedForToken = () => emu.server.storage.botMessages.filter((u) => u.botToken === token);
  const inChat = (u: StoredBotUpdate) => String((u.message as { chat_id?: unknown }).chat_id) === String(chatId);
  const allBotMessages = () => storedForToken().filter(inChat).map(toBotMessage);

  return {
    chatId,
    allBotMessages,
    async sendText(text) {
      await emu.server.addUserMessage(client.makeMessage(text));
    },
    async sendSticker() {
      const message: Record<string, unknown> = client.makeMessage("");
      delete message.text;
      message.sticker = { file_id: "CAACAgIAAxkBAAE", file_unique_id: "AgADsticker", type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "👍" };
      await emu.server.addUserMessage(message as never);
    },
    async sendCommand(text) {
      if (!text.startsWith("/")) throw new Error(`sendCommand: ${JSON.stringify(text)} does not start with "/"`);
      await emu.server.addUserCommand(client.makeCommand(text));
    },
    async pressButton(callbackData) {
      const newestFirst = allBotMessages().reverse();
      const target = newestFirst.find((m) => m.buttons.flat().some((b) => b.data === callbackData));
      if (!target) {
        const seen = newestFirst.flatMap((m) => m.buttons.flat().map((b) => b.data)).filter((d) => d !== undefined);
        throw new Error(`pressButton: no button with data ${JSON.stringify(callbackData)} in chat ${chatId}; buttons there: ${JSON.stringify(seen)}`);
      }
      const stored = storedForToken().find((u) => u.messageId === target.messageId)!;
      const message = {
        message_id: target.messageId,
        date: Math.floor(stored.time / 1000),
        from: { id: botId, is_bot: true, first_name: "Bot" },
        text: target.text,
        reply_markup: target.raw.reply_markup,
      };
      const query = client.makeCallbackQuery(callbackData, { message });
      // The emulator builds the query with deep-extend, whose in-place merge makes the query's
      // own `from` (shared with its default message) the bot: restore the pressing user.
      query.from = { id: user.userId, is_bot: false, first_name: user.firstName };
      await emu.server.addUserCallback(query);
    },
    async nextBotMessages({ count = 1, timeoutMs = DEFAULT_WAIT_MS } = {}) {
      const deadline = Date.now() + timeoutMs;
      const firstCall = emu.calls.length;
      for (;;) {
        const fresh = storedForToken().filter((u) => u.messageId > cursor);
        const mine = fresh.filter(inChat);
        if (mine.length >= count) {
          cursor = mine[mine.length - 1]!.messageId;
          return mine.map(toBotMessage);
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          const elsewhere = fresh.filter((u) => !inChat(u)).map((u) => `chat ${String(u.message.chat_id)}: ${JSON.stringify(u.message.text)}`);
          const calls = emu.calls.slice(firstCall).map((c) => `${c.method} (${c.status})`);
          throw new Error(
            `Timed out after ${timeoutMs} ms waiting for ${count} new bot message(s) in chat ${chatId}; ` +
              `got ${mine.length}: ${JSON.stringify(mine.map((u) => u.message.text))}. ` +
              `Bot messages to other chats: [${elsewhere.join("; ")}]. Bot API calls meanwhile: [${calls.join(", ")}]`,
          );
        }
        await waitUntil(Math.min(left, RECHECK_MS), (wake) => {
          emu.server.on("AddedBotMessage", wake);
          return () => emu.server.off("AddedBotMessage", wake);
        });
      }
    },
  };
}

/**
 * The user updates for this token that the bot has not received yet, as the Bot API delivers
 * them, marked delivered: for a test that posts them to the bot's webhook itself (the emulator's
 * own webhook push cannot send the secret header).
 */
export function takeUserUpdates(emu: Emulator, token: string) {
  const pending = emu.server.storage.userMessages.filter((u) => u.botToken === token && !u.isRead);
  for (const u of pending) u.isRead = true;
  return pending.map(toUpdate);
}

/** A stored user update as the Bot API delivers it (without the emulator's `botToken` field). */
function toUpdate(stored: StoredClientUpdate) {
  if ("callbackQuery" in stored) {
    const { from, message, data } = stored.callbackQuery;
    const chatInstance = String((message as { chat?: { id?: unknown } }).chat?.id);
    return { update_id: stored.updateId, callback_query: { id: String(stored.callbackId), chat_instance: chatInstance, from, message, data } };
  }
  const { botToken: _token, ...message } = stored.message;
  return { update_id: stored.updateId, message: { ...message, message_id: stored.messageId } };
}

interface StoredKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
}

function toBotMessage(stored: StoredBotUpdate): BotMessage {
  const raw = stored.message as Record<string, unknown> & { text?: string; reply_markup?: { inline_keyboard?: StoredKeyboardButton[][] } };
  const rows = raw.reply_markup?.inline_keyboard ?? [];
  return {
    messageId: stored.messageId,
    text: raw.text ?? "",
    buttons: rows.map((row) =>
      row.map((b) => ({
        text: b.text,
        ...(b.callback_data !== undefined ? { data: b.callback_data } : {}),
        ...(b.url !== undefined ? { url: b.url } : {}),
      })),
    ),
    raw,
  };
}

/** Resolves after `ms`, or earlier when `subscribe` calls `wake`; `subscribe` returns its unsubscribe. */
function waitUntil(ms: number, subscribe: (wake: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const wake = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(wake, ms);
    unsubscribe = subscribe(wake);
  });
}

/** Bot API parameters from the query string and a JSON or urlencoded body. */
async function readPayload(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  const payload: Record<string, unknown> = Object.fromEntries(new URL(req.url ?? "/", "http://x").searchParams);
  const type = req.headers["content-type"] ?? "";
  if (body && type.includes("application/json")) Object.assign(payload, JSON.parse(body));
  else if (body && type.includes("application/x-www-form-urlencoded")) Object.assign(payload, Object.fromEntries(new URLSearchParams(body)));
  return payload;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
