import { formatInstant } from "../core/time.js";
import { DEMO_FORM, DEMO_MEETING_TITLE, DEMO_SCHEDULE, DEMO_WARD_NAME, demoMembersCsv } from "../db/demo-ward.js";
import type { Unit } from "../db/generated/prisma/client.js";
import type { ServiceContext } from "./context.js";
import { putForm } from "./form.js";
import { importMembers } from "./import-members.js";
import { createMeeting } from "./meetings.js";
import { putSchedule } from "./schedule.js";
import { WARD_KINDS } from "./wards.js";
import { changedOrFail } from "../db/guard.js";

/**
 * The demo ward of `npm run seed:demo`. It is recognised by the `demo` mark stored on the ward
 * it created, never by its name: a real ward that happens to be called "Phường Ngọc Lâm" is
 * never filled with demo people, and `--reset` can only ever remove the demo.
 */

/** Used when a real ward already has the demo's name. */
export const DEMO_FALLBACK_NAME = `${DEMO_WARD_NAME} (dữ liệu mẫu)`;

export const findDemoWard = (ctx: ServiceContext) => ctx.db.unit.findFirst({ where: { demo: true } });

export type SeedOutcome =
  | { status: "name_taken"; names: string[] }
  | { status: "ok"; ward: Unit; wardCreated: boolean; imported: Awaited<ReturnType<typeof importMembers>> };

/** Creates the demo ward, or fills in what is missing of it; creates nothing when it is complete. */
export async function seedDemo(ctx: ServiceContext): Promise<SeedOutcome> {
  let ward = await findDemoWard(ctx);
  const wardCreated = !ward;
  if (!ward) {
    const taken = await ctx.db.unit.findMany({
      where: { name: { in: [DEMO_WARD_NAME, DEMO_FALLBACK_NAME] }, parentId: null, kind: { in: [...WARD_KINDS] } },
      select: { name: true },
    });
    const name = [DEMO_WARD_NAME, DEMO_FALLBACK_NAME].find((n) => !taken.some((t) => t.name === n));
    if (!name) return { status: "name_taken", names: [DEMO_WARD_NAME, DEMO_FALLBACK_NAME] };
    const now = ctx.now();
    const id = crypto.randomUUID();
    // The ward and its mark in one write: a ward of the demo's making always carries it.
    await ctx.db.$transaction([
      ctx.db.unit.create({ data: { id, kind: "ward", name, timezone: ctx.defaultTimezone, demo: true, createdAt: now, updatedAt: now } }),
      ctx.db.auditLog.create({
        data: { actor: ctx.actor, action: "ward.create", entity: "ward", entityId: id, wardId: id, details: { name, demo: true }, at: now },
      }),
    ]);
    ward = await ctx.db.unit.findUniqueOrThrow({ where: { id } });
  }
  const wardId = ward.id;
  const imported = await importMembers(ctx, wardId, demoMembersCsv());
  if (!(await ctx.db.form.findUnique({ where: { wardId } }))) await putForm(ctx, wardId, DEMO_FORM);
  if (!(await ctx.db.schedule.findUnique({ where: { wardId } }))) await putSchedule(ctx, wardId, DEMO_SCHEDULE);
  if (!(await ctx.db.meeting.findFirst({ where: { wardId, title: DEMO_MEETING_TITLE } }))) {
    // Next Thursday at 14:00, ward time.
    const zone = ward.timezone ?? ctx.defaultTimezone;
    const now = ctx.now();
    const day = new Date(now.getTime() + ((4 - now.getUTCDay() + 7) % 7 || 7) * 86_400_000);
    await createMeeting(ctx, wardId, {
      title: DEMO_MEETING_TITLE,
      kind: "so_ket",
      startsAt: `${formatInstant(day, zone).slice(0, 10)}T14:00`,
      location: "Nhà văn hóa phường",
      remindBefore: ["P3D", "PT2H"],
      invitees: { roles: ["leader", "front_head", "chair"] },
    });
  }
  return { status: "ok", ward, wardCreated, imported };
}

/**
 * Removes the demo ward and everything of it (groups, people and their chat bindings and
 * conversations, invitations, form, schedule, meetings, cycles and reports, days off, job runs,
 * the messages still waiting to go to its people, its audit entries) in one atomic batch.
 * The batch deletes the ward only while it still carries the demo mark; nothing else is touched.
 */
export async function resetDemo(ctx: ServiceContext): Promise<{ name: string; members: number } | null> {
  const ward = await findDemoWard(ctx);
  if (!ward) return null;
  const wardId = ward.id;
  const identities = await ctx.db.channelIdentity.findMany({ where: { member: { wardId } } });
  const members = await ctx.db.member.count({ where: { wardId } });
  const db = ctx.db;
  await db.$transaction([
    db.outboxMessage.deleteMany({ where: { address: { in: identities.map((i) => i.address) }, status: "pending" } }),
    db.conversation.deleteMany({ where: { OR: identities.map((i) => ({ channel: i.channel, userId: i.externalId })) } }),
    // Cycles before the form: a cycle keeps its form version from being deleted.
    db.cycle.deleteMany({ where: { wardId } }),
    db.form.deleteMany({ where: { wardId } }),
    db.meeting.deleteMany({ where: { wardId } }),
    db.member.deleteMany({ where: { wardId } }),
    db.dayOff.deleteMany({ where: { wardId } }),
    db.jobRun.deleteMany({ where: { wardId } }),
    db.auditLog.deleteMany({ where: { wardId } }),
    // Groups, then the khu phố they may sit in (a unit with children cannot be deleted), then the ward.
    db.unit.deleteMany({ where: { wardId, kind: "group" } }),
    db.unit.deleteMany({ where: { wardId } }),
    db.unit.deleteMany({ where: { id: wardId, demo: true } }),
    changedOrFail(db), // only while it still carries the demo mark
    db.auditLog.create({
      data: { actor: ctx.actor, action: "demo.reset", entity: "ward", entityId: wardId, details: { name: ward.name, members }, at: ctx.now() },
    }),
  ]);
  return { name: ward.name, members };
}
