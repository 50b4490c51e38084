import { notFound } from "../core/errors.js";
import { erasedName, mentions, phoneForms, scrubbed } from "../core/personal-data.js";
import { commitBatch } from "./batch.js";
import { auditRow, type ServiceContext } from "./context.js";
import { changedOrFail } from "../db/guard.js";

/**
 * A person's rights under Decree 13/2023: to see everything stored about them (export) and to
 * have it erased. Erasure keeps the group's submitted figures (the ward's records), attributed
 * to a placeholder name, and takes the person's name and phone number out of everything else.
 */

async function readPerson(ctx: ServiceContext, memberId: string) {
  const member = await ctx.db.member.findUnique({
    where: { id: memberId },
    include: { roles: { include: { unit: { select: { id: true, name: true, kind: true } } } }, identities: true },
  });
  if (!member) throw notFound("member", memberId);
  // Their earlier names and numbers too, as the audit of changes to them recorded them.
  const sides = (await ctx.db.auditLog.findMany({ where: { entity: "member", entityId: memberId }, select: { details: true } })).flatMap((a) => {
    const d = (a.details ?? {}) as { before?: Record<string, unknown>; after?: Record<string, unknown> };
    return [d.before ?? {}, d.after ?? {}];
  });
  const strings = (field: string) => sides.map((s) => s[field]).filter((v): v is string => typeof v === "string");
  const names = member.erasedAt ? [] : [member.name, ...strings("name")];
  const phones = [member.phone, ...strings("phone")];
  /** What identifies them in free text and stored JSON: their names (unless already erased) and phone numbers. */
  const needles = [...new Set([...(names as string[]), ...phones.flatMap(phoneForms)])].filter((n) => n !== erasedName(memberId));
  const conversationKeys = member.identities.map((i) => ({ channel: i.channel, userId: i.externalId }));
  const addresses = member.identities.map((i) => i.address);
  return { member, needles, conversationKeys, addresses };
}

