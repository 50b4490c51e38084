import { formatDateTimeInZone } from "../../core/format.js";
import { reachOf } from "../../core/reach.js";
import { foldVietnamese } from "../../core/text.js";
import { addressOf, type InboundEvent } from "../../channels/channel.js";
import { CHANNEL_NAMES, channelLabel } from "../../channels/registry.js";
import type { ServiceContext } from "../context.js";
import type { Turn } from "./conversation-store.js";
import { changedOrFail } from "../../db/guard.js";

/*
 * A person bound on several channels: which one the bot writes to (core/reach.ts decides),
 * what the person sees of it (/kenh, /toi), and keeping "the channel used last" current.
 */

/**
 * After a private message from a bound account: remembers its channel as the one used last,
 * and that the account is reachable again (it just wrote). Both were read by the turn's first
 * statement, so a turn writes here only when something changed (a switch of channel).
 */
export function noteChannelUsed(turn: Turn, event: InboundEvent): void {
  if (!turn.memberId || !turn.bound) return;
  if (turn.bound.lastChannel !== event.channel)
    turn.writes.push(turn.db.$executeRaw`UPDATE "Member" SET "lastChannel" = ${event.channel} WHERE "id" = ${turn.memberId}`);
  if (turn.bound.unreachable)
    turn.writes.push(turn.db.$executeRaw`
      UPDATE "ChannelIdentity" SET "unreachableAt" = NULL, "unreachableReason" = NULL
      WHERE "channel" = ${event.channel} AND "externalId" = ${event.user.id}`);
}

/**
 * After a binding turn: the channel just bound is the one the person uses now (no-op if nothing
 * was bound). Written after the binding's own writes in the turn's batch, so it finds the new binding.
 */
export function noteChannelBound(turn: Turn, event: InboundEvent): void {
  turn.writes.push(turn.db.$executeRaw`
    UPDATE "Member" SET "lastChannel" = ${event.channel}
    WHERE "id" = (SELECT "memberId" FROM "ChannelIdentity" WHERE "channel" = ${event.channel} AND "externalId" = ${event.user.id})`);
}

const AUTOMATIC = new Set(["tu dong", "tudong", "auto", "mac dinh"]);

/** The channel a person names ("zalo", "Telegram"), or undefined. */
const namedChannel = (folded: string) => CHANNEL_NAMES.find((c) => foldVietnamese(c) === folded || foldVietnamese(channelLabel(c)) === folded);

/**
 * "kênh", "kenh zalo", "Kênh tự động": the typed form of /kenh (its argument), or undefined.
 * Only with no argument or one it knows, so that inside a report an answer that happens to
 * start with "kênh" ("kênh thoát nước bị tắc") is still an answer.
 */
export function typedChannelCommand(text: string): string | undefined {
  const match = /^kenh(?:\s+(.*))?$/.exec(foldVietnamese(text));
  if (!match) return undefined;
  const arg = match[1] ?? "";
  return !arg || AUTOMATIC.has(arg) || namedChannel(arg) ? arg : undefined;
}

/**
 * The member with their accounts as this turn leaves them: read from the database, with what
 * noteChannelUsed writes in the turn's batch (not committed yet) applied: this chat's channel
 * is the one used last, and this account is reachable.
 */
export async function readMember(turn: Turn, event: InboundEvent, memberId: string) {
  const member = await turn.db.member.findUniqueOrThrow({ where: { id: memberId }, include: { identities: true, ward: true } });
  if (!turn.bound || turn.memberId !== memberId) return member;
  const identities = member.identities.map((i) =>
    i.channel === event.channel && i.externalId === event.user.id ? { ...i, unreachableAt: null, unreachableReason: null } : i,
  );
  return { ...member, lastChannel: event.channel, identities };
}
type MemberWithAccounts = Awaited<ReturnType<typeof readMember>>;

/** The person's bound channels, one line each, and which one gets the bot's messages. */
export function channelLines(member: MemberWithAccounts, zone: string): string[] {
  const chosen = reachOf(member.identities, member);
  const lines = [...member.identities]
    .sort((a, b) => a.boundAt.getTime() - b.boundAt.getTime())
    .map(
      (i) =>
        `• ${channelLabel(i.channel)} (liên kết từ ${formatDateTimeInZone(i.boundAt, zone)})` +
        (i === chosen ? " — đang nhận tin nhắn của trợ lý" : "") +
        (i.unreachableAt ? " — lần gần nhất không gửi được" : ""),
    );
  const preferred = member.identities.some((i) => i.channel === member.preferredChannel);
  lines.push(
    preferred
      ? `Ông/bà đã chọn nhận tin qua ${channelLabel(member.preferredChannel!)}.`
      : "Tin nhắn được gửi qua kênh ông/bà dùng gần nhất (tự động).",
  );
  return lines;
}

/** /kenh (or "kênh"): lists the bound channels; "/kenh zalo" chooses one, "/kenh tự động" goes back to the last used. */
export async function chooseChannel(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string, args: string): Promise<void> {
  const say = (text: string) => turn.out.push({ address: addressOf(event.channel, event.chat.id), message: { text } });
  const member = await readMember(turn, event, memberId);
  const zone = member.ward.timezone ?? ctx.defaultTimezone;
  const usage = `Muốn chọn kênh, xin gõ ${[...CHANNEL_NAMES.map((c) => `“kênh ${c}”`), "“kênh tự động”"].join(", ")}.`;
  const wanted = foldVietnamese(args.trim());
  if (!wanted) {
    say(["Ông/bà đang liên kết với trợ lý qua:", ...channelLines(member, zone), usage].join("\n"));
    return;
  }
  let choice: string | null;
  if (AUTOMATIC.has(wanted)) choice = null;
  else {
    const channel = namedChannel(wanted);
    if (!channel) {
      say(`Tôi chưa hiểu kênh “${args.trim()}”. ${usage}`);
      return;
    }
    if (!member.identities.some((i) => i.channel === channel)) {
      say(`Ông/bà chưa liên kết qua ${channelLabel(channel)}. Muốn dùng ${channelLabel(channel)}, xin liên hệ cán bộ phường để nhận mã mời.`);
      return;
    }
    choice = channel;
  }
  turn.writes.push(turn.db.member.updateMany({ where: { id: memberId }, data: { preferredChannel: choice } }), changedOrFail(turn.db));
  const now = reachOf(member.identities, { ...member, preferredChannel: choice });
  say(
    choice
      ? `Đã ghi nhận. Từ nay tôi sẽ nhắn ông/bà qua ${channelLabel(choice)}.`
      : `Đã ghi nhận. Từ nay tôi sẽ nhắn ông/bà qua kênh ông/bà dùng gần nhất${now ? ` (hiện là ${channelLabel(now.channel)})` : ""}.`,
  );
}
