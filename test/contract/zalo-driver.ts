/**
 * The Zalo Bot Platform driver of the contract suite: the fake Zalo Bot API posts each person's
 * messages to the real /webhooks/zalo route (the secret header the adapter registered with
 * setWebhook), the adapter parses them, and what the person sees is what the real sender
 * rendered and posted to the fake (numbered menus in the text, parts under 2,000 characters).
 */
import { randomBytes } from "node:crypto";
import { capabilitiesOf } from "../../src/channels/registry.js";
import type { FakeUserMessage } from "../../src/dev/zalo-fake.js";
import { zaloWorld } from "../support/zalo.js";
import { bareLabel, choiceIndex, errorLines, numberedMenu, type ChannelUser, type ContractWorld, type Reply } from "./driver.js";

export async function startZaloContractWorld(): Promise<ContractWorld> {
  const w = await zaloWorld({ mode: "webhook" });
  if (!w.fake.webhook) throw new Error("the Zalo adapter did not register its webhook with the fake");

  function newUser(): ChannelUser {
    const userId = randomBytes(10).toString("hex"); // Zalo ids: 20 hex characters, opaque
    let last: object | undefined;
    let lastReply: Reply | undefined;
    const send = async (m: Omit<FakeUserMessage, "userId">) => {
      const { update, status } = await w.fake.userSends({ userId, name: "Người dùng thử", ...m });
      if (status !== 200) throw new Error(`the Zalo webhook answered ${status}`);
      last = update;
    };
    const say = (text: string) => send({ text });
    return {
      // Zalo has no deep link: the person sends the code as a message, spaced as it is printed.
      pair: (code) => say(`mã ${code.replace(/(.{4})/g, "$1 ").trim()}`),
      say,
      command: (name, args = "") => say(`/${name}${args ? ` ${args}` : ""}`),
      async choose(label, by = "number") {
        const i = lastReply ? choiceIndex(lastReply.choices, label) : -1;
        if (i >= 0 && by === "number") return say(String(i + 1));
        // Not in a numbered menu (the review's “Gửi”), or picked by its words: typed.
        return say(by === "words" ? bareLabel(label) : label);
      },
      sendSticker: () => send({ event: "message.sticker.received", text: undefined }),
      async redeliverLast() {
        if (!last) throw new Error("nothing to deliver again");
        return (await w.fake.deliver(last)).status!;
      },
      async forge(text) {
        const res = await fetch(`${w.baseUrl}/webhooks/zalo`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-bot-api-secret-token": "not-the-webhook-secret" },
          body: JSON.stringify({
            event_name: "message.text.received",
            message: { from: { id: userId, display_name: "Kẻ giả mạo" }, chat: { id: userId, chat_type: "PRIVATE" }, message_id: randomBytes(10).toString("hex"), date: Date.now(), text },
          }),
        });
        await res.arrayBuffer();
        return res.status;
      },
      async next(timeoutMs = 5_000) {
        const sent = await w.fake.nextBotMessage(userId, timeoutMs);
        const text = sent.text ?? sent.caption ?? "";
        lastReply = { text, choices: numberedMenu(text) };
        return lastReply;
      },
      async staysQuiet(ms) {
        try {
          await this.next(ms);
          return false;
        } catch {
          return true;
        }
      },
    };
  }

  return {
    channel: "zalo",
    textLimit: capabilitiesOf("zalo").textLimit,
    db: w.db,
    ctx: w.ctx,
    call: w.call,
    errorsLogged: () => errorLines(w.logs),
    newUser,
    close: w.close,
  };
}
