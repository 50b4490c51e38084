/**
 * The Zalo OA driver of the contract suite: the fake OA API signs each follower's events and
 * posts them to the real /webhooks/zalo-oa route, the adapter verifies and parses them, and
 * what the follower sees is what the real OA sender posted to the fake's message/cs (numbered
 * menus in the text, buttons under it, parts under the OA's limit). An OA belongs to one ward and
 * binds only that ward's people, so before a follower pairs, the OA is connected (through the
 * admin API) to the ward of the scenario's invitation code.
 */
import { randomBytes } from "node:crypto";
import { sha256Hex } from "../../src/core/crypto.js";
import { normalizeInviteCode } from "../../src/core/invite.js";
import { capabilitiesOf } from "../../src/channels/registry.js";
import { bigId } from "../../src/dev/zalo-oa-fake.js";
import { zaloOaWorld } from "../support/zalo-oa.js";
import { bareLabel, choiceIndex, errorLines, numberedMenu, type ChannelUser, type ContractWorld, type Reply } from "./driver.js";

export async function startZaloOaContractWorld(): Promise<ContractWorld> {
  const w = await zaloOaWorld();
  let home = (await w.call("POST", "/api/v1/wards", { name: "Phường có OA" })).body.id as string;
  const connectTo = async (wardId: string) => {
    const connected = await w.connect(wardId);
    if (!connected.body?.connected) throw new Error("the fake OA did not connect");
    home = wardId;
  };
  await connectTo(home);
  /** The OA moves to the ward the invitation code belongs to. */
  const connectForCode = async (code: string) => {
    const invite = await w.db.inviteCode.findUnique({ where: { codeHash: await sha256Hex(normalizeInviteCode(code)) }, include: { member: { select: { wardId: true } } } });
    if (!invite || invite.member.wardId === home) return;
    await w.call("DELETE", `/api/v1/wards/${home}/zalo-oa`);
    await connectTo(invite.member.wardId);
  };

  function newUser(): ChannelUser {
    const userId = bigId();
    let last: { body: string; timestamp: string } | undefined;
    let lastReply: Reply | undefined;
    const say = async (text: string) => {
      const sent = await w.fake.userSends(userId, text);
      if (sent.status !== 200) throw new Error(`the OA webhook answered ${sent.status}`);
      last = sent;
    };
    return {
      // No deep link on the OA either: the follower sends the code as a message.
      pair: async (code) => {
        await connectForCode(code);
        await say(`mã ${code.replace(/(.{4})/g, "$1 ").trim()}`);
      },
      say,
      command: (name, args = "") => say(`/${name}${args ? ` ${args}` : ""}`),
      async choose(label, by = "number") {
        const i = lastReply ? choiceIndex(lastReply.choices, label) : -1;
        if (i >= 0 && by === "number") return say(String(i + 1));
        return say(by === "words" ? bareLabel(label) : label);
      },
      async sendSticker() {
        const sent = await w.fake.userEvent(userId, "user_send_sticker", { message: { msg_id: randomBytes(10).toString("hex"), url: "https://example.invalid/s.png" } });
        if (sent.status !== 200) throw new Error(`the OA webhook answered ${sent.status}`);
        last = sent;
      },
      async redeliverLast() {
        if (!last) throw new Error("nothing to deliver again");
        return w.fake.post(last.body, last.timestamp);
      },
      async forge(text) {
        const timestamp = String(Date.now());
        const body = JSON.stringify({ app_id: w.fake.appId, sender: { id: userId }, recipient: { id: w.fake.oaId }, event_name: "user_send_text", message: { text, msg_id: randomBytes(10).toString("hex") }, timestamp });
        return w.fake.post(body, timestamp, `mac=${randomBytes(32).toString("hex")}`);
      },
      async next(timeoutMs = 5_000) {
        const sent = await w.fake.nextBotMessage(userId, timeoutMs);
        lastReply = { text: sent.text, choices: numberedMenu(sent.text) };
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
    channel: "zalo_oa",
    textLimit: capabilitiesOf("zalo_oa").textLimit,
    db: w.db,
    ctx: w.ctx,
    call: w.call,
    errorsLogged: () => errorLines(w.logs),
    newUser,
    close: w.close,
  };
}
