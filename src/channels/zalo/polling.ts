import type { Logger } from "../../core/logger.js";
import { ZaloApiError, type ZaloApi } from "./client.js";
import type { ZaloUpdate } from "./parse.js";

export interface PollingOptions {
  api: ZaloApi;
  log: Logger;
  onUpdate: (update: ZaloUpdate) => Promise<void>;
  /** Seconds one getUpdates may wait for an update (Zalo answers 408 when none came). */
  pollSeconds?: number;
  /** Waits after failed polls: doubling from `minMs` up to `maxMs`. */
  backoff?: { minMs: number; maxMs: number };
}

const DEFAULTS = { pollSeconds: 30, backoff: { minMs: 1_000, maxMs: 60_000 } };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Long polling for development and for servers without a public address: one update per call,
 * one call after another. An empty poll (408) is normal; errors back off (a refused token is
 * reported once); an update that fails in its handler is logged and polling goes on.
 */
export function startZaloPolling(options: PollingOptions) {
  const pollSeconds = options.pollSeconds ?? DEFAULTS.pollSeconds;
  const backoff = options.backoff ?? DEFAULTS.backoff;
  const { api, log } = options;
  const stopping = new AbortController();
  let failures = 0;
  let tokenRefusalReported = false;
  let webhookCleared = false;

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      let updates: ZaloUpdate[];
      try {
        // Polling and a webhook exclude each other: a webhook left by a deployment goes first.
        if (!webhookCleared) {
          await api.deleteWebhook();
          webhookCleared = true;
        }
        updates = await api.getUpdates(pollSeconds, stopping.signal);
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures++;
        const wait = Math.min(backoff.minMs * 2 ** (failures - 1), backoff.maxMs);
        if (error instanceof ZaloApiError && error.code === 401) {
          if (!tokenRefusalReported) log.error("zalo: getUpdates refused ZALO_BOT_TOKEN (401); polling keeps trying slowly");
          tokenRefusalReported = true;
        } else log.warn("zalo: polling failed; trying again", { error: (error as Error).message, waitMs: wait });
        await sleep(wait, stopping.signal);
        continue;
      }
      for (const update of updates) {
        try {
          await options.onUpdate(update);
        } catch (error) {
          log.error("zalo: update failed", { error });
        }
      }
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
