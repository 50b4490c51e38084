import { AppError, invalidFields, notFound, type FieldProblem } from "../core/errors.js";
import { describeMeeting, meetingChangeNotices } from "./meeting-reminders.js";
import type { Role } from "../core/roles.js";
import { formatInstant, parseDateTimeInZone, parseDurationMs } from "../core/time.js";
import { tidyName } from "../core/text.js";
import { changedOrFail } from "../db/guard.js";
import { uuidv7 } from "../db/ids.js";
import { runUnitOfWork } from "./batch.js";
import { auditWrite, type DbOrTx, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";
import { DEFAULT_PAGE_LIMIT, pageOf, type PageRequest } from "../core/pagination.js";
import { instantAfter, instantKey } from "./paging.js";

export const MEETING_KINDS = ["so_ket", "tong_ket", "ky_ket", "other"] as const;

export interface MeetingInput {
  title: string;
  kind: (typeof MEETING_KINDS)[number];
  startsAt: string;
  location: string;
  remindBefore: string[];
  invitees: { roles: Role[]; groupIds?: string[] };
}

async function loadMeeting(db: DbOrTx, meetingId: string) {
  return db.meeting.findUnique({
    where: { id: meetingId },
    include: { ward: true, invitees: { include: { member: { select: { name: true } } } } },
  });
}

type MeetingRow = NonNullable<Awaited<ReturnType<typeof loadMeeting>>>;

function toMeetingDto(m: MeetingRow, zone: string, withPeople: boolean) {
  const count = (status: string) => m.invitees.filter((i) => i.rsvp === status).length;
  return {
    id: m.id,
    wardId: m.wardId,
    title: m.title,
    kind: m.kind,
    startsAt: formatInstant(m.startsAt, zone),
    location: m.location,
    remindBefore: m.remindBefore as string[],
    invitees: { roles: m.inviteeRoles as Role[], groupIds: (m.inviteeGroups as string[] | null) ?? undefined },
    status: m.status,
    attendance: {
      invited: m.invitees.length,
      attending: count("attending"),
      absent: count("absent"),
      noAnswer: count("no_answer"),
    },
    ...(withPeople
      ? { people: m.invitees.map((i) => ({ memberId: i.memberId, name: i.member.name, status: i.rsvp, reason: i.reason ?? undefined })) }
      : {}),
    createdAt: m.createdAt.toISOString(),
  };
}

const BAD_START: FieldProblem = { field: "startsAt", code: "invalid_date_time", message: "Thời gian bắt đầu chưa đúng: cần ngày giờ dạng 2026-11-29T14:00." };
const PAST_START: FieldProblem = { field: "startsAt", code: "not_in_future", message: "Thời gian bắt đầu hội nghị phải ở tương lai." };
const badReminder = (i: number): FieldProblem => ({
  field: `remindBefore.${i}`,
  code: "invalid_duration",
  message: `Lần nhắc ${i + 1} chưa đúng: cần khoảng thời gian như P3D (3 ngày) hoặc PT2H (2 giờ).`,
});

/** Creates a meeting and its invitee list: every member holding one of the roles (in the given groups). */
export async function createMeeting(ctx: ServiceContext, wardId: string, input: MeetingInput) {
  const ward = await requireWard(ctx.db, wardId);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const problems: FieldProblem[] = [];
  const startsAt = parseDateTimeInZone(input.startsAt, zone);
  if (!startsAt) problems.push(BAD_START);
  else if (startsAt <= ctx.now()) problems.push(PAST_START);
  input.remindBefore.forEach((d, i) => {
    if (parseDurationMs(d) === null)
      problems.push(badReminder(i));
  });
  const groupIds = input.invitees.groupIds;
  if (groupIds?.length) {
    const found = await ctx.db.unit.findMany({ where: { id: { in: groupIds }, wardId, kind: "group" }, select: { id: true } });
    const known = new Set(found.map((g) => g.id));
    groupIds.forEach((id, i) => {
      if (!known.has(id)) problems.push({ field: `invitees.groupIds.${i}`, code: "unknown_reference", message: `Tổ được mời thứ ${i + 1} không phải tổ dân phố của phường/xã này.` });
    });
  }
  if (problems.length) throw invalidFields(problems);

  const { db } = ctx;
  // Read, decide, one batch: the meeting with its invitees and the audit row.
  const id = uuidv7();
  const roles = await db.memberRole.findMany({
    where: {
      role: { in: input.invitees.roles },
      member: { wardId, archivedAt: null },
      // Group roles are filtered by group; ward roles (chairs, admins) are always invited.
      ...(groupIds?.length ? { OR: [{ unitId: { in: groupIds } }, { unitId: wardId }] } : {}),
    },
    select: { memberId: true },
  });
  const memberIds = [...new Set(roles.map((r) => r.memberId))];
  const title = tidyName(input.title);
  await db.$transaction([
    db.meeting.create({
      data: {
        id,
        wardId,
        title,
        kind: input.kind,
        startsAt: startsAt!,
        location: tidyName(input.location),
        remindBefore: input.remindBefore,
        inviteeRoles: input.invitees.roles,
        inviteeGroups: groupIds?.length ? groupIds : undefined,
      },
    }),
    // Not a nested create: a batch's statements must not depend on each other's results.
    ...(memberIds.length ? [db.meetingInvitee.createMany({ data: memberIds.map((memberId) => ({ meetingId: id, memberId })) })] : []),
    auditWrite(ctx, db, { action: "meeting.create", entity: "meeting", entityId: id, wardId, details: { title } }),
  ]);
  return toMeetingDto((await loadMeeting(db, id))!, zone, true);
}

export const MEETING_STATUSES = ["scheduled", "cancelled"] as const;

export interface MeetingListQuery extends PageRequest {
  status?: (typeof MEETING_STATUSES)[number];
  /** Only meetings that have not started yet. */
  upcoming?: boolean;
}

/** A ward's meetings by start time, a page at a time. */
export async function listMeetings(ctx: ServiceContext, wardId: string, query: MeetingListQuery = { limit: DEFAULT_PAGE_LIMIT }) {
  const ward = await requireWard(ctx.db, wardId);
  const rows = await ctx.db.meeting.findMany({
    where: {
      wardId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.upcoming ? { startsAt: { gte: ctx.now() } } : {}),
      ...instantAfter(query.cursor, "startsAt", "asc"),
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
    include: { ward: true, invitees: { include: { member: { select: { name: true } } } } },
  });
  const page = pageOf(rows, query.limit, instantKey("startsAt"));
  return { ...page, items: page.items.map((m) => toMeetingDto(m, ward.timezone ?? ctx.defaultTimezone, false)) };
}

export async function getMeeting(ctx: ServiceContext, meetingId: string) {
  const m = await loadMeeting(ctx.db, meetingId);
  if (!m) throw notFound("meeting", meetingId);
  return toMeetingDto(m, m.ward.timezone ?? ctx.defaultTimezone, true);
}

export interface MeetingPatch {
  title?: string;
  startsAt?: string;
  location?: string;
  remindBefore?: string[];
}

/**
 * Changes a meeting; those already reminded are told the new time and place. One batch, checked
 * on the meeting as read (its updatedAt) and on the reminders recorded: a change or a reminder
 * committed meanwhile makes it read and decide again.
 */
export async function updateMeeting(ctx: ServiceContext, meetingId: string, patch: MeetingPatch) {
  const { noticed, zone } = await runUnitOfWork(ctx.db, async () => {
    const { db } = ctx;
    const current = await loadMeeting(db, meetingId);
    if (!current) throw notFound("meeting", meetingId);
    if (current.status === "cancelled") throw new AppError("conflict", "Hội nghị này đã bị huỷ nên không sửa được nữa.");
    const zone = current.ward.timezone ?? ctx.defaultTimezone;
    const problems: FieldProblem[] = [];
    const startsAt = patch.startsAt === undefined ? current.startsAt : parseDateTimeInZone(patch.startsAt, zone);
    if (!startsAt) problems.push(BAD_START);
    // Moving a meeting into the past is a mistake; leaving a past meeting's time alone is not.
    else if (patch.startsAt !== undefined && startsAt <= ctx.now()) problems.push(PAST_START);
    patch.remindBefore?.forEach((d, i) => {
      if (parseDurationMs(d) === null) problems.push(badReminder(i));
    });
    if (problems.length) throw invalidFields(problems);
    const data = {
      title: patch.title === undefined ? undefined : tidyName(patch.title),
      location: patch.location === undefined ? undefined : tidyName(patch.location),
      startsAt: startsAt!,
      remindBefore: patch.remindBefore,
    };
    const updated = { ...current, title: data.title ?? current.title, location: data.location ?? current.location, startsAt: data.startsAt };
    const notices = await meetingChangeNotices(
      ctx,
      meetingId,
      (name) => `Kính gửi ông/bà ${name}, xin lưu ý THAY ĐỔI: ${describeMeeting(updated, zone)}. Xin cảm ơn!`,
    );
    const writes = [
      db.meeting.updateMany({ where: { id: meetingId, updatedAt: current.updatedAt }, data }),
      changedOrFail(db),
      ...notices.writes,
      auditWrite(ctx, db, { action: "meeting.update", entity: "meeting", entityId: meetingId, wardId: current.wardId, details: { ...patch, noticed: notices.noticed } }),
    ];
    return { writes, result: { noticed: notices.noticed, zone } };
  });
  if (noticed) ctx.delivery?.wake();
  return toMeetingDto((await loadMeeting(ctx.db, meetingId))!, zone, true);
}

/** Cancels a meeting; those already reminded are told. One batch, guarded like updateMeeting. */
export async function cancelMeeting(ctx: ServiceContext, meetingId: string) {
  const { noticed, zone } = await runUnitOfWork(ctx.db, async () => {
    const { db } = ctx;
    const current = await loadMeeting(db, meetingId);
    if (!current) throw notFound("meeting", meetingId);
    const zone = current.ward.timezone ?? ctx.defaultTimezone;
    if (current.status === "cancelled") return { writes: [], result: { noticed: 0, zone } };
    const notices = await meetingChangeNotices(
      ctx,
      meetingId,
      (name) => `Kính gửi ông/bà ${name}, ${describeMeeting(current, zone)} đã được HUỶ. Xin ông/bà thông cảm.`,
    );
    const writes = [
      db.meeting.updateMany({ where: { id: meetingId, updatedAt: current.updatedAt }, data: { status: "cancelled" } }),
      changedOrFail(db),
      ...notices.writes,
      auditWrite(ctx, db, { action: "meeting.cancel", entity: "meeting", entityId: meetingId, wardId: current.wardId, details: { noticed: notices.noticed } }),
    ];
    return { writes, result: { noticed: notices.noticed, zone } };
  });
  if (noticed) ctx.delivery?.wake();
  return toMeetingDto((await loadMeeting(ctx.db, meetingId))!, zone, true);
}
