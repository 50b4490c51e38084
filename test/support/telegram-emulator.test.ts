import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, Bot, GrammyError, InlineKeyboard } from "grammy";
import type { Chat, Message, UserFromGetMe } from "grammy/types";
import { startEmulator, userClient, type Emulator } from "./telegram-emulator.js";

const TOKEN = "123456:emulator-test-token";

const botInfo: UserFromGetMe = {
  id: 123456,
  is_bot: true,
  first_name: "wardbot",
  username: "wardbot_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

describe("telegram emulator harness with a grammY bot on long polling", () => {
  let emu: Emulator;
  let bot: Bot;
  let polling: Promise<void> | undefined;
  const botErrors: unknown[] = [];
  const chatsSeen: Chat[] = [];
  const updateIds: number[] = [];
  const answerResults: unknown[] = [];
  const sentResults: Message[] = [];

  beforeAll(async () => {
    emu = await startEmulator();
    bot = new Bot(TOKEN, { client: { apiRoot: emu.apiRoot }, botInfo });
    bot.use(async (ctx, next) => {
      updateIds.push(ctx.update.update_id);
      if (ctx.chat) chatsSeen.push(ctx.chat);
      await next();
    });
    bot.command("start", async (ctx) => {
      sentResults.push(await ctx.reply(`Mã mời: ${ctx.match}`));
    });
    bot.on("message:text", async (ctx) => {
      const keyboard = new InlineKeyboard().text("Có", "yes").text("Không", "no");
      sentResults.push(await ctx.reply(`Bạn nói: ${ctx.message.text}`, { reply_markup: keyboard }));
    });
    bot.on("callback_query:data", async (ctx) => {
      answerResults.push(await ctx.answerCallbackQuery({ text: "Đã nhận" }));
      await ctx.reply(`Bạn chọn: ${ctx.callbackQuery.data}`);
    });
    bot.catch((err) => void botErrors.push(err.error));
    await new Promise<void>((resolve, reject) => {
      polling = bot.start({ onStart: () => resolve() });
      polling.catch(reject);
    });
  });

  afterAll(async () => {
    if (bot?.isRunning()) await bot.stop();
    await polling;
    await emu?.stop();
  });

  it("delivers /start with its payload and shows the reply", async () => {
    const user = userClient(emu, TOKEN, { userId: 1001, firstName: "Lan" });
    await user.sendCommand("/start ABC123");
    const [reply] = await user.nextBotMessages();
    expect(reply!.text).toBe("Mã mời: ABC123");
    expect(reply!.buttons).toEqual([]);
    expect(chatsSeen.at(-1)).toMatchObject({ id: 1001, type: "private" });
  });

  it("shows an inline keyboard, presses a button, and the bot answers the callback query", async () => {
    const user = userClient(emu, TOKEN, { userId: 1002, firstName: "Minh" });
    await user.sendText("xin chào");
    const [menu] = await user.nextBotMessages();
    expect(menu!.text).toBe("Bạn nói: xin chào");
    expect(menu!.buttons).toEqual([
      [
        { text: "Có", data: "yes" },
        { text: "Không", data: "no" },
      ],
    ]);

    await user.pressButton("no");
    const [result] = await user.nextBotMessages();
    expect(result!.text).toBe("Bạn chọn: no");
    // answerCallbackQuery went through (the emulator answers `result: null`, Telegram `true`).
    expect(emu.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)?.payload).toMatchObject({ text: "Đã nhận" });
    expect(answerResults.at(-1)).toBeNull();
    expect(botErrors).toEqual([]);
  });

  it("refuses to press a button that is not on any bot message", async () => {
    const user = userClient(emu, TOKEN, { userId: 1003, firstName: "Hoa" });
    await user.sendText("menu");
    await user.nextBotMessages();
    await expect(user.pressButton("forged")).rejects.toThrow(/no button with data "forged" in chat 1003; buttons there: \["yes","no"\]/);
  });

  it("times out with a list of what did arrive, and keeps those messages for the next call", async () => {
    const user = userClient(emu, TOKEN, { userId: 1004, firstName: "Tú" });
    await user.sendText("một");
    await expect(user.nextBotMessages({ count: 2, timeoutMs: 300 })).rejects.toThrow(
      /Timed out after 300 ms waiting for 2 new bot message\(s\) in chat 1004; got 1: \["Bạn nói: một"\]/,
    );
    const [kept] = await user.nextBotMessages();
    expect(kept!.text).toBe("Bạn nói: một");
  });

  it("keeps private chats apart when users talk at the same time", async () => {
    const users = [2001, 2002, 2003].map((userId) => userClient(emu, TOKEN, { userId, firstName: `U${userId}` }));
    await Promise.all(users.map((u) => u.sendText(`tôi là ${u.chatId}`)));
    const replies = await Promise.all(users.map((u) => u.nextBotMessages()));
    expect(replies.map((r) => r.map((m) => m.text))).toEqual(users.map((u) => [`Bạn nói: tôi là ${u.chatId}`]));
  });

  it("simulates a group chat: negative id, type group, every member sees the bot's reply", async () => {
    const group = { chatId: -100777, type: "group" as const, chatTitle: "Tổ 5" };
    const an = userClient(emu, TOKEN, { userId: 3001, firstName: "An", ...group });
    const binh = userClient(emu, TOKEN, { userId: 3002, firstName: "Bình", ...group });
    await an.sendText("chào cả tổ");
    expect((await an.nextBotMessages())[0]!.text).toBe("Bạn nói: chào cả tổ");
    expect((await binh.nextBotMessages())[0]!.text).toBe("Bạn nói: chào cả tổ");
    expect(chatsSeen.at(-1)).toMatchObject({ id: -100777, type: "group", title: "Tổ 5" });

    await binh.pressButton("yes");
    expect((await an.nextBotMessages())[0]!.text).toBe("Bạn chọn: yes");
    expect(chatsSeen.at(-1)).toMatchObject({ id: -100777, type: "group" });
    // Quirk: the emulator's sendMessage result always says a private chat, and `date` is in ms.
    // (Read only now: the emulator stores a message before grammY has its answer, and the bot
    // handles one update at a time, so the text reply has surely resolved by the callback's reply.)
    const sent = sentResults.find((m) => m.chat.id === -100777)!;
    expect(sent.chat).toEqual({ id: -100777, first_name: "Bot", type: "private" });
    expect(sent.date).toBeGreaterThan(Date.now() / 100);
    expect(() => userClient(emu, TOKEN, { userId: 3003, firstName: "C", type: "group" })).toThrow(/needs a chatId/);
  });

  it("hands the bot increasing update_ids", () => {
    expect(updateIds.length).toBeGreaterThan(5);
    expect(updateIds).toEqual([...updateIds].sort((a, b) => a - b));
    expect(new Set(updateIds).size).toBe(updateIds.length);
  });
});

