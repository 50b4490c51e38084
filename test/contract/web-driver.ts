/**
 * The web channel's driver of the contract suite: the console's chat simulator over the real
 * admin API on 127.0.0.1. A person is a simulator session: it starts as a newcomer in the ward
 * the invitation belongs to and pairs by typing the code (the channel's `invite: "code"`); what
 * they type is POSTed to /simulator/{id}/messages (with a message id, as the console sends it),
 * and what they see is what GET /simulator/{id}/messages returns (texts and buttons), polled.
 *
 * A session reports into its own preview cycle, never a real one: `openCycle` opens that cycle
 * (POST /simulator/{id}/cycle, which says what a real opening says) and `storedReport` reads it
 * back (GET /simulator/{id}). Scenarios that cannot apply, with the reason: `notApplicable`.
 * The closest honest equivalents: a redelivery is the same message POSTed again with its id; a
 * forged request is one without the admin's credentials (401).
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { capabilitiesOf } from "../../src/channels/registry.js";
import { webSender } from "../../src/channels/web/sender.js";
import { sha256Hex } from "../../src/core/crypto.js";
import { normalizeInviteCode } from "../../src/core/invite.js";
import { createLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import { prepareAdminKeys } from "../../src/services/admin-tokens.js";
import type { ServiceContext } from "../../src/services/context.js";
import { startDeliveryLoop } from "../../src/services/delivery-loop.js";
import { createDeliverer } from "../../src/services/outbox.js";
import { freshDatabase } from "../support/database.js";
import { choiceIndex, errorLines, type ChannelUser, type ContractWorld, type Reply } from "./driver.js";
import { scenarioNames } from "./scenarios.js";

const ADMIN = "contract-web-admin-token-0123456789";
const POLL_MS = 25;

export async function startWebContractWorld(): Promise<ContractWorld> {
  const { db } = await freshDatabase();
  const logs: string[] = [];
  const log = createLogger("info", (line) => logs.push(line));
  const { keys } = await prepareAdminKeys(db, ADMIN);
  let loop: ReturnType<typeof startDeliveryLoop> | undefined;
  const ctx = (): ServiceContext => ({ db, now: () => new Date(), log, actor: "chat", defaultTimezone: "Asia/Ho_Chi_Minh", delivery: loop });
  const app = createApp({ db, log, now: () => new Date(), adminKeys: keys, version: "test", defaultTimezone: "Asia/Ho_Chi_Minh", delivery: { wake: () => loop?.wake() } });
  loop = startDeliveryLoop(createDeliverer({ db, senders: { web: webSender }, log }), log, 20);
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(method: string, path: string, body?: unknown, credentials = true) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(credentials ? { authorization: `Bearer ${ADMIN}` } : {}), "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** The sessions started in each ward, and which session a preview cycle is of. */
  const sessionsOfWard = new Map<string, string[]>();
  const sessionOfCycle = new Map<string, string>();

  function newUser(): ChannelUser {
    let sessionId: string | undefined;
    let cursor: string | undefined;
    const unread: Reply[] = [];
    const seen: { text: string; choices: { label: string; value: string }[] }[] = [];
    let last: object | undefined;
    const session = () => {
      if (!sessionId) throw new Error("the person has not paired yet");
      return sessionId;
    };
    /** Reads what the bot said since the last read. */
    const poll = async () => {
      const page = await call("GET", `/api/v1/simulator/${session()}/messages${cursor ? `?after=${cursor}` : ""}`);
      if (page.status !== 200) throw new Error(`GET messages answered ${page.status}`);
      for (const m of page.body as { id: string; text: string; choices: { label: string; value: string }[] }[]) {
        cursor = m.id;
        seen.push(m);
        unread.push({ text: m.text, choices: m.choices.map((c) => c.label) });
      }
    };
    const post = async (body: object) => {
      last = { ...body, id: randomBytes(8).toString("hex") };
      const res = await call("POST", `/api/v1/simulator/${session()}/messages`, last);
      if (res.status !== 200) throw new Error(`POST messages answered ${res.status}: ${JSON.stringify(res.body)}`);
    };
    const say = (text: string) => post({ text });
    return {
      async pair(code) {
        // The admin opens the simulator in the ward the invitation is of, as a newcomer...
        const invite = await db.inviteCode.findUniqueOrThrow({ where: { codeHash: await sha256Hex(normalizeInviteCode(code)) }, include: { member: true } });
        const started = await call("POST", `/api/v1/wards/${invite.member.wardId}/simulator`, {});
        if (started.status !== 201) throw new Error(`starting a session answered ${started.status}`);
        sessionId = started.body.id as string;
        sessionsOfWard.set(invite.member.wardId, [...(sessionsOfWard.get(invite.member.wardId) ?? []), sessionId]);
        await poll();
        unread.length = 0; // the newcomer's welcome, before the code
        // ...and types the code, as on Zalo.
        await say(code);
      },
      say,
      command: (name, args = "") => say(`/${name}${args ? ` ${args}` : ""}`),
      async choose(label) {
        // The web chat shows buttons: the newest one so labelled is pressed.
        await poll();
        const withButton = [...seen].reverse().find((m) => choiceIndex(m.choices.map((c) => c.label), label) >= 0);
        if (!withButton) return say(label); // not a button (typed words)
        await post({ choice: withButton.choices[choiceIndex(withButton.choices.map((c) => c.label), label)]!.value });
      },
      sendSticker: () => Promise.reject(new Error("the web chat sends only text and button presses")),
      async redeliverLast() {
        if (!last) throw new Error("nothing to send again");
        return (await call("POST", `/api/v1/simulator/${session()}/messages`, last)).status;
      },
      async forge(text) {
        return (await call("POST", `/api/v1/simulator/${session()}/messages`, { text, id: randomBytes(8).toString("hex") }, false)).status;
      },
      async next(timeoutMs = 5_000) {
        const until = Date.now() + timeoutMs;
        while (!unread.length) {
          if (Date.now() > until) throw new Error("the bot sent nothing");
          await poll();
          if (!unread.length) await new Promise((r) => setTimeout(r, POLL_MS));
        }
        return unread.shift()!;
      },
      async staysQuiet(ms) {
        if (unread.length) return false;
        try {
          unread.push(await this.next(ms));
          return false;
        } catch {
          return true;
        }
      },
    };
  }

  return {
    channel: "web",
    textLimit: capabilitiesOf("web").textLimit,
    errorsLogged: () => errorLines(logs),
    db,
    ctx,
    call: (method, path, body) => call(method, path, body),
    newUser,
    async openCycle(wardId, label) {
      let cycleId: string | undefined;
      for (const sessionId of sessionsOfWard.get(wardId) ?? []) {
        const res = await call("POST", `/api/v1/simulator/${sessionId}/cycle`, { label });
        if (res.status !== 200) throw new Error(`restarting the preview cycle answered ${res.status}`);
        cycleId = res.body.cycle.id as string;
        sessionOfCycle.set(cycleId, sessionId);
      }
      if (!cycleId) throw new Error("no simulator session in this ward");
      return cycleId;
    },
    async storedReport(cycleId) {
      const res = await call("GET", `/api/v1/simulator/${sessionOfCycle.get(cycleId)}`);
      if (res.status !== 200 || res.body.cycle.id !== cycleId) throw new Error("the session's preview cycle changed");
      return res.body.cycle.reports[0];
    },
    notApplicable: {
      [scenarioNames.codeUsedOnce]:
        "a simulator session checks the code but never spends it (the person must still bind their real account with it), and binds no account",
      [scenarioNames.meeting]:
        "meeting invitations go to the person's real chat, and answering one would change the real attendance: the simulator refuses it (test/simulator/isolation.test.ts)",
      [scenarioNames.sticker]: "the web chat sends only typed text and button presses: there is no sticker or picture to send",
    },
    async close() {
      await loop!.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await db.$disconnect();
    },
  };
}
