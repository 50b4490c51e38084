import { invalidFields, notFound } from "../../core/errors.js";
import { addressOf } from "../../channels/channel.js";
import { WEB_CHANNEL } from "../../channels/web/capabilities.js";
import type { OutboundMessage } from "../../core/conversation/types.js";
import type { ReportSession } from "../../core/conversation/report-session.js";
import { changedOrFail, type Write } from "../../db/guard.js";
import { uuidv7 } from "../../db/ids.js";
import type { Database } from "../../db/types.js";
import { auditWrite, type ServiceContext } from "../context.js";
import { readConversations, writeStatePart } from "../chat/conversation-store.js";
import { WELCOME_UNKNOWN_BY_CODE, boundGreeting, describeMember } from "../chat/identity-chat.js";
import { timedMessageWrites } from "../outbox-queue.js";
import { requireWard } from "../wards.js";
import { PREVIEW_DAY_MS, PREVIEW_LABEL, currentFormVersion, openingWords, reportWrites, reportsFor } from "./preview-cycle.js";

/*
 * The console's chat simulator ("Thử trò chuyện"): a session is a chat on the web channel whose
 * person is chosen by the admin (or a newcomer who types an invitation code), on its own preview
 * cycle. Starting, restarting the cycle and ending are each ONE batch; the conversation itself
 * runs through handleInbound like any channel's (messages.ts).
 */

export interface StartInput {
  /** The person to play; absent: a newcomer, who is asked for an invitation code. */
  memberId?: string;
  label?: string;
}

const chatOf = (sessionId: string) => addressOf(WEB_CHANNEL, sessionId);

/** What the chat says first, and the conversation it starts in, for the person the session plays. */
async function firstWords(
  ctx: ServiceContext,
  opening: { cycleId: string; label: string; dueAt: Date; zone: string; formVersionId: string },
  member: { id: string; name: string } | undefined,
  reports: Awaited<ReturnType<typeof reportsFor>>,
): Promise<{ messages: OutboundMessage[]; session: ReportSession | undefined }> {
  if (!member) return { messages: [{ text: WELCOME_UNKNOWN_BY_CODE }], session: undefined };
  if (reports.length) return openingWords(ctx, { ...opening, memberName: member.name, reports });
  // Not a reporter (a chair, an admin): greeted as when bound, with the commands they have.
  const { text } = await describeMember(ctx.db, member.id);
  return { messages: [boundGreeting(member.name, text)], session: undefined };
}

/**
 * Starts a session in the ward as the person `memberId` (or a newcomer): its preview cycle opens
 * with the ward's current form, and the chat gets what a real opening says (the first question),
 * or the newcomer's welcome. One batch: cycle, reports, session, conversation, messages, audit.
 */
export async function startSession(ctx: ServiceContext, wardId: string, input: StartInput) {
  const { db } = ctx;
  const ward = await requireWard(db, wardId);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const version = await currentFormVersion(db, wardId);
  const member = input.memberId ? await db.member.findFirst({ where: { id: input.memberId, wardId, archivedAt: null }, select: { id: true, name: true } }) : undefined;
  if (input.memberId && !member) throw invalidFields([{ field: "memberId", code: "unknown_reference", message: "Người được chọn không thuộc phường này (hoặc đã thôi phụ trách): xin chọn lại." }]);
  const now = ctx.now();
  const sessionId = uuidv7();
  const cycleId = uuidv7();
  const label = input.label?.trim() || PREVIEW_LABEL;
  const dueAt = new Date(now.getTime() + PREVIEW_DAY_MS);
  const reports = member ? await reportsFor(db, member.id, version.roles as string[]) : [];
  const { messages, session } = await firstWords(ctx, { cycleId, label, dueAt, zone, formVersionId: version.id }, member ?? undefined, reports);
  const address = chatOf(sessionId);
  await db.$transaction([
    db.cycle.create({ data: { id: cycleId, wardId, formVersionId: version.id, label, opensAt: now, dueAt, preview: true } }),
    ...reportWrites(db, cycleId, reports),
    db.simulatorSession.create({ data: { id: sessionId, wardId, memberId: member?.id ?? null, cycleId, createdBy: ctx.actor, createdAt: now } }),
    db.conversation.create({ data: { channel: WEB_CHANNEL, userId: sessionId, state: (session ? { session } : {}) as object, version: 1 } }),
    ...timedMessageWrites(db, messages.map((message) => ({ address, message, at: now }))),
    auditWrite(ctx, db, { action: "simulator.start", entity: "simulator", entityId: sessionId, wardId, details: { memberId: member?.id ?? null, label } }),
  ]);
  ctx.delivery?.wake();
  return getSession(ctx, sessionId);
}

/**
 * Opens a fresh preview cycle for the session (the ward's form as it is now: a form just edited
 * is tried at once) in place of the old one, whose reports go with it; the chat gets the opening
 * words again. One batch, guarded on the cycle it replaces.
 */
