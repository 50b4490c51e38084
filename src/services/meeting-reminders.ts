import { formatDateTimeInZone } from "../core/format.js";
import { reachAddressOf, reachOf } from "../core/reach.js";
import { stillTrue, type Write } from "../db/guard.js";
import { sql } from "../db/sql.js";
import type { Database } from "../db/types.js";
import { runUnitOfWork } from "./batch.js";
import type { ServiceContext } from "./context.js";
import { assertNotRun, runWrite, type RunKey } from "./job-runs.js";
import { messageWrites } from "./outbox-queue.js";
import { menuWrites } from "./chat/menu-memory.js";

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
  const count = await runUnitOfWork(ctx.db, async () => {
    const { db } = ctx;
    await assertNotRun(db, run);
    const now = ctx.now();
    const meeting = await db.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      include: { ward: true, invitees: { include: { member: { include: { identities: true } } } } },
    });
    if (meeting.status !== "scheduled") return { writes: runWrite(db, run, now), result: 0 };
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
    const writes = [
      ...runWrite(db, run, now),
      // The meeting as read (time, place, not cancelled): a change committed meanwhile fails the
      // batch, so the reminder never tells the old time to people the change's notice missed.
      meetingUnchanged(db, meeting),
      ...messageWrites(db, now, items, (item) => `meeting:${run.job}:${run.instant.toISOString()}:${item.address}`),
      // "1" typed under the reminder means "Tham dự" (channels without buttons).
      ...menuWrites(db, sends),
    ];
    return { writes, result: items.length };
  });
  if (count) ctx.delivery?.wake();
  return count;
}

/** A guard: the meeting is still as read (its updatedAt). */
const meetingUnchanged = (db: Database, meeting: { id: string; updatedAt: Date }) =>
  stillTrue(db, sql`EXISTS (SELECT 1 FROM "Meeting" WHERE "id" = ${meeting.id} AND "updatedAt" = ${meeting.updatedAt})`);

/** How an invitee's answer reads in Vietnamese. */
export const RSVP_WORDS = { attending: "tham dự", absent: "vắng", no_answer: "chưa trả lời" } as const;

/** The day before a meeting, the ward's chairs get who is coming, who is not (and why), who has not answered. */
export async function sendAttendanceDigest(ctx: ServiceContext, meetingId: string, run: RunKey): Promise<number> {
  const count = await runUnitOfWork(ctx.db, async () => {
    const { db } = ctx;
    await assertNotRun(db, run);
    const now = ctx.now();
    const meeting = await db.meeting.findUniqueOrThrow({
      where: { id: meetingId },
      include: { ward: true, invitees: { include: { member: { select: { name: true } } } } },
    });
    if (meeting.status !== "scheduled") return { writes: runWrite(db, run, now), result: 0 };
    const chairs = await db.memberRole.findMany({
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
    const writes = [
      ...runWrite(db, run, now),
      meetingUnchanged(db, meeting),
      ...messageWrites(db, now, items, (item) => `digest:${meetingId}:${run.instant.toISOString()}:${item.address}`),
    ];
    return { writes, result: items.length };
  });
  if (count) ctx.delivery?.wake();
  return count;
}

/**
 * Tells everyone already reminded of a meeting that it changed or was cancelled, so nobody goes
 * to the old time or place: reads who was reminded and returns the notices as writes for the
 * change's batch, with a guard that fails it if a reminder run was recorded since (the change
 * is then read and decided again, and that reminder's people are told too).
 */
export async function meetingChangeNotices(
  ctx: ServiceContext,
  meetingId: string,
  text: (name: string) => string,
): Promise<{ writes: Write[]; noticed: number }> {
  const { db } = ctx;
  const runs = sql`(SELECT COUNT(*) FROM "JobRun" WHERE "job" LIKE ${`meeting:${meetingId}:%`})`;
  const reminded = await db.jobRun.count({ where: { job: { startsWith: `meeting:${meetingId}:` } } });
  const guard = stillTrue(db, sql`${runs} = ${reminded}`);
  if (!reminded) return { writes: [guard], noticed: 0 };
  const invitees = await db.meetingInvitee.findMany({
    where: { meetingId },
    include: { member: { include: { identities: true } } },
  });
  const items = invitees.flatMap((i) => {
    const address = reachAddressOf(i.member);
    return address ? [{ address, message: { text: text(i.member.name) } }] : [];
  });
  return { writes: [guard, ...messageWrites(db, ctx.now(), items)], noticed: items.length };
}
