import { AppError, notFound } from "../core/errors.js";
import { reachAddressOf } from "../core/reach.js";
import type { AnswerValue, Question } from "../core/form.js";
import type { Role } from "../core/roles.js";
import { computeSummary, type Summary, type SummaryGroup } from "../core/summary/compute.js";
import { summaryHtml, summaryText } from "../core/summary/text.js";
import { parseAddress, type ChannelName, type Outgoing } from "../channels/channel.js";
import { capabilitiesOf } from "../channels/registry.js";
import { bytesToBase64 } from "../core/base64.js";
import type { OutboundMessage, Photo } from "../core/conversation/types.js";
import { changedOrFail, stillTrue } from "../db/guard.js";
import { sql } from "../db/sql.js";
import { runUnitOfWork } from "./batch.js";
import { auditWrite, type DbOrTx, type ServiceContext } from "./context.js";
import { queueWebhookEvent, webhookEvent, webhooksOf } from "./webhooks.js";
import { questionsOf } from "./form.js";
import { assertNotRun, runWrite, type RunKey } from "./job-runs.js";
import { messageWrites } from "./outbox-queue.js";
import { requireWard } from "./wards.js";
import { emitWebhookEvent } from "./webhooks.js";
import type { CycleChart } from "./exports/cycle-chart.js";
import { cycleChartUrl } from "./signed-links.js";
import { realCycle } from "./real-cycles.js";

const HISTORY_CYCLES = 8;
const NUMERIC = new Set(["integer", "number", "money"]);
type Answers = Record<string, AnswerValue | null>;

function numericTotals(questions: Question[], reports: { status: string; answers: unknown }[]) {
  const totals: Record<string, number> = {};
  for (const q of questions.filter((q) => NUMERIC.has(q.type)))
    for (const r of reports.filter((r) => r.status === "submitted")) {
      const v = (r.answers as Answers)[q.key];
      if (typeof v === "number") totals[q.key] = (totals[q.key] ?? 0) + v;
    }
  return totals;
}

/**
 * The summary of a cycle, computed from the database: the one model the text, the chart, the
 * Excel file and the official document are drawn from.
 */
export async function cycleSummary(ctx: ServiceContext, db: DbOrTx, cycleId: string): Promise<Summary & { cycleId: string; wardId: string }> {
  const cycle = await db.cycle.findUnique({ where: realCycle({ id: cycleId }), include: { ward: true, reports: { include: { group: true } } } });
  if (!cycle) throw notFound("cycle", cycleId);
  const zone = cycle.ward.timezone ?? ctx.defaultTimezone;
  const questions = await questionsOf(db, cycle.formVersionId);
  const earlier = await db.cycle.findMany({
    where: realCycle({ wardId: cycle.wardId, opensAt: { lt: cycle.opensAt } }),
    orderBy: { opensAt: "desc" },
    take: HISTORY_CYCLES,
    include: { reports: true },
  });
  const holders = await db.memberRole.findMany({
    where: { unitId: { in: cycle.reports.map((r) => r.groupId) } },
    include: { member: { select: { absentUntil: true } } },
  });
  const collator = new Intl.Collator("vi", { numeric: true });
  const byGroup = new Map<string, SummaryGroup & { id: string }>();
  for (const r of [...cycle.reports].sort((a, b) => collator.compare(a.group.name, b.group.name))) {
    const group = byGroup.get(r.groupId) ?? { id: r.groupId, name: r.group.name, reports: [] };
    const away = holders.filter((h) => h.unitId === r.groupId && h.role === r.role).some((h) => h.member.absentUntil && h.member.absentUntil >= cycle.dueAt);
    group.reports.push({
      role: r.role as Role,
      status: r.status === "submitted" && r.late ? "late" : r.status,
      absent: away,
      answers: r.answers as Answers,
      submittedAt: r.submittedAt,
      via: r.via,
    });
    byGroup.set(r.groupId, group);
  }
  // Each group's usual value per numeric question, from its earlier cycles, to flag outliers:
  // per cycle, its reports added up (both roles), as the summary shows the group's value.
  for (const group of byGroup.values()) {
    const usual: Record<string, number> = {};
    for (const q of questions.filter((q) => NUMERIC.has(q.type))) {
      const values = earlier.flatMap((c) => {
        const given = c.reports
          .filter((r) => r.groupId === group.id && r.status === "submitted")
          .map((r) => (r.answers as Answers)[q.key])
          .filter((v): v is number => typeof v === "number");
        return given.length ? [given.reduce((a, b) => a + b, 0)] : [];
      });
      if (values.length) usual[q.key] = values.reduce((a, b) => a + b, 0) / values.length;
    }
    group.usual = usual;
  }
  const meetings = await db.meeting.findMany({
    where: { wardId: cycle.wardId, status: "scheduled", startsAt: { gt: ctx.now() } },
    orderBy: { startsAt: "asc" },
    include: { invitees: { select: { rsvp: true } } },
  });
  const summary = computeSummary({
    wardName: cycle.ward.name,
    zone,
    cycle,
    questions,
    groups: [...byGroup.values()],
    previousTotals: earlier[0] ? numericTotals(questions, earlier[0].reports) : undefined,
    meetings: meetings.map((m) => ({ ...m, attending: m.invitees.filter((i) => i.rsvp === "attending").length, invited: m.invitees.length })),
  });
  return { ...summary, cycleId: cycle.id, wardId: cycle.wardId };
}

