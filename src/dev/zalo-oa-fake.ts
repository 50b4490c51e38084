/**
 * A local fake of the Zalo OA Open API v3 and its token endpoint, for the tests and for
 * `npm run dev` (ZALO_OA_API_ROOT, ZALO_OA_OAUTH_ROOT), written from the documented shapes
 * (docs/platforms.md): errors with HTTP 200 and a non-zero `error`; `POST /v4/oa/access_token`
 * (form-encoded, `secret_key` header) with single-use, rotating refresh tokens (a spent one is
 * refused, as Zalo does); `POST /v3.0/oa/message/cs` with the `access_token` header, -230 for a
 * follower "outside the 7-day window"; followers' events signed with X-ZEvent-Signature
 * (SHA-256 of app_id + body + timestamp + secret key) and posted to the webhook. Ids are long
 * numeric strings. Node only; never part of the server.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeOaMessage {
  userId: string;
  text: string;
  /** The `oa.query.hide` buttons under it: title and payload. */
  buttons: { title: string; payload: string }[];
  messageId: string;
}

export interface ZaloOaFakeOptions {
  appId?: string;
  oaId?: string;
  secretKey?: string;
  /** Seconds an access token lives (Zalo: ~25 h). */
  accessTtlSeconds?: number;
  /** Milliseconds the token endpoint takes to answer (to make refreshes overlap). */
  tokenDelayMs?: number;
}

/** A numeric id beyond 2^53, as a string (Zalo's ids have 18–19 digits). */
export const bigId = () => `${randomInt(1, 9)}${Array.from({ length: 18 }, () => randomInt(0, 10)).join("")}`;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

