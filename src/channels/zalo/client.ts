import { unwrapZaloUpdate, type ZaloUpdate } from "./parse.js";

/**
 * The Zalo Bot API over fetch: `POST <root>/bot<TOKEN>/<method>` with a JSON body, answers
 * `{ok, result?, error_code?, description?}`. Failures come out as ZaloApiError (the platform
 * said no: its code and description) or ZaloNetworkError (no answer). Neither message carries
 * the URL, which holds the token.
 */

export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    /** error_code from the body, or else the HTTP status. */
    readonly code: number,
    readonly description: string,
  ) {
    super(`zalo ${method}: ${code} ${description}`);
    this.name = "ZaloApiError";
  }
}

export class ZaloNetworkError extends Error {
  constructor(method: string, cause: unknown) {
    super(`zalo ${method}: no answer (${(cause as Error)?.name === "TimeoutError" ? "timed out" : ((cause as Error)?.message ?? String(cause))})`);
    this.name = "ZaloNetworkError";
  }
}

export interface ZaloBotInfo {
  id: string;
  account_name?: string;
  account_type?: string;
  can_join_groups?: boolean;
}

export interface ZaloApiOptions {
  token: string;
  apiRoot: string;
  /** Per call, except getUpdates, which waits its own long-poll time plus this. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function zaloApi(options: ZaloApiOptions) {
  const root = `${options.apiRoot.replace(/\/+$/, "")}/bot${options.token}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call<T>(method: string, body: object = {}, init: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const timeout = AbortSignal.timeout(init.timeoutMs ?? timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${root}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
      });
      text = await res.text();
    } catch (error) {
      throw new ZaloNetworkError(method, error);
    }
    let json: { ok?: boolean; result?: unknown; error_code?: number; description?: string } | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.ok && json?.ok === true) return json.result as T;
    const code = typeof json?.error_code === "number" ? json.error_code : res.status;
    throw new ZaloApiError(method, code, typeof json?.description === "string" ? json.description : res.statusText || "error");
  }

  return {
    getMe: (init?: { timeoutMs?: number }) => call<ZaloBotInfo>("getMe", {}, init),
    /**
     * One long poll: the next update, or none when the poll ran out (Zalo answers 408 then).
     * Zalo hands out one update per call and keeps no offset.
     */
    async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloUpdate[]> {
      let result: unknown;
      try {
        result = await call<unknown>("getUpdates", { timeout: timeoutSeconds }, { timeoutMs: timeoutSeconds * 1000 + timeoutMs, signal });
      } catch (error) {
        if (error instanceof ZaloApiError && error.code === 408) return [];
        throw error;
      }
      const list = Array.isArray(result) ? result : result ? [result] : [];
      return list.map((u) => unwrapZaloUpdate(u)).filter((u): u is ZaloUpdate => u !== undefined);
    },
    setWebhook: (url: string, secretToken: string) => call<unknown>("setWebhook", { url, secret_token: secretToken }),
    deleteWebhook: () => call<unknown>("deleteWebhook"),
    getWebhookInfo: () => call<{ url?: string }>("getWebhookInfo"),
    sendMessage: (chatId: string, text: string) => call<{ message_id: string; date: number }>("sendMessage", { chat_id: chatId, text }),
    sendPhoto: (chatId: string, photoUrl: string, caption?: string) =>
      call<{ message_id: string }>("sendPhoto", { chat_id: chatId, photo: photoUrl, ...(caption ? { caption } : {}) }),
    sendChatAction: (chatId: string, action: "typing" = "typing") => call<unknown>("sendChatAction", { chat_id: chatId, action }),
  };
}

export type ZaloApi = ReturnType<typeof zaloApi>;