/**
 * A cycle's summary as chairs would read it, without posting it or locking the cycle: what the
 * console shows. An open cycle's summary is marked provisional.
 */
export async function readSummary(ctx: ServiceContext, cycleId: string) {
  const summary = await cycleSummary(ctx, ctx.db, cycleId);
  return { cycleId, label: summary.cycle.label, provisional: summary.provisional, text: summaryText(summary) };
}

/** The cycle a summary is about by default: the newest closed one, else the open one (provisional). */
async function defaultCycle(db: DbOrTx, wardId: string) {
  return (
    (await db.cycle.findFirst({ where: realCycle({ wardId, status: { in: ["closed", "locked"] } }), orderBy: { opensAt: "desc" } })) ??
    (await db.cycle.findFirst({ where: realCycle({ wardId }), orderBy: { opensAt: "desc" } }))
  );
}

/** Each chair of the ward once, on the channel that reaches them. */
async function chairAddresses(db: DbOrTx, wardId: string): Promise<string[]> {
  const chairs = await db.memberRole.findMany({ where: { unitId: wardId, role: "chair" }, include: { member: { include: { identities: true } } } });
  return chairs.flatMap((c) => reachAddressOf(c.member) ?? []);
}

/** Where a ward's summaries go: its summary chats, or else each chair once, on the channel that reaches them. */
async function summaryAddresses(db: DbOrTx, wardId: string): Promise<string[]> {
  const destinations = await db.destination.findMany({ where: { wardId, purpose: "summary" } });
  if (destinations.length) return destinations.map((d) => `${d.channel}:${d.chatId}`);
  return chairAddresses(db, wardId);
}

/**
 * A post to a group of a channel whose groups are best effort (Zalo) carries the chairs' own
 * copies as its fallback: if the group refuses it for good, the outbox sends those instead.
 */
async function withChairsFallback(db: DbOrTx, wardId: string, items: Outgoing[], messageFor: (address: string) => OutboundMessage): Promise<Outgoing[]> {
  const bestEffort = (address: string) => {
    const { channel, chatId } = parseAddress(address);
    const capabilities = capabilitiesOf(channel);
    return capabilities.groups === "best_effort" && capabilities.isGroupChat(chatId);
  };
  if (!items.some((item) => bestEffort(item.address))) return items;
  const chairs = await chairAddresses(db, wardId);
  if (!chairs.length) return items;
  return items.map((item) =>
    bestEffort(item.address) ? { ...item, message: { ...item.message, fallback: chairs.map((address) => ({ address, message: messageFor(address) })) } } : item,
  );
}

/** The chart of a summary, or undefined (logged) when it cannot be drawn: the text goes out anyway. */
async function chartOrNothing(ctx: ServiceContext, summary: Summary & { cycleId: string }): Promise<CycleChart | undefined> {
  try {
    // Loaded on first use: the renderer is a native module most processes never need.
    const { renderSummaryChart } = await import("./exports/cycle-chart.js");
    return await renderSummaryChart(summary);
  } catch (error) {
    // The error's kind and message only: never the summary (names, answers).
    const e = error as Error;
    ctx.log.error("summary chart could not be drawn; posting the text alone", { cycleId: summary.cycleId, error: e?.name, reason: String(e?.message ?? error).slice(0, 300) });
    return undefined;
  }
}

const CAPTION_LIMIT = 1024;

/**
 * The chart as the channel can take it (its `photo` capability): the bytes to upload, or the
 * signed public URL for channels that fetch pictures by URL (only when PUBLIC_URL is set);
 * otherwise none, and the text carries the link or says where the chart is.
 */
function summaryPhotos(chart: CycleChart, url: string | undefined, caption: string): (channel: ChannelName) => Photo | undefined {
  let base64: string | undefined; // encoded once, for the first chat that uploads
  return (channel) => {
    const how = capabilitiesOf(channel).photo;
    if (how === "none" || (how === "url" && !url)) return undefined;
    return {
      filename: chart.filename,
      ...(how === "upload" ? { base64: (base64 ??= bytesToBase64(chart.data)) } : { url }),
      caption: caption.slice(0, CAPTION_LIMIT),
    };
  };
}

/** Where admins download a chart that could not be sent, when the server has no public URL. */
const chartElsewhere = (cycleId: string) =>
  `Biểu đồ không gửi kèm được qua kênh này; cán bộ quản trị tải tại /api/v1/cycles/${encodeURIComponent(cycleId)}/summary.png.`;

/**
 * Reads and decides a summary's post. One batch: the run, the lock (checked on the cycle's
 * status and on its reports' versions as read, so that the figures posted are the figures
 * locked: a late answer committed meanwhile makes the post read and decide again), the
 * messages, the audit row.
 */