export async function startZaloOaFake(options: ZaloOaFakeOptions = {}) {
  const appId = options.appId ?? bigId();
  const oaId = options.oaId ?? bigId();
  const secretKey = options.secretKey ?? randomBytes(12).toString("hex");
  const validRefresh = new Set<string>();
  const spentRefresh = new Set<string>();
  const accessTokens = new Map<string, number>();
  const outsideWindow = new Set<string>();
  const sent: FakeOaMessage[] = [];
  const readBy = new Map<string, number>();
  const state = { webhookUrl: undefined as string | undefined, refreshCalls: 0, refusedRefreshes: 0, refuseAllRefreshes: false, tokenDelayMs: options.tokenDelayMs ?? 0 };
  const sendJson = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  function issueRefreshToken() {
    const token = `rt_${randomBytes(16).toString("hex")}`;
    validRefresh.add(token);
    return token;
  }

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    state.refreshCalls++;
    if (state.tokenDelayMs) await new Promise((r) => setTimeout(r, state.tokenDelayMs));
    if (req.headers["secret_key"] !== secretKey || form.get("app_id") !== appId)
      return sendJson(res, { error: -14001, error_name: "Invalid app", error_description: "app_id or secret_key is wrong" });
    const refresh = form.get("refresh_token") ?? "";
    if (state.refuseAllRefreshes || form.get("grant_type") !== "refresh_token" || !validRefresh.has(refresh)) {
      state.refusedRefreshes++;
      return sendJson(res, {
        error: -14014,
        error_name: "Invalid refresh token",
        error_description: spentRefresh.has(refresh) ? "Refresh token has been used" : "Refresh token is invalid",
      });
    }
    // Single-use: spent now, and a new one handed out with the access token.
    validRefresh.delete(refresh);
    spentRefresh.add(refresh);
    const accessToken = `at_${randomBytes(16).toString("hex")}`;
    const ttl = options.accessTtlSeconds ?? 90_000;
    accessTokens.set(accessToken, Date.now() + ttl * 1000);
    return sendJson(res, { access_token: accessToken, refresh_token: issueRefreshToken(), expires_in: String(ttl) });
  }

  async function messageCs(req: IncomingMessage, res: ServerResponse) {
    const token = String(req.headers["access_token"] ?? "");
    let body: any;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, { error: -201, message: "Parameters are invalid" });
    }
    const expires = accessTokens.get(token);
    if (!expires || expires < Date.now()) return sendJson(res, { error: -216, message: "Access token is invalid" });
    const userId = body?.recipient?.user_id;
    const text = body?.message?.text;
    if (typeof userId !== "string" || typeof text !== "string" || !text || text.length > 2000)
      return sendJson(res, { error: -201, message: "Parameters are invalid" });
    if (outsideWindow.has(userId)) return sendJson(res, { error: -230, message: "User has not interacted with the OA in the past 7 days" });
    const buttons = (body.message.attachment?.payload?.buttons ?? []).map((b: any) => ({ title: String(b.title), payload: String(b.payload) }));
    const messageId = randomBytes(10).toString("hex");
    sent.push({ userId, text, buttons, messageId });
    return sendJson(res, { error: 0, message: "Success", data: { message_id: messageId, user_id: userId } });
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const handle =
      req.method === "POST" && path === "/v4/oa/access_token" ? tokenEndpoint(req, res) : req.method === "POST" && path === "/v3.0/oa/message/cs" ? messageCs(req, res) : undefined;
    if (!handle) {
      res.writeHead(404);
      res.end();
      return;
    }
    handle.catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The signature Zalo puts on a webhook body. */
  const sign = (body: string, timestamp: string, firstId = appId) =>
    `mac=${createHash("sha256").update(`${firstId}${body}${timestamp}${secretKey}`).digest("hex")}`;

  /** Posts a signed event to the webhook; its HTTP status. */
  async function post(body: string, timestamp: string, signature = sign(body, timestamp)) {
    if (!state.webhookUrl) throw new Error("no webhook set on the fake OA");
    const res = await fetch(state.webhookUrl, { method: "POST", headers: { "content-type": "application/json", "x-zevent-signature": signature }, body });
    await res.arrayBuffer();
    return res.status;
  }

  function event(userId: string, eventName: string, extra: Record<string, unknown> = {}) {
    const timestamp = String(Date.now());
    const body =
      eventName === "follow" || eventName === "unfollow"
        ? { oa_id: oaId, follower: { id: userId }, user_id_by_app: bigId(), event_name: eventName, source: "oa_profile", app_id: appId, timestamp }
        : { app_id: appId, sender: { id: userId }, recipient: { id: oaId }, user_id_by_app: bigId(), event_name: eventName, ...extra, timestamp };
    return { body: JSON.stringify(body), timestamp };
  }

  return {
    apiRoot: root,
    oauthRoot: root,
    appId,
    oaId,
    secretKey,
    state,
    sent,
    issueRefreshToken,
    /** Whether a refresh token may still be spent. */
    isValidRefreshToken: (token: string) => validRefresh.has(token),
    /** The follower has not written for over 7 days: message/cs answers -230 (until they write). */
    setOutsideWindow(userId: string, outside = true) {
      if (outside) outsideWindow.add(userId);
      else outsideWindow.delete(userId);
    },
    /** Every access token handed out so far stops working (Zalo revoked them). */
    expireAccessTokens: () => accessTokens.clear(),
    setWebhook(url: string) {
      state.webhookUrl = url;
    },
    sign,
    /** A follower's event, signed and posted; its body (for redelivery) and the webhook's status. */
    async userEvent(userId: string, eventName: string, extra: Record<string, unknown> = {}) {
      const e = event(userId, eventName, extra);
      // Writing to the OA opens the 7-day window again.
      if (eventName.startsWith("user_send")) outsideWindow.delete(userId);
      return { ...e, status: await post(e.body, e.timestamp) };
    },
    /** A text from a follower, with its msg_id (the same id twice is a redelivery). */
    userSends(userId: string, text: string, msgId = randomBytes(10).toString("hex")) {
      return this.userEvent(userId, "user_send_text", { message: { text, msg_id: msgId } });
    },
    post,
    async nextBotMessage(userId: string, timeoutMs = 5_000): Promise<FakeOaMessage> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const seen = readBy.get(userId) ?? 0;
        const mine = sent.filter((s) => s.userId === userId);
        if (mine.length > seen) {
          readBy.set(userId, seen + 1);
          return mine[seen]!;
        }
        if (Date.now() > deadline) throw new Error(`no OA message to ${userId} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ZaloOaFake = Awaited<ReturnType<typeof startZaloOaFake>>;