/** Ids of rows of `table` whose JSON `column` contains one of the needles (a plain substring test). */
async function idsMentioning(ctx: ServiceContext, table: "AuditLog" | "OutboxMessage" | "Report" | "ReportRevision", column: string, needles: string[]) {
  const ids = new Set<string>();
  for (const needle of needles) {
    const rows = await ctx.db.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "${table}" WHERE instr("${column}", ?) > 0`, needle);
    for (const r of rows) ids.add(r.id);
  }
  return [...ids];
}

/** Everything stored about a person, as JSON (invitation codes and session secrets are stored only hashed, and not given). */
export async function exportMember(ctx: ServiceContext, memberId: string) {
  const { member, needles, conversationKeys } = await readPerson(ctx, memberId);
  const [reportIdsNaming, revisionIdsNaming, auditIdsNaming] = await Promise.all([
    idsMentioning(ctx, "Report", "answers", needles),
    idsMentioning(ctx, "ReportRevision", "answers", needles),
    idsMentioning(ctx, "AuditLog", "details", [memberId, ...needles]),
  ]);
  const [invitations, reports, revisions, meetings, conversations, audit, sessions, signInCodes] = await Promise.all([
    ctx.db.inviteCode.findMany({ where: { memberId }, select: { id: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true }, orderBy: { createdAt: "asc" } }),
    ctx.db.report.findMany({
      where: { OR: [{ memberId }, { id: { in: reportIdsNaming } }] },
      include: { cycle: { select: { id: true, label: true } }, group: { select: { id: true, name: true } } },
      orderBy: { id: "asc" },
    }),
    ctx.db.reportRevision.findMany({ where: { OR: [{ memberId }, { id: { in: revisionIdsNaming } }] }, orderBy: { submittedAt: "asc" } }),
    ctx.db.meetingInvitee.findMany({
      where: { memberId },
      include: { meeting: { select: { id: true, title: true, kind: true, startsAt: true, location: true, status: true } } },
    }),
    conversationKeys.length ? ctx.db.conversation.findMany({ where: { OR: conversationKeys } }) : [],
    ctx.db.auditLog.findMany({
      where: { OR: [{ entityId: memberId }, { actor: `member:${memberId}` }, { id: { in: auditIdsNaming } }] },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    }),
    ctx.db.staffSession.findMany({ where: { memberId }, select: { id: true, createdAt: true, expiresAt: true, lastSeenAt: true, revokedAt: true } }),
    ctx.db.signInCode.findMany({ where: { memberId }, select: { id: true, createdAt: true, expiresAt: true, usedAt: true } }),
  ]);
  // Reading someone's personal data is itself recorded: who exported whom, and when.
  await ctx.db.auditLog.create({ data: auditRow(ctx, { action: "member.export", entity: "member", entityId: memberId, wardId: member.wardId }) });
  const { identities, roles, ...row } = member;
  return {
    exportedAt: ctx.now().toISOString(),
    member: row,
    roles: roles.map((r) => ({ role: r.role, unit: r.unit })),
    channels: identities.map(({ memberId: _m, ...i }) => i),
    invitations,
    reports: reports.map((r) => ({ ...r, reason: r.memberId === memberId ? "submitted by them (or for them)" : "names them" })),
    revisions,
    meetings: meetings.map(({ meeting, ...invitee }) => ({ ...invitee, meeting })),
    conversations,
    sessions,
    signInCodes,
    audit,
  };
}

/**
 * Erases a person's personal data in one batch, guarded by the member row as read (a change
 * meanwhile fails it: 409). Name and phone become a placeholder and nothing; their chats are
 * unbound and their conversation state deleted; unused invitations, sessions and sign-in codes
 * end; their name and phone are scrubbed from audit values, from messages in the outbox (those
 * still queued to them are dropped), and from text answers that name them. Reports stay, with
 * their figures, attributed to the placeholder.
 */
export async function eraseMember(ctx: ServiceContext, memberId: string) {
  const { member, needles, conversationKeys, addresses } = await readPerson(ctx, memberId);
  const placeholder = erasedName(memberId);
  const now = ctx.now();
  const [auditIds, outboxIds, reportIds, revisionIds] = await Promise.all([
    idsMentioning(ctx, "AuditLog", "details", needles),
    idsMentioning(ctx, "OutboxMessage", "payload", needles),
    idsMentioning(ctx, "Report", "answers", needles),
    idsMentioning(ctx, "ReportRevision", "answers", needles),
  ]);
  const [audits, messages, reports, revisions] = await Promise.all([
    ctx.db.auditLog.findMany({ where: { id: { in: auditIds } }, select: { id: true, details: true } }),
    ctx.db.outboxMessage.findMany({ where: { id: { in: outboxIds } }, select: { id: true, payload: true } }),
    ctx.db.report.findMany({ where: { id: { in: reportIds } }, select: { id: true, answers: true, version: true } }),
    ctx.db.reportRevision.findMany({ where: { id: { in: revisionIds } }, select: { id: true, answers: true } }),
  ]);
  const scrub = <T>(value: T) => scrubbed(value, needles, placeholder);
  const { db } = ctx;
  await commitBatch(
    db,
    [
      // The version check: a change made since the read fails the batch (409, try again).
      db.member.updateMany({
        where: { id: memberId, updatedAt: member.updatedAt },
        data: { name: placeholder, phone: null, dedupeKey: null, absenceReason: null, erasedAt: now },
      }),
      changedOrFail(db),
      db.channelIdentity.deleteMany({ where: { memberId } }),
      ...(conversationKeys.length ? [db.conversation.deleteMany({ where: { OR: conversationKeys } })] : []),
      db.inviteCode.updateMany({ where: { memberId, usedAt: null, revokedAt: null }, data: { revokedAt: now } }),
      db.staffSession.updateMany({ where: { memberId, revokedAt: null }, data: { revokedAt: now } }),
      db.signInCode.deleteMany({ where: { memberId } }),
      db.meetingInvitee.updateMany({ where: { memberId }, data: { reason: null } }),
      // Nothing more goes to their chats.
      db.outboxMessage.updateMany({
        where: { address: { in: addresses }, status: { in: ["pending", "failed", "dead"] } },
        data: { status: "failed", lastError: "người nhận đã xoá dữ liệu cá nhân" },
      }),
      // By id with updateMany: a row removed meanwhile (retention) has nothing left to scrub.
      ...messages.filter((m) => mentions(m.payload, needles)).map((m) => db.outboxMessage.updateMany({ where: { id: m.id }, data: { payload: scrub(m.payload) as object } })),
      ...audits.filter((a) => mentions(a.details, needles)).map((a) => db.auditLog.updateMany({ where: { id: a.id }, data: { details: scrub(a.details) as object } })),
      // A text answer naming them loses the name; figures are untouched. The version moves so an
      // open chat session on the report starts again from what is stored.
      ...reports
        .filter((r) => mentions(r.answers, needles))
        .flatMap((r) => [db.report.updateMany({ where: { id: r.id, version: r.version }, data: { answers: scrub(r.answers) as object, version: r.version + 1 } }), changedOrFail(db)]),
      ...revisions.filter((r) => mentions(r.answers, needles)).map((r) => db.reportRevision.updateMany({ where: { id: r.id }, data: { answers: scrub(r.answers) as object } })),
      // What was erased, not the values.
      db.auditLog.create({
        data: auditRow(ctx, {
          action: "member.erase", entity: "member", entityId: memberId, wardId: member.wardId,
          details: { unboundChannels: member.identities.length, scrubbed: { audit: audits.length, messages: messages.length, reports: reports.length + revisions.length } },
        }),
      }),
    ],
    "member",
  );
  return { id: memberId, name: placeholder, erasedAt: now.toISOString() };
}
