import type { Logger } from "../../core/logger.js";
import type { InboundEvent, Sender } from "../channel.js";
import { ZaloApiError, zaloApi } from "./client.js";
import { parseZaloUpdate, type ZaloUpdate } from "./parse.js";
import { startZaloPolling } from "./polling.js";
import { zaloSender } from "./sender.js";

export interface ZaloConfig {
  token: string;
  apiRoot: string;
  webhookSecret?: string;
}

const STARTUP_CALL_TIMEOUT_MS = 5_000;

export interface ZaloChannel {
  /** The bot's Zalo account name (getMe), which people search for to open the bot; unknown if getMe failed. */
  accountName?: string;
  mode: "webhook" | "polling";
  sender: Sender;
  /** Handles one update, from the webhook or a poll. */
  handleUpdate(update: ZaloUpdate): Promise<void>;
  startPolling(): void;
  stop(): Promise<void>;
}

/**
 * Connects the Zalo channel: checks the token (getMe), then registers the webhook (with a public
 * URL) or removes it and long-polls (without): never both. A token Zalo refuses is said loudly
 * and the channel stays off (undefined), so the server goes on with its other channels and the
 * admin API; an unreachable Zalo only delays (polling and delivery retry).
 */
export async function connectZalo(
  config: ZaloConfig,
  publicUrl: string | undefined,
  log: Logger,
  onEvent: (event: InboundEvent) => Promise<void>,
  options: { pollSeconds?: number; pollBackoff?: { minMs: number; maxMs: number } } = {},
): Promise<ZaloChannel | undefined> {
  const api = zaloApi({ token: config.token, apiRoot: config.apiRoot });
  let accountName: string | undefined;
  try {
    accountName = (await api.getMe({ timeoutMs: STARTUP_CALL_TIMEOUT_MS })).account_name;
  } catch (error) {
    if (error instanceof ZaloApiError && error.code === 401) {
      log.error(
        "zalo: ZALO_BOT_TOKEN was refused by the Zalo Bot API (401 on getMe); the Zalo channel is OFF. " +
          "Copy the token again from Zalo Bot Manager and restart; the other channels and the admin API keep working",
      );
      return undefined;
    }
    log.warn("zalo: getMe failed; the channel starts anyway and retries as it goes", { error: (error as Error).message });
  }

  const mode = publicUrl && config.webhookSecret ? "webhook" : "polling";
  const handleUpdate = async (update: ZaloUpdate) => {
    const event = parseZaloUpdate(update);
    if (event) await onEvent(event);
  };
  if (mode === "webhook")
    await api
      .setWebhook(`${publicUrl}/webhooks/zalo`, config.webhookSecret!)
      .then(() => log.info("zalo: webhook set"))
      .catch((error) => log.warn("zalo: could not set the webhook", { error: (error as Error).message }));

  let poller: ReturnType<typeof startZaloPolling> | undefined;
  return {
    accountName,
    mode,
    sender: zaloSender(api, log),
    handleUpdate,
    startPolling() {
      if (mode !== "polling" || poller) return;
      poller = startZaloPolling({
        api,
        log,
        onUpdate: handleUpdate,
        pollSeconds: options.pollSeconds,
        backoff: options.pollBackoff,
      });
      log.info("zalo: long polling started");
    },
    async stop() {
      await poller?.stop();
    },
  };
}
