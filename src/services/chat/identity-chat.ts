import { sha256Hex } from "../../core/crypto.js";
import { normalizeInviteCode } from "../../core/invite.js";
import { ROLE_LABELS, type Role } from "../../core/roles.js";
import { reachOf } from "../../core/reach.js";
import { addressOf, type InboundEvent } from "../../channels/channel.js";
import { channelLabel } from "../../channels/registry.js";
import { changedOrFail } from "../../db/guard.js";
import { auditWrite, type ServiceContext } from "../context.js";
import { countAttempt, isBlocked, readCounter } from "../rate-limit.js";
import { channelLines, readMember } from "./channel-chat.js";
import type { ConversationState, Turn } from "./conversation-store.js";
import type { OutboundMessage } from "../../core/conversation/types.js";

const WRONG_CODE_LIMIT = 5;
const WRONG_CODE_WINDOW_MS = 15 * 60_000;

export const WELCOME_UNKNOWN =
  "Xin chào! Tôi là trợ lý tự động (chương trình máy) giúp phường thu báo cáo của các tổ dân phố.\n" +
  "Ông/bà chưa được liên kết với phường. Xin liên hệ cán bộ phường để nhận đường dẫn mời hoặc mã mời, " +
  "rồi bấm vào đường dẫn đó (hoặc gõ /start và mã mời, ví dụ: /start ABCD1234EFGH5).";

/** For channels where the code is sent as a message (Zalo: no deep link). */
export const WELCOME_UNKNOWN_BY_CODE =
  "Xin chào! Tôi là trợ lý tự động (chương trình máy) giúp phường thu báo cáo của các tổ dân phố.\n" +
  "Ông/bà chưa được liên kết với phường. Xin gửi vào đây mã mời mà cán bộ phường đã đưa " +
  "(13 chữ và số, ví dụ: ABCD1234EFGH5). Chưa có mã, xin liên hệ cán bộ phường.";

export async function describeMember(db: Turn["db"], memberId: string) {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId }, include: { ward: true, roles: { include: { unit: true } } } });
  const roles = member.roles.map((r) => {
    const label = ROLE_LABELS[r.role as Role] ?? r.role;
    return r.unit.kind === "group" ? `${label}, ${r.unit.name}` : label;
  });
  return { member, text: `${roles.join("; ")} — ${member.ward.name}` };
}

/** /start CODE: binds this chat account to the invited member. Codes are single-use and expire. */
export async function bindWithCode(ctx: ServiceContext, turn: Turn, event: InboundEvent, rawCode: string): Promise<ConversationState> {
  const address = addressOf(event.channel, event.chat.id);
  const say = (text: string) => turn.out.push({ address, message: { text } });
  const now = ctx.now();
  const limitKey = `invite:${event.channel}:${event.chat.id}`;
  const counter = await readCounter(turn.db, limitKey);
  if (isBlocked(counter, now, WRONG_CODE_LIMIT, WRONG_CODE_WINDOW_MS)) {
    say("Ông/bà đã nhập sai mã nhiều lần. Xin đợi 15 phút rồi thử lại, hoặc liên hệ cán bộ phường để được cấp mã mới.");
    return turn.state;
  }
  const invite = await turn.db.inviteCode.findUnique({ where: { codeHash: await sha256Hex(normalizeInviteCode(rawCode)) } });
  const usable = invite && !invite.usedAt && !invite.revokedAt && invite.expiresAt > now;
  if (!usable) {
    turn.writes.push(countAttempt(turn.db, limitKey, counter, now, WRONG_CODE_WINDOW_MS));
    say(
      invite?.usedAt
        ? "Mã mời này đã được dùng rồi. Nếu ông/bà cần liên kết lại, xin liên hệ cán bộ phường để được cấp mã mới."
        : invite && invite.expiresAt <= now
          ? "Mã mời này đã hết hạn. Xin liên hệ cán bộ phường để được cấp mã mới."
          : "Mã mời không đúng. Xin kiểm tra lại mã (gồm 13 chữ và số) hoặc liên hệ cán bộ phường.",
    );
    return turn.state;
  }
  const existing = await turn.db.channelIdentity.findUnique({
    where: { channel_externalId: { channel: event.channel, externalId: event.user.id } },
  });
  if (event.wardId) {
    const owner = await turn.db.member.findUnique({ where: { id: invite.memberId }, select: { wardId: true } });
    if (owner?.wardId !== event.wardId) {
      say("Mã mời này là của phường khác, nên không dùng được ở tài khoản Zalo này. Xin mở tài khoản Zalo của phường mình, hoặc liên hệ cán bộ phường.");
      return turn.state;
    }
  }
  if (existing && existing.memberId !== invite.memberId) {
    const other = await describeMember(turn.db, existing.memberId);
    say(`Tài khoản này đang liên kết với ông/bà ${other.member.name}. Xin gõ /huylienket trước, rồi bấm lại đường dẫn mời.`);
    return turn.state;
  }
  const { member, text } = await describeMember(turn.db, invite.memberId);
  turn.writes.push(
    // Single use: a code used (or revoked) since it was read fails the batch, and the turn is
    // read again (then the code is found used).
    turn.db.inviteCode.updateMany({ where: { id: invite.id, usedAt: null, revokedAt: null }, data: { usedAt: now } }),
    changedOrFail(turn.db),
    // A member has one account per channel: binding a new one replaces the old (a new phone).
    turn.db.channelIdentity.deleteMany({ where: { memberId: invite.memberId, channel: event.channel } }),
    turn.db.channelIdentity.create({
      data: { memberId: invite.memberId, channel: event.channel, externalId: event.user.id, address, boundAt: now },
    }),
    auditWrite({ ...ctx, actor: `${event.channel}:${event.user.id}` }, turn.db, {
      action: "member.bind",
      entity: "member",
      entityId: member.id,
      wardId: member.wardId,
      details: { channel: event.channel },
    }),
  );
  turn.out.push({ address, message: boundGreeting(member.name, text) });
  return turn.state;
}