async function planSummaryPost(ctx: ServiceContext, wardId: string, options: { cycleId?: string; run?: RunKey; lock?: boolean }) {
  const { db } = ctx;
  await assertNotRun(db, options.run);
  await requireWard(db, wardId);
  const cycle = options.cycleId ? await db.cycle.findUnique({ where: realCycle({ id: options.cycleId }) }) : await defaultCycle(db, wardId);
  if (!cycle || cycle.wardId !== wardId)
    throw options.cycleId ? notFound("cycle", options.cycleId) : new AppError("conflict", "Phường/xã chưa có kỳ báo cáo nào nên chưa có gì để tổng hợp.");
  const now = ctx.now();
  const lock = options.lock && cycle.status === "closed";
  // Read before the summary: an answer changed after this makes the lock's guard refuse the batch.
  const versions = lock ? await reportVersions(db, cycle.id) : 0;
  const summary = await cycleSummary(ctx, db, cycle.id);
  const addresses = await summaryAddresses(db, wardId);
  // With nobody to send it to (a ward not set up yet) there is no picture, and so no link.
  const chart = addresses.length ? await chartOrNothing(ctx, summary) : undefined;
  const chartUrl = chart ? await cycleChartUrl(ctx, cycle.id) : undefined;
  const text = summaryText(summary) + (chartUrl ? `\n\nXem biểu đồ: ${chartUrl}` : "");
  // The link in the HTML too: if the platform refuses the picture, the text still leads to it.
  const html = summaryHtml(summary) + (chartUrl ? `\n\nXem biểu đồ: ${chartUrl.replace(/&/g, "&amp;")}` : "");
  const photoFor = chart && summaryPhotos(chart, chartUrl, `Biểu đồ ${summary.cycle.label} — ${summary.wardName}`);
  const messageFor = (address: string): OutboundMessage => {
    const photo = photoFor?.(parseAddress(address).channel);
    // A channel that cannot show the picture, with no public link to it: say where it is.
    const where = chart && !photo && !chartUrl ? `\n\n${chartElsewhere(cycle.id)}` : "";
    return { text: text + where, html: html + where, ...(photo ? { photo } : {}) };
  };
  const items = await withChairsFallback(db, wardId, addresses.map((address) => ({ address, message: messageFor(address) })), messageFor);
  const event = queueWebhookEvent(
    db,
    await webhooksOf(db, wardId),
    webhookEvent(wardId, "summary.posted", {
      cycleId: cycle.id, cycleLabel: cycle.label, locked: !!lock, provisional: summary.provisional, rate: summary.rate,
      groups: summary.groups.map((g) => ({ id: g.id ?? null, name: g.name, standing: g.standing })), figures: summary.figures,
    }, now),
  );
  const writes = [
    ...runWrite(db, options.run, now),
    ...(lock
      ? [
          db.cycle.updateMany({ where: { id: cycle.id, status: "closed" }, data: { status: "locked" } }),
          changedOrFail(db),
          stillTrue(db, sql`(SELECT COALESCE(SUM("version"), 0) FROM "Report" WHERE "cycleId" = ${cycle.id}) = ${versions}`),
        ]
      : []),
    ...messageWrites(db, now, items, (item) => `summary:${cycle.id}:${options.run ? options.run.instant.toISOString() : now.toISOString()}:${item.address}`),
    ...(event ? [event] : []),
    auditWrite(ctx, db, { action: "summary.post", entity: "cycle", entityId: cycle.id, wardId, details: { deliveries: items.length, chart: !!chart, ...(lock ? { locked: true } : {}) } }),
  ];
  const result = {
    cycleId: cycle.id,
    text,
    deliveries: items.map((i) => parseAddress(i.address)),
    ...(chartUrl ? { chartUrl } : {}),
  };
  return { writes, result };
}

/** The sum of a cycle's reports' versions: it grows with every change of their answers. */
async function reportVersions(db: DbOrTx, cycleId: string): Promise<number> {
  const { _sum } = await db.report.aggregate({ where: { cycleId }, _sum: { version: true } });
  return _sum.version ?? 0;
}

/**
 * Posts a cycle's summary to the ward's summary chats (or, when it has none, 1:1 to its chairs)
 * through the outbox. Posting changes nothing about the cycle: a closed one still takes late
 * answers. Only with `lock` (the ward's scheduled summary, whose figures are the week's final
 * ones) is a closed cycle locked in the same batch, so what was posted is what is locked.
 *
 * Each chat gets the chart as its channel can take it (uploaded, or by its public URL), then the
 * text, in one outbox message, so a retry after a failed send repeats the photo too (at least
 * once, never lost). With PUBLIC_URL the text ends with a signed link to the chart; without it,
 * a chat whose channel cannot show the picture is told where admins download it.
 */
export async function postSummary(ctx: ServiceContext, wardId: string, options: { cycleId?: string; run?: RunKey; lock?: boolean } = {}) {
  const result = await runUnitOfWork(ctx.db, () => planSummaryPost(ctx, wardId, options));
  if (result.deliveries.length) ctx.delivery?.wake();
  return result;
}
