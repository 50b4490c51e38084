import { addressOf, type InboundEvent } from "../../channels/channel.js";
import type { ServiceContext } from "../context.js";
import { RSVP_WORDS, describeMeeting } from "../meeting-reminders.js";
import type { ConversationState, Turn } from "./conversation-store.js";
import { changedOrFail } from "../../db/guard.js";

const REASON_MAX = 300;

/** A press of "Tham dự" / "Vắng" under a meeting reminder. "Vắng" then asks for the reason. */
export async function answerInvitation(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string, value: string): Promise<ConversationState> {
  const say = (text: string) => turn.out.push({ address: addressOf(event.channel, event.chat.id), message: { text } });
  const [, meetingId, answer] = value.split(":");
  const invitee = await turn.db.meetingInvitee.findUnique({
    where: { meetingId_memberId: { meetingId: meetingId!, memberId } },
    include: { meeting: { include: { ward: true } } },
  });
  if (!invitee || invitee.meeting.status !== "scheduled" || invitee.meeting.startsAt <= ctx.now()) {
    say("Cuộc họp này đã qua hoặc đã huỷ, không cần trả lời nữa. Xin cảm ơn ông/bà.");
    return turn.state;
  }
  const zone = invitee.meeting.ward.timezone ?? ctx.defaultTimezone;
  if (answer === "yes") {
    turn.writes.push(turn.db.meetingInvitee.updateMany({ where: { id: invitee.id }, data: { rsvp: "attending", reason: null, respondedAt: ctx.now() } }), changedOrFail(turn.db));
    say(`Đã ghi nhận ông/bà sẽ tham dự ${describeMeeting(invitee.meeting, zone)}. Xin cảm ơn!`);
    return { ...turn.state, awaitingAbsenceReason: undefined };
  }
  turn.writes.push(turn.db.meetingInvitee.updateMany({ where: { id: invitee.id }, data: { rsvp: "absent", respondedAt: ctx.now() } }), changedOrFail(turn.db));
  say("Đã ghi nhận ông/bà vắng. Xin ông/bà cho biết ngắn gọn lý do (ví dụ: ốm, đi công tác).");
  return { ...turn.state, awaitingAbsenceReason: invitee.id };
}

/** The text after "Vắng" is the reason. */
export function recordAbsenceReason(turn: Turn, event: InboundEvent, text: string): ConversationState {
  const reason = text.normalize("NFC").trim().slice(0, REASON_MAX);
  // updateMany: an invitation deleted meanwhile (the meeting's invitees changed) loses only the reason.
  turn.writes.push(turn.db.meetingInvitee.updateMany({ where: { id: turn.state.awaitingAbsenceReason! }, data: { reason } }));
  turn.out.push({ address: addressOf(event.channel, event.chat.id), message: { text: "Đã ghi nhận lý do vắng. Xin cảm ơn ông/bà!" } });
  return { ...turn.state, awaitingAbsenceReason: undefined };
}

/** /lichhop: the member's upcoming meetings and their answer to each. */
export async function listMyMeetings(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string) {
  const invites = await turn.db.meetingInvitee.findMany({
    where: { memberId, meeting: { status: "scheduled", startsAt: { gt: ctx.now() } } },
    include: { meeting: { include: { ward: true } } },
    orderBy: { meeting: { startsAt: "asc" } },
  });
  const lines = invites.map((i) => {
    const zone = i.meeting.ward.timezone ?? ctx.defaultTimezone;
    return `• ${describeMeeting(i.meeting, zone)} — ông/bà: ${RSVP_WORDS[i.rsvp as keyof typeof RSVP_WORDS] ?? i.rsvp}`;
  });
  turn.out.push({
    address: addressOf(event.channel, event.chat.id),
    message: { text: lines.length ? `Lịch họp sắp tới:\n${lines.join("\n")}` : "Ông/bà không có cuộc họp nào sắp tới." },
  });
}
