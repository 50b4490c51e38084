import { formatDateTimeInZone } from "../core/format.js";
import { reachAddressOf, reachOf } from "../core/reach.js";
import type { ServiceContext } from "./context.js";
import { recordRun, type RunKey } from "./job-runs.js";
import { queueMessages } from "./outbox.js";
import { recordMenusShown } from "./chat/menu-memory.js";

/** "Hội nghị … lúc 14:00 Thứ Năm 26/11/2026 tại Nhà văn hóa phường" */
export function describeMeeting(m: { title: string; startsAt: Date; location: string }, zone: string): string {
  return `${m.title} lúc ${formatDateTimeInZone(m.startsAt, zone)} tại ${m.location}`;
}

export const rsvpChoices = (meetingId: string) => [
  { label: "✅ Tham dự", value: `rsvp:${meetingId}:yes` },
  { label: "Vắng", value: `rsvp:${meetingId}:no` },
];

/**
 * Reminds a meeting's invitees (bound, not away), once each on the channel that reaches them,
 * and asks whether they will come.
 * The run key makes each offset's reminder happen once.
 */
export async function remindMeeting(ctx: ServiceContext, meetingId: string, run: RunKey): Promise<number> {
  const now = ctx.now();
  const count = await ctx.db.$transaction(async (tx) => {
    await recordRun(tx, run, now);
    const meeting = await tx.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      include: { ward: true, invitees: { include: { member: { include: { identities: true } } } } },
    });
    if (meeting.status !== "scheduled") return 0;
    const zone = meeting.ward.timezone ?? ctx.defaultTimezone;
    const what = describeMeeting(meeting, zone);
    const sends = meeting.invitees
      .filter((i) => !i.member.absentUntil || i.member.absentUntil <= now)
      .flatMap((i) => {
        // One reminder per person, on the channel that reaches them (core/reach.ts).
        const identity = reachOf(i.member.identities, i.member);
        if (!identity) return [];
        return {
          channel: identity.channel,
          userId: identity.externalId,
          address: identity.address,
          message: {
            text:
              `Kính gửi ông/bà ${i.member.name}, xin mời ông/bà dự ${what}.` +
              (i.rsvp === "no_answer" ? "\nÔng/bà có tham dự được không?" : `\n(Ông/bà đã trả lời: ${i.rsvp === "attending" ? "tham dự" : "vắng"}; có thể đổi lại.)`),
            choices: rsvpChoices(meeting.id),
          },
        };
      });
    const items = sends.map(({ address, message }) => ({ address, message }));
    await queueMessages(tx, now, items, (item) => `meeting:${run.job}:${run.instant.toISOString()}:${item.address}`);
    // "1" typed under the reminder means "Tham dự" (channels without buttons).
    await recordMenusShown(tx, sends);
    return items.length;
  });
  if (count) ctx.delivery?.wake();
  return count;
}

/** How an invitee's answer reads in Vietnamese. */
export const RSVP_WORDS = { attending: "tham dự", absent: "vắng", no_answer: "chưa trả lời" } as const;

/** The day before a meeting, the ward's chairs get who is coming, who is not (and why), who has not answered. */
export async function sendAttendanceDigest(ctx: ServiceContext, meetingId: string, run: RunKey): Promise<number> {
  const now = ctx.now();
  const count = await ctx.db.$transaction(async (tx) => {
    await recordRun(tx, run, now);
    const meeting = await tx.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      include: { ward: true, invitees: { include: { member: { select: { name: true } } } } },
    });
    if (meeting.status !== "scheduled") return 0;
    const chairs = await tx.memberRole.findMany({
      where: { unitId: meeting.wardId, role: "chair" },
      include: { member: { include: { identities: true } } },
    });
    const by = (status: keyof typeof RSVP_WORDS) => meeting.invitees.filter((i) => i.rsvp === status);
    const absent = by("absent").map((i) => `${i.member.name}${i.reason ? ` (${i.reason})` : ""}`);
    const silent = by("no_answer").map((i) => i.member.name);
    const text = [
      `Tình hình đăng ký dự ${describeMeeting(meeting, meeting.ward.timezone ?? ctx.defaultTimezone)}:`,
      `Tham dự: ${by("attending").length}/${meeting.invitees.length}.`,
      absent.length ? `Vắng (${absent.length}): ${absent.join(", ")}.` : "Không ai báo vắng.",
      silent.length ? `Chưa trả lời (${silent.length}): ${silent.join(", ")}.` : "Tất cả đã trả lời.",
    ].join("\n");
    const items = chairs.flatMap((c) => {
      const address = reachAddressOf(c.member);
      return address ? [{ address, message: { text } }] : [];
    });
    await queueMessages(tx, now, items, (item) => `digest:${meetingId}:${run.instant.toISOString()}:${item.address}`);
    return items.length;
  });
  if (count) ctx.delivery?.wake();
  return count;
}

/**
 * Tells everyone already reminded of a meeting that it changed or was cancelled, so nobody goes
 * to the old time or place. Call inside the transaction of the change.
 */
export async function noticeMeetingChange(
  ctx: ServiceContext,
  tx: Parameters<Parameters<ServiceContext["db"]["$transaction"]>[0]>[0],
  meetingId: string,
  text: (name: string) => string,
): Promise<number> {
  const reminded = await tx.jobRun.count({ where: { job: { startsWith: `meeting:${meetingId}:` } } });
  if (!reminded) return 0;
  const invitees = await tx.meetingInvitee.findMany({
    where: { meetingId },
    include: { member: { include: { identities: true } } },
  });
  const items = invitees.flatMap((i) => {
    const address = reachAddressOf(i.member);
    return address ? [{ address, message: { text: text(i.member.name) } }] : [];
  });
  await queueMessages(tx, ctx.now(), items);
  return items.length;
}
