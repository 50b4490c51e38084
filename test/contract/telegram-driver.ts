/**
 * The Telegram driver of the contract suite: people talk through the telegram-test-api emulator,
 * their updates are posted, as Telegram does, to the real /webhooks/telegram route with the
 * secret the adapter registered (setWebhook), grammY handles them, and what the person sees is
 * what the real sender posted to the emulator (texts and inline buttons). The emulator's own
 * webhook push cannot send the secret header, so this driver posts the updates itself.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { telegramSender } from "../../src/channels/telegram/bot.js";
import { connectTelegram } from "../../src/channels/telegram/connect.js";
import { capabilitiesOf } from "../../src/channels/registry.js";
import { createLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import { telegramWebhook } from "../../src/server/routes/telegram-webhook.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import { handleInbound } from "../../src/services/chat/handle-inbound.js";
import type { ServiceContext } from "../../src/services/context.js";
import { startDeliveryLoop } from "../../src/services/delivery-loop.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { freshDatabase } from "../support/database.js";
import { startEmulator, takeUserUpdates, userClient, type BotMessage } from "../support/telegram-emulator.js";
import { choiceIndex, errorLines, type ChannelUser, type ContractWorld, type Reply } from "./driver.js";

const TOKEN = "777001:contract-test-token-abcdefghijk";
const SECRET = "contract_webhook-secret-0123";
const ADMIN = "contract-admin-token-0123456789ab";

export async function startTelegramContractWorld(): Promise<ContractWorld> {
  // The emulator lacks setMyCommands and setWebhook: answered as Telegram does, and recorded.
  const emu = await startEmulator({ stubs: { setMyCommands: true, setWebhook: true } });
  const { db } = await freshDatabase();
  const logs: string[] = [];
  const log = createLogger("error", (line) => logs.push(line));
  const { keys } = await prepareAdminKeys(db, ADMIN);
  let loop: ReturnType<typeof startDeliveryLoop> | undefined;
  const ctx = (): ServiceContext => ({ db, now: () => new Date(), log, actor: "chat", defaultTimezone: "Asia/Ho_Chi_Minh", delivery: loop });

  let app: ReturnType<typeof createApp> | undefined;
  const server = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const telegram = await connectTelegram({ token: TOKEN, apiRoot: emu.apiRoot, mode: "webhook", webhookSecret: SECRET }, baseUrl, log, (event) =>
    handleInbound(ctx(), event),
  );
  app = createApp({
    db,
    log,
    now: () => new Date(),
    adminKeys: keys,
    version: "test",
    defaultTimezone: "Asia/Ho_Chi_Minh",
    telegramBotUsername: telegram.username,
    delivery: { wake: () => loop?.wake() },
    webhooks: [await telegramWebhook(telegram.bot, SECRET)],
  });
  loop = startDeliveryLoop(
    createDeliverer({ db, senders: { telegram: telegramSender(telegram.bot) }, log, pacing: { telegram: { perSecond: 1e6, privateGapMs: 0, groupGapMs: 0 } } }),
    log,
    20,
  );
  // Where Telegram would post: what the adapter registered.
  const registered = emu.calls.find((c) => c.method === "setWebhook")?.payload as { url: string; secret_token: string } | undefined;
  if (!registered?.url || registered.secret_token !== SECRET) throw new Error("the Telegram adapter did not register its webhook with the secret");

  const post = async (update: object, secret = registered.secret_token) => {
    const res = await fetch(registered.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    return res.status;
  };

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  let nextUserId = 910_000;
  let forgedUpdateId = 5_000_000;
  function newUser(): ChannelUser {
    const userId = nextUserId++;
    const person = userClient(emu, TOKEN, { userId, firstName: "Người dùng thử" });
    const unread: BotMessage[] = [];
    let last: object | undefined;
    /** Posts what the person just did to the webhook, as Telegram would. */
    const deliver = async () => {
      for (const update of takeUserUpdates(emu, TOKEN)) {
        const status = await post(update);
        if (status !== 200) throw new Error(`the Telegram webhook answered ${status}`);
        last = update;
      }
    };
    const asReply = (m: BotMessage): Reply => ({ text: m.text, choices: m.buttons.flat().map((b) => b.text) });
    return {
      // The invitation's deep link t.me/<bot>?start=<code> opens the chat with "/start <code>".
      pair: async (code) => (await person.sendCommand(`/start ${code}`), deliver()),
      say: async (text) => (await person.sendText(text), deliver()),
      command: async (name, args = "") => (await person.sendCommand(`/${name}${args ? ` ${args}` : ""}`), deliver()),
      async choose(label) {
        // Telegram shows buttons: the person presses the newest one so labelled.
        const withButton = person.allBotMessages().reverse().find((m) => choiceIndex(asReply(m).choices, label) >= 0);
        if (!withButton) throw new Error(`no button labelled ${JSON.stringify(label)} in the chat`);
        const buttons = withButton.buttons.flat();
        await person.pressButton(buttons[choiceIndex(buttons.map((b) => b.text), label)]!.data!);
        await deliver();
      },
      sendSticker: async () => (await person.sendSticker(), deliver()),
      async redeliverLast() {
        if (!last) throw new Error("nothing to deliver again");
        return post(last);
      },
      forge: (text) =>
        post(
          {
            update_id: forgedUpdateId++,
            message: { message_id: forgedUpdateId, date: Math.floor(Date.now() / 1000), chat: { id: userId, type: "private", first_name: "Kẻ giả mạo" }, from: { id: userId, is_bot: false, first_name: "Kẻ giả mạo" }, text },
          },
          "not-the-webhook-secret",
        ),
      async next(timeoutMs = 5_000) {
        if (!unread.length) unread.push(...(await person.nextBotMessages({ timeoutMs })));
        return asReply(unread.shift()!);
      },
      async staysQuiet(ms) {
        if (unread.length) return false;
        try {
          unread.push(...(await person.nextBotMessages({ timeoutMs: ms })));
          return false;
        } catch {
          return true;
        }
      },
    };
  }

  return {
    channel: "telegram",
    textLimit: capabilitiesOf("telegram").textLimit,
    db,
    ctx,
    call,
    errorsLogged: () => errorLines(logs),
    newUser,
    async close() {
      await loop!.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await emu.stop();
      await db.$disconnect();
    },
  };
}