describe("what telegram-test-api supports (grammY Api against it)", () => {
  let emu: Emulator;
  let api: Api;
  const token = "777:support-token";

  beforeAll(async () => {
    emu = await startEmulator();
    api = new Api(token, { apiRoot: emu.apiRoot });
  });
  afterAll(() => emu?.stop());

  it("getMe answers a fixed identity whatever the token", async () => {
    expect(await api.getMe()).toEqual({ id: 666, username: "TestNameBot", first_name: "Test First name" });
  });

  it("answerCallbackQuery, editMessageText, editMessageReplyMarkup succeed with result null", async () => {
    const user = userClient(emu, token, { userId: 10, firstName: "A" });
    expect(await api.answerCallbackQuery("1")).toBeNull();
    const sent = await api.sendMessage(10, "trước", { reply_markup: new InlineKeyboard().text("x", "x") });
    expect(await api.editMessageText(10, sent.message_id, "sau")).toBeNull();
    expect(await api.editMessageReplyMarkup(10, sent.message_id, { reply_markup: new InlineKeyboard().text("y", "y") })).toBeNull();
    // Editing a message that does not exist still "succeeds".
    expect(await api.editMessageText(10, 999_999, "không có")).toBeNull();
    const [message] = user.allBotMessages();
    expect(message).toMatchObject({ messageId: sent.message_id, text: "sau", buttons: [[{ text: "y", data: "y" }]] });
  });

  it("deleteMessage works on stored messages and fails with a Bot API 400 otherwise", async () => {
    const sent = await api.sendMessage(11, "xoá tôi");
    expect(await api.deleteMessage(11, sent.message_id)).toBeNull();
    const error = await api.deleteMessage(11, sent.message_id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(400);
  });

  it("answers methods it lacks with HTTP 500 and no `ok`, which grammY throws without code or description", async () => {
    for (const call of [
      () => api.setMyCommands([{ command: "help", description: "Hướng dẫn" }]),
      () => api.getWebhookInfo(),
      () => api.sendChatAction(10, "typing"),
      () => api.sendPhoto(10, "https://example.invalid/a.png"),
      () => api.sendDocument(10, "file-id"),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GrammyError);
      expect((error as GrammyError).error_code).toBeUndefined();
      expect((error as GrammyError).message).toMatch(/^Call to '\w+' failed! \(undefined: undefined\)$/);
    }
    const res = await fetch(`${emu.apiRoot}/bot${token}/setMyCommands`, { method: "POST" });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: expect.stringMatching(/^API method 'setMyCommands' is not supported/) });
  });

  it("can stub missing methods and override getMe", async () => {
    const stubbed = await startEmulator({ stubs: { setMyCommands: true, getMe: { ...botInfo } } });
    try {
      const stubApi = new Api(token, { apiRoot: stubbed.apiRoot });
      expect(await stubApi.setMyCommands([{ command: "help", description: "Hướng dẫn" }])).toBe(true);
      expect((await stubApi.getMe()).username).toBe("wardbot_test_bot");
      expect(stubbed.calls.map((c) => c.method)).toEqual(["setMyCommands", "getMe"]);
      expect(stubbed.calls[0]!.payload).toEqual({ commands: [{ command: "help", description: "Hướng dẫn" }] });
    } finally {
      await stubbed.stop();
    }
  });

  it("getUpdates honours offset and limit and long-polls until an update arrives", async () => {
    const pollToken = "888:poll-token";
    const pollApi = new Api(pollToken, { apiRoot: emu.apiRoot });
    const user = userClient(emu, pollToken, { userId: 12, firstName: "P" });
    expect(await pollApi.getUpdates({ timeout: 0 })).toEqual([]);
    const started = Date.now();
    const waiting = pollApi.getUpdates({ timeout: 10 });
    setTimeout(() => void user.sendText("một"), 150);
    const [first] = await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(first!.message).toMatchObject({ text: "một", chat: { id: 12, type: "private" }, from: { id: 12, is_bot: false } });
    expect(first!.message).not.toHaveProperty("botToken");
    await user.sendText("hai");
    // Not confirmed yet: delivered again; limit respected.
    expect((await pollApi.getUpdates({ offset: first!.update_id, limit: 1 })).map((u) => u.message?.text)).toEqual(["một"]);
    const rest = await pollApi.getUpdates({ offset: first!.update_id + 1 });
    expect(rest.map((u) => u.message?.text)).toEqual(["hai"]);
    expect(await pollApi.getUpdates({ offset: rest[0]!.update_id + 1, timeout: 0 })).toEqual([]);
  });
});

