import { sha256Hex } from "../../core/crypto.js";
import { normalizeInviteCode } from "../../core/invite.js";
import type { Command } from "../../core/conversation/types.js";
import { addressOf, type InboundEvent } from "../../channels/channel.js";
import { changedOrFail } from "../../db/guard.js";
import type { ServiceContext } from "../context.js";
import type { ConversationState, Turn } from "./conversation-store.js";
import { boundGreeting, describeMember } from "./identity-chat.js";
import { reportsFor, reportWrites } from "../simulator/preview-cycle.js";

/*
 * The parts of a turn that differ in a chat simulator session (turn.preview): whatever would
 * change the ward's records or the person's real accounts is not done. The report conversation
 * itself is the same; it works on the session's preview cycle (report-chat.ts, currentReport).
 */

export const PREVIEW_REFUSAL =
  "Đây là chế độ thử: lệnh này thay đổi dữ liệu thật (kênh nhận tin, liên kết, lịch họp, người vắng) nên không thực hiện ở đây. " +
  "Ông/bà vẫn có thể làm báo cáo thử: gõ /baocao.";

/** Commands that change something real even when typed in a simulator session. */
const REAL_CHANGES = new Set(["huylienket", "vang", "dangkynhom"]);

/**
 * Whether this input, in a simulator session, would change real data: an answer to a meeting
 * invitation, a change of the person's channel or binding, an absence. The console cannot be
 * sent such a button, but its API takes any pick, so the check is here.
 */
export function changesRealData(event: InboundEvent, command: Command | undefined): boolean {
  if (event.input.kind === "choice" && event.input.value.startsWith("rsvp:")) return true;
  if (!command) return false;
  if (command.name === "kenh") return command.args.trim().length > 0;
  return REAL_CHANGES.has(command.name);
}

/**
 * An invitation code typed in a newcomer's simulator session: checked as the real binding checks
 * it (this ward's, unused, unexpired) but not spent, and no account is bound: the session plays
 * that person from now on, and their reports join its preview cycle.
 */
export async function bindInPreview(ctx: ServiceContext, turn: Turn, event: InboundEvent, rawCode: string): Promise<ConversationState> {
  const preview = turn.preview!;
  const address = addressOf(event.channel, event.chat.id);
  const say = (text: string) => turn.out.push({ address, message: { text } });
  if (turn.memberId) {
    const { member } = await describeMember(turn.db, turn.memberId);
    say(`Phiên thử này đang đóng vai ông/bà ${member.name}. Muốn thử với người khác, xin bắt đầu một phiên thử mới.`);
    return turn.state;
  }
  const now = ctx.now();
  const invite = await turn.db.inviteCode.findUnique({ where: { codeHash: await sha256Hex(normalizeInviteCode(rawCode)) }, include: { member: true } });
  if (!invite || invite.member.wardId !== preview.wardId || invite.revokedAt || invite.member.archivedAt) {
    say("Mã mời không đúng. Xin kiểm tra lại mã (gồm 13 chữ và số) hoặc liên hệ cán bộ phường.");
    return turn.state;
  }
  if (invite.usedAt) {
    say("Mã mời này đã được dùng rồi. Nếu ông/bà cần liên kết lại, xin liên hệ cán bộ phường để được cấp mã mới.");
    return turn.state;
  }
  if (invite.expiresAt <= now) {
    say("Mã mời này đã hết hạn. Xin liên hệ cán bộ phường để được cấp mã mới.");
    return turn.state;
  }
  const cycle = await turn.db.cycle.findUniqueOrThrow({ where: { id: preview.cycleId }, include: { formVersion: true } });
  const reports = await reportsFor(turn.db, invite.memberId, cycle.formVersion.roles as string[]);
  turn.writes.push(
    // Once: a second code typed meanwhile finds the session taken and fails the batch.
    turn.db.simulatorSession.updateMany({ where: { id: preview.sessionId, memberId: null }, data: { memberId: invite.memberId } }),
    changedOrFail(turn.db),
    ...reportWrites(turn.db, preview.cycleId, reports),
  );
  const { member, text } = await describeMember(turn.db, invite.memberId);
  const greeting = boundGreeting(member.name, text);
  turn.out.push({
    address,
    message: { ...greeting, text: `${greeting.text}\n(Chế độ thử: mã mời vẫn còn dùng được, tài khoản thật của ông/bà không thay đổi.)` },
  });
  return turn.state;
}