export async function restartCycle(ctx: ServiceContext, sessionId: string, input: { label?: string }) {
  const { db } = ctx;
  const found = await requireSession(db, sessionId);
  const ward = await requireWard(db, found.wardId);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const version = await currentFormVersion(db, found.wardId);
  const now = ctx.now();
  const cycleId = uuidv7();
  const label = input.label?.trim() || PREVIEW_LABEL;
  const dueAt = new Date(now.getTime() + PREVIEW_DAY_MS);
  const member = found.member ?? undefined;
  const reports = member ? await reportsFor(db, member.id, version.roles as string[]) : [];
  const { messages, session } = await firstWords(ctx, { cycleId, label, dueAt, zone, formVersionId: version.id }, member, reports);
  const [stored] = await readConversations(db, [{ channel: WEB_CHANNEL, userId: sessionId }]);
  await db.$transaction([
    db.cycle.create({ data: { id: cycleId, wardId: found.wardId, formVersionId: version.id, label, opensAt: now, dueAt, preview: true } }),
    ...reportWrites(db, cycleId, reports),
    db.simulatorSession.updateMany({ where: { id: sessionId, cycleId: found.cycleId }, data: { cycleId } }),
    changedOrFail(db),
    db.cycle.deleteMany({ where: { id: found.cycleId, preview: true } }),
    ...writeStatePart(db, stored!, { session }),
    ...timedMessageWrites(db, messages.map((message) => ({ address: chatOf(sessionId), message, at: now }))),
    auditWrite(ctx, db, { action: "simulator.cycle", entity: "simulator", entityId: sessionId, wardId: found.wardId, details: { label } }),
  ]);
  ctx.delivery?.wake();
  return getSession(ctx, sessionId);
}

async function requireSession(db: Database, sessionId: string) {
  const session = await db.simulatorSession.findUnique({ where: { id: sessionId }, include: { member: { select: { id: true, name: true } } } });
  if (!session) throw notFound("simulator session", sessionId);
  return session;
}

/** A session as the console shows it: who it plays, its preview cycle, and what its reports hold. */
export async function getSession(ctx: ServiceContext, sessionId: string) {
  const session = await requireSession(ctx.db, sessionId);
  const cycle = await ctx.db.cycle.findUniqueOrThrow({
    where: { id: session.cycleId },
    include: { formVersion: { select: { version: true, title: true } }, reports: { include: { group: { select: { name: true } } }, orderBy: { id: "asc" } } },
  });
  return {
    id: session.id,
    wardId: session.wardId,
    member: session.member,
    createdAt: session.createdAt.toISOString(),
    cycle: {
      id: cycle.id,
      label: cycle.label,
      formTitle: cycle.formVersion.title,
      formVersion: cycle.formVersion.version,
      reports: cycle.reports.map((r) => ({
        id: r.id,
        groupName: r.group.name,
        role: r.role,
        status: r.status,
        via: r.via,
        memberId: r.memberId,
        submittedAt: r.submittedAt?.toISOString() ?? null,
        // As the cycle API shows them: skipped questions are absent.
        answers: Object.fromEntries(Object.entries(r.answers as Record<string, string | number | boolean | null>).filter(([, v]) => v !== null)) as Record<string, string | number | boolean>,
      })),
    },
  };
}

/**
 * Everything a set of sessions left, as writes of one batch: their messages, conversations and
 * processed message ids, and their preview cycles (with them the reports, revisions and the
 * session rows, by cascade).
 */
function forgetWrites(db: Database, sessions: { id: string; cycleId: string }[]): Write[] {
  const ids = sessions.map((s) => s.id);
  if (!ids.length) return [];
  return [
    db.outboxMessage.deleteMany({ where: { address: { in: ids.map(chatOf) } } }),
    db.conversation.deleteMany({ where: { channel: WEB_CHANNEL, userId: { in: ids } } }),
    ...ids.map((id) => db.processedUpdate.deleteMany({ where: { channel: WEB_CHANNEL, updateId: { startsWith: `${id}:` } } })),
    db.cycle.deleteMany({ where: { id: { in: sessions.map((s) => s.cycleId) }, preview: true } }),
  ];
}

/** Ends a session: nothing of it is kept (the audit says it was started and ended). */
export async function endSession(ctx: ServiceContext, sessionId: string) {
  const session = await requireSession(ctx.db, sessionId);
  await ctx.db.$transaction([
    ...forgetWrites(ctx.db, [session]),
    auditWrite(ctx, ctx.db, { action: "simulator.end", entity: "simulator", entityId: sessionId, wardId: session.wardId }),
  ]);
}

/** Sessions started before `cutoff`, forgotten a few at a time (retention.ts calls this hourly). */
export async function pruneSessions(db: Database, cutoff: Date, limit = 50): Promise<number> {
  const old = await db.simulatorSession.findMany({ where: { createdAt: { lt: cutoff } }, select: { id: true, cycleId: true }, take: limit });
  if (old.length) await db.$transaction(forgetWrites(db, old));
  return old.length;
}