describe("telegram-test-api webhooks", () => {
  let emu: Emulator;
  let receiver: Server;
  let receiverUrl: string;
  let status = 200;
  const received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: any }[] = [];
  const token = "999:webhook-token";

  beforeAll(async () => {
    emu = await startEmulator();
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(body) });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/telegram`;
  });
  afterAll(async () => {
    await emu?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("POSTs each update once to the URL, without the secret token header", async () => {
    const api = new Api(token, { apiRoot: emu.apiRoot });
    expect(await api.setWebhook(receiverUrl, { secret_token: "s3cret", allowed_updates: ["message"] })).toBeNull();
    const user = userClient(emu, token, { userId: 20, firstName: "W" });
    await user.sendText("qua webhook");
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(hit!.method).toBe("POST");
    expect(hit!.url).toBe("/webhooks/telegram");
    expect(hit!.headers["x-telegram-bot-api-secret-token"]).toBeUndefined();
    expect(hit!.headers["content-type"]).toMatch(/application\/json/);
    // The emulator's own update format: its internal botToken field leaks into the message.
    expect(hit!.body).toMatchObject({ update_id: expect.any(Number), message: { text: "qua webhook", chat: { id: 20 }, botToken: token } });

    // A non-2xx answer is not retried: the user's send fails (through the client's HTTP route it
    // would be an unhandled rejection inside the emulator instead).
    status = 401;
    await expect(user.sendText("bị từ chối")).rejects.toThrow(/status code 401/);
    expect(received).toHaveLength(2);

    expect(await api.deleteWebhook()).toBe(true);
    status = 200;
    await user.sendText("về hàng đợi");
    expect(received).toHaveLength(2);
    expect((await api.getUpdates({ timeout: 0 })).map((u) => u.message?.text)).toEqual(["về hàng đợi"]);
  });
});
