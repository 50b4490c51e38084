import { CHANNEL_NAMES, capabilitiesOf, channelLabel, type ChannelName } from "../channels/registry.js";
import { channelConfigured, type ServiceContext } from "./context.js";
import { addressesOfWards, reasonOf } from "./deliveries.js";
import { getZaloOa } from "./zalo-oa/connections.js";
import { requireWard } from "./wards.js";

/**
 * How each channel is doing for one ward, for its staff: connected or not, how updates arrive
 * (webhook or polling), the bot's account, the last error and when, and the ward's own queue on
 * it. Server-wide channels (Telegram, Zalo Bot) are described as the server runs them; a
 * per-ward channel (Zalo OA) by the ward's own connection. Never a secret or a token.
 */
export interface ChannelStatus {
  channel: ChannelName;
  label: string;
  connectedPer: "server" | "ward";
  connected: boolean;
  mode: "webhook" | "polling" | null;
  account: string | null;
  /** Taken as down by the deliverer (several failures in a row): sending is paused. */
  down: boolean;
  pausedUntil: string | null;
  lastError: { reason: string; reasonText: string; at: string } | null;
  queue: { pending: number; failed: number; dead: number };
  /** One Vietnamese sentence: the state and what to do about it. */
  statusText: string;
}

export async function channelStatuses(ctx: ServiceContext, wardId: string): Promise<ChannelStatus[]> {
  await requireWard(ctx.db, wardId);
  const addresses = await addressesOfWards(ctx, [wardId]);
  const [counts, failures, oa] = await Promise.all([
    ctx.db.outboxMessage.groupBy({ by: ["channel", "status"], where: { address: { in: addresses }, status: { in: ["pending", "sending", "failed", "dead"] } }, _count: { _all: true } }),
    // The ward's latest refusal per channel: a failed or dead row's nextAttemptAt is its last attempt.
    Promise.all(
      CHANNEL_NAMES.map((channel) =>
        ctx.db.outboxMessage.findFirst({
          where: { channel, address: { in: addresses }, status: { in: ["failed", "dead"] }, lastError: { not: null } },
          orderBy: { nextAttemptAt: "desc" },
          select: { lastError: true, nextAttemptAt: true },
        }),
      ),
    ),
    getZaloOa(ctx, wardId),
  ]);
  const health = ctx.channelRuntime?.health?.() ?? {};
  const count = (channel: string, ...statuses: string[]) =>
    counts.filter((c) => c.channel === channel && statuses.includes(c.status)).reduce((n, c) => n + c._count._all, 0);

  return CHANNEL_NAMES.map((channel, i): ChannelStatus => {
    const label = channelLabel(channel);
    const perWard = capabilitiesOf(channel).connectedPer === "ward";
    const configured = channelConfigured(ctx, channel);
    const connected = configured && (!perWard || oa.connected);
    const mode = !connected ? null : perWard ? "webhook" : (ctx.channelRuntime?.modes?.[channel] ?? null);
    const account = perWard ? oa.oaId : channel === "telegram" ? (ctx.telegramBotUsername ? `@${ctx.telegramBotUsername}` : null) : channel === "zalo" ? (ctx.zaloBot?.accountName ?? null) : null;
    const live = health[channel];
    // The newest of: the ward's last refusal, the channel's last transient failure, the OA's last token failure.
    const candidates = [
      failures[i]?.lastError ? { reason: failures[i]!.lastError!, at: failures[i]!.nextAttemptAt } : null,
      live?.lastFailure ? { reason: live.lastFailure.reason, at: new Date(live.lastFailure.atMs) } : null,
      perWard && oa.lastError && oa.lastErrorAt ? { reason: oa.lastError, at: new Date(oa.lastErrorAt) } : null,
    ].filter((c) => c !== null);
    const last = candidates.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
    const queue = { pending: count(channel, "pending", "sending"), failed: count(channel, "failed"), dead: count(channel, "dead") };
    const down = !!live?.down;
    return {
      channel,
      label,
      connectedPer: perWard ? "ward" : "server",
      connected,
      mode,
      account,
      down,
      pausedUntil: live?.pausedUntilMs ? new Date(live.pausedUntilMs).toISOString() : null,
      lastError: last ? { reason: last.reason, reasonText: reasonOf(last.reason, channel)!, at: last.at.toISOString() } : null,
      queue,
      statusText: statusText({ label, perWard, configured, connected, down, oaStatus: oa.status, queue }),
    };
  });
}

function statusText(s: { label: string; perWard: boolean; configured: boolean; connected: boolean; down: boolean; oaStatus: string; queue: { pending: number } }): string {
  const waiting = s.queue.pending ? ` ${s.queue.pending} tin của phường/xã đang chờ gửi qua kênh này.` : "";
  if (!s.configured) return `Máy chủ chưa kết nối ${s.label}: người quản trị máy chủ cần cấu hình kênh này.${waiting}`;
  if (s.perWard && s.oaStatus === "not_connected") return `Phường/xã chưa kết nối ${s.label} của mình.${waiting}`;
  if (s.perWard && !s.connected) return `Kết nối ${s.label} không còn hiệu lực (Zalo từ chối làm mới mã truy cập): xin kết nối lại.${waiting}`;
  if (s.down) return `${s.label} đang gặp sự cố nên tạm dừng gửi; hệ thống sẽ tự thử lại.${waiting}`;
  return `${s.label} đã kết nối và đang hoạt động.${waiting}`;
}