/** What a person reads once bound: who they are for the ward, what the bot does, the commands. */
export function boundGreeting(name: string, description: string): OutboundMessage {
  return {
    text:
      `Xin chào ông/bà ${name}! Tài khoản đã được liên kết: ${description}.\n` +
      "Tôi là trợ lý tự động của phường: tôi sẽ nhắn khi đến kỳ báo cáo và hỏi từng câu một.\n" +
      "Các lệnh: /baocao (làm báo cáo), /sua (sửa báo cáo đã gửi), /toi (thông tin của tôi), /huylienket (huỷ liên kết).",
    choices: [{ label: "Làm báo cáo", value: "cmd:baocao" }],
  };
}

/** /toi: who the person is for the ward, and the channels they are bound on (which one gets messages). */
export async function describeSelf(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string) {
  const { member, text } = await describeMember(turn.db, memberId);
  const accounts = await readMember(turn, event, memberId);
  const lines = channelLines(accounts, member.ward.timezone ?? ctx.defaultTimezone);
  turn.out.push({
    address: addressOf(event.channel, event.chat.id),
    message: { text: [`Ông/bà ${member.name}`, text, "Kênh liên kết:", ...lines, "Muốn đổi kênh nhận tin, xin gõ /kenh."].join("\n") },
  });
}

/**
 * /huylienket: forget this account, and only this one (the member stays, bound on their other
 * channels; a new invite binds again). A choice of this channel (/kenh) goes with it.
 */
export async function unbind(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string): Promise<ConversationState> {
  const member = await turn.db.member.findUniqueOrThrow({ where: { id: memberId }, include: { identities: true } });
  turn.writes.push(turn.db.channelIdentity.deleteMany({ where: { memberId, channel: event.channel, externalId: event.user.id } }));
  if (member.preferredChannel === event.channel) turn.writes.push(turn.db.member.updateMany({ where: { id: memberId }, data: { preferredChannel: null } }), changedOrFail(turn.db));
  const others = member.identities.filter((i) => i.channel !== event.channel);
  const next = reachOf(others, { ...member, preferredChannel: member.preferredChannel === event.channel ? null : member.preferredChannel });
  turn.writes.push(
    auditWrite({ ...ctx, actor: `${event.channel}:${event.user.id}` }, turn.db, {
      action: "member.unbind",
      entity: "member",
      entityId: memberId,
      wardId: member.wardId,
      details: { channel: event.channel },
    }),
  );
  turn.out.push({
    address: addressOf(event.channel, event.chat.id),
    message: {
      text: next
        ? `Đã huỷ liên kết tài khoản ${channelLabel(event.channel)} này với phường. Từ nay tôi chỉ nhắn ông/bà qua ${channelLabel(next.channel)}.`
        : "Đã huỷ liên kết tài khoản này với phường. Tôi sẽ không nhắn ông/bà nữa. Muốn liên kết lại, xin liên hệ cán bộ phường để nhận mã mời mới.",
    },
  });
  return {};
}
