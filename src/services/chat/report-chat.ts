import { localDate } from "../../core/calendar.js";
import type { AnswerValue } from "../../core/form.js";
import { formatDateTimeInZone } from "../../core/format.js";
import { handleInput, openSession, repeatPrompt, reviewSession, type FlowContext, type FlowResult } from "../../core/conversation/report-flow.js";
import { effectiveAnswers, isCurrentSession, type ReportSession } from "../../core/conversation/report-session.js";
import { reachOf } from "../../core/reach.js";
import type { UserInput } from "../../core/conversation/types.js";
import { addressOf, type ChannelName, type Outgoing } from "../../channels/channel.js";
import type { DbOrTx, ServiceContext } from "../context.js";
import { questionsOf } from "../form.js";
import { changedOrFail, nextVersion } from "../../db/guard.js";
import type { ConversationState, Turn } from "./conversation-store.js";
import { resumeStale } from "./report-resume.js";
import { queueWebhookEvent, reportEventData, webhookEvent, webhooksOf } from "../webhooks.js";
import { rememberMenu } from "./menu-memory.js";
import type { Menu } from "../../core/conversation/menu.js";
import { loadReportContext, type ReportContext } from "./report-context.js";
import { realCycle } from "../real-cycles.js";
import { readInSlices } from "../../db/chunks.js";

/** The person behind a chat, as the report conversation needs them. */
export interface Reporter {
  memberId: string;
  channel: ChannelName;
  chatId: string;
}

type Answers = ReportSession["answers"];

/** `preloaded`: the turn's session report, read when the turn began (used if it is this one). */
async function flowContext(ctx: ServiceContext, db: DbOrTx, reportId: string, preloaded?: ReportContext) {
  const report = preloaded?.id === reportId ? preloaded : await loadReportContext(db, reportId);
  const zone = report.timezone ?? ctx.defaultTimezone;
  const flow: FlowContext = {
    // The cycle keeps the form version it opened with, whatever the ward's form is now.
    questions: await questionsOf(db, report.cycle.formVersionId),
    today: localDate(ctx.now(), zone),
    cycleLabel: report.cycle.label,
    groupName: report.group.name,
  };
  return { report, zone, flow };
}

/**
 * The member's report to work on: from the newest cycle of their ward not yet locked; in a chat
 * simulator session (`turn.preview`), from the session's preview cycle and no other.
 */
async function currentReport(turn: Turn, memberId: string) {
  const { db } = turn;
  const roles = await db.memberRole.findMany({ where: { memberId, role: { in: ["leader", "front_head"] } } });
  if (!roles.length) return { kind: "not_reporter" as const };
  const open = { status: { in: ["open", "closed"] } };
  const reports = await db.report.findMany({
    where: { OR: roles.map((r) => ({ groupId: r.unitId, role: r.role })), cycle: turn.preview ? { ...open, id: turn.preview.cycleId } : realCycle(open) },
    include: { cycle: true },
    orderBy: { cycle: { opensAt: "desc" } },
  });
  const report = reports[0];
  return report ? { kind: "report" as const, report } : { kind: "none" as const };
}

function toOut(reporter: Reporter, result: FlowResult): Outgoing[] {
  return result.messages.map((message) => ({ address: addressOf(reporter.channel, reporter.chatId), message }));
}

/** /baocao: resume the open session, or start the member's current report from its draft. */
export async function startReport(ctx: ServiceContext, turn: Turn, reporter: Reporter): Promise<ConversationState> {
  const say = (text: string) => turn.out.push({ address: addressOf(reporter.channel, reporter.chatId), message: { text } });
  if (turn.state.session) {
    const { report, flow } = await flowContext(ctx, turn.db, turn.state.session.reportId, turn.sessionReport);
    if (isCurrentSession(turn.state.session, report)) {
      turn.out.push({ address: addressOf(reporter.channel, reporter.chatId), message: repeatPrompt(turn.state.session, flow) });
      return turn.state;
    }
    // The report went on from another channel: start again from what it holds now.
  }
  const found = await currentReport(turn, reporter.memberId);
  if (found.kind === "not_reporter") {
    say("Lệnh /baocao dành cho tổ trưởng và trưởng ban công tác Mặt trận. Ông/bà có thể gõ /tinhhinh để xem tình hình báo cáo.");
    return turn.state;
  }
  if (found.kind === "none") {
    say("Hiện chưa có kỳ báo cáo nào đang mở. Khi đến kỳ, tôi sẽ nhắn ông/bà.");
    return turn.state;
  }
  const { report } = found;
  const { zone, flow } = await flowContext(ctx, turn.db, report.id, turn.sessionReport);
  if (report.status === "submitted") {
    say(`Ông/bà đã gửi báo cáo ${report.cycle.label} lúc ${formatDateTimeInZone(report.submittedAt!, zone)}. Muốn sửa, xin gõ /sua.`);
    return turn.state;
  }
  const result = openSession({ cycleId: report.cycleId, reportId: report.id }, report.answers as Answers, flow);
  turn.out.push(...toOut(reporter, result));
  return { ...turn.state, session: stamped(result.session, report.version) };
}

/** The session as of the report's version `version` (see ReportSession.reportVersion). */
const stamped = (session: ReportSession | null, version: number) => (session ? { ...session, reportVersion: version } : undefined);

/** /sua: reopen the member's submitted report at its summary, while its cycle is open. */
export async function reviewReport(ctx: ServiceContext, turn: Turn, reporter: Reporter): Promise<ConversationState> {
  const say = (text: string) => turn.out.push({ address: addressOf(reporter.channel, reporter.chatId), message: { text } });
  const found = await currentReport(turn, reporter.memberId);
  if (found.kind !== "report" || found.report.status !== "submitted") {
    say("Ông/bà chưa gửi báo cáo nào để sửa. Gõ /baocao để làm báo cáo.");
    return turn.state;
  }
  const { report } = found;
  if (report.cycle.status !== "open") {
    say(`Kỳ báo cáo ${report.cycle.label} đã đóng, nên báo cáo không sửa được nữa. Nếu cần điều chỉnh, xin liên hệ cán bộ phường.`);
    return { ...turn.state, session: undefined };
  }
  const { flow } = await flowContext(ctx, turn.db, report.id, turn.sessionReport);
  const result = reviewSession({ cycleId: report.cycleId, reportId: report.id }, report.answers as Answers, flow);
  turn.out.push(...toOut(reporter, result));
  return { ...turn.state, session: stamped(result.session, report.version) };
}

/** Any other input while a report session is open. */
export async function continueReport(ctx: ServiceContext, turn: Turn, reporter: Reporter, input: UserInput): Promise<ConversationState> {
  const session = turn.state.session!;
  const { report, zone, flow } = await flowContext(ctx, turn.db, session.reportId, turn.sessionReport);
  // The person went on from another channel since this session last saw the report: its
  // answers and position are old, so the input is not applied to them (report-resume.ts).
  if (!isCurrentSession(session, report)) return resumeStale(ctx, turn, reporter, report, flow);
  const result = handleInput(session, input, flow);
  turn.out.push(...toOut(reporter, result));
  const answers = result.session?.answers ?? session.answers;
  let version = report.version;

  if (result.effect === "draft" || result.effect === "pause") {
    // A submitted report being edited keeps its submitted answers until it is sent again.
    // Checked on the version the session saw: if another channel wrote meanwhile, the statement
    // fails (nextVersion), with it the turn's batch, and the turn is tried again on fresh state
    // (then found stale above).
    if (report.status !== "submitted") {
      turn.writes.push(turn.db.$executeRaw`
        UPDATE "Report" SET "answers" = ${JSON.stringify(answers)}, "status" = 'in_progress', "version" = ${nextVersion(version)}, "updatedAt" = ${new Date()}
        WHERE "id" = ${report.id}`);
      version += 1;
    }
  }
  if (result.effect === "submit") {
    const say = (text: string) => turn.out.push({ address: addressOf(reporter.channel, reporter.chatId), message: { text } });
    if (report.cycle.status === "locked") {
      say(`Kỳ báo cáo ${report.cycle.label} đã được tổng hợp và chốt, nên không nhận thêm báo cáo. Xin liên hệ cán bộ phường nếu cần.`);
      return { ...turn.state, session: undefined };
    }
    const now = ctx.now();
    const late = report.cycle.status === "closed" || now > report.cycle.dueAt;
    const submitted = effectiveAnswers(flow.questions, answers) as Record<string, AnswerValue | null>;
    // A preview report (the chat simulator's) is no event of the ward: its system never hears of it.
    const webhookWrite = report.cycle.preview ? undefined : queueWebhookEvent(
      turn.db,
      await webhooksOf(turn.db, report.cycle.wardId),
      webhookEvent(
        report.cycle.wardId,
        report.status === "submitted" ? "report.edited" : "report.submitted",
        reportEventData({ id: report.id, cycleId: report.cycle.id, cycleLabel: report.cycle.label, groupId: report.group.id, groupName: report.group.name, version: version + 1, late, via: reporter.channel, answers: submitted, submittedAt: now }),
        now,
      ),
    );
    turn.writes.push(
      turn.db.report.updateMany({
        where: { id: report.id, version },
        data: { answers: submitted as object, status: "submitted", memberId: reporter.memberId, submittedAt: now, via: reporter.channel, late, version: version + 1 },
      }),
      changedOrFail(turn.db),
      turn.db.reportRevision.create({
        data: { reportId: report.id, answers: submitted as object, memberId: reporter.memberId, via: reporter.channel, late, submittedAt: now },
      }),
      // With the turn's batch: the ward's system hears of it exactly when it is stored.
      ...(webhookWrite ? [webhookWrite] : []),
    );
    say(
      `Đã nhận báo cáo ${report.cycle.label} của ${report.group.name} lúc ${formatDateTimeInZone(now, zone)}` +
        (late ? " (sau hạn chót)" : "") +
        ". Xin cảm ơn ông/bà!\nNếu cần sửa trước khi kỳ báo cáo đóng, xin gõ /sua.",
    );
  }
  return { ...turn.state, session: stamped(result.session, version) };
}

/** What a cycle's opening says first to each reporter (a real opening, or a simulator session's). */
export const openingGreeting = (name: string, label: string, deadline: string) =>
  `Kính gửi ông/bà ${name}, kỳ báo cáo ${label} đã mở, hạn chót ${deadline}.`;

/** A report of a cycle being opened, before it is written. */
export interface OpeningReport {
  id: string;
  groupId: string;
  groupName: string;
  role: string;
}

export interface OpeningPrompt {
  channel: ChannelName;
  userId: string;
  /** The session of the new report this person moves to (their other state stays). */
  session: ReportSession | undefined;
  /** The numbered menu the prompt shows (channels without buttons); none clears an older one. */
  menu: Menu | undefined;
  /** False for the person's other chats: they only leave an older report (if they are on one). */
  prompted: boolean;
}

/**
 * What opening a cycle says: every bound reporter of each new report gets a greeting and the
 * first question, once, on the channel that reaches them (core/reach.ts); that chat moves to
 * the report (an older unfinished session is replaced) and their other chats leave any older
 * report. Reads only: the opening commits the messages and sessions with the cycle. Someone
 * answering for two reports gets both first questions and stays on the last.
 */
export async function openingPrompts(
  ctx: ServiceContext,
  opening: { cycleId: string; label: string; dueAt: Date; zone: string; formVersionId: string; reports: OpeningReport[] },
): Promise<{ out: Outgoing[]; prompts: OpeningPrompt[] }> {
  const out: Outgoing[] = [];
  const prompts = new Map<string, OpeningPrompt>();
  if (!opening.reports.length) return { out, prompts: [] };
  const questions = await questionsOf(ctx.db, opening.formVersionId);
  // Plain lists, not an OR of (group, role) pairs (it cannot be split, and failed for a ward of
  // 500 groups); the groups in slices, since Prisma does not split a query with two lists to the
  // database's limit of bound parameters (100 on D1). The pairs are matched below.
  const roles = [...new Set(opening.reports.map((r) => r.role))];
  const holders = (
    await readInSlices([...new Set(opening.reports.map((r) => r.groupId))], (unitIds) =>
      ctx.db.memberRole.findMany({ where: { unitId: { in: unitIds }, role: { in: roles } }, include: { member: { include: { identities: true } } } }),
    )
  ).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const deadline = formatDateTimeInZone(opening.dueAt, opening.zone);
  for (const report of opening.reports) {
    const flow: FlowContext = { questions, today: localDate(ctx.now(), opening.zone), cycleLabel: opening.label, groupName: report.groupName };
    for (const holder of holders.filter((h) => h.unitId === report.groupId && h.role === report.role)) {
      // The prompt goes to one chat per person, however many channels they are bound on
      // (core/reach.ts), and that chat moves to the new report. Their other chats leave any
      // older report: written from there, they take the new session over (report-resume.ts).
      const reached = reachOf(holder.member.identities, holder.member);
      if (!reached) continue;
      const result = openSession({ cycleId: opening.cycleId, reportId: report.id }, {}, flow);
      // A new report has version 0: the session writes over nothing newer.
      const session = result.session ? { ...result.session, reportVersion: 0 } : undefined;
      const greeting = openingGreeting(holder.member.name, opening.label, deadline);
      const [first, ...rest] = result.messages;
      const address = reached.address;
      const mine: Outgoing[] = [{ address, message: { ...first!, text: `${greeting}\n${first!.text}` } }, ...rest.map((message) => ({ address, message }))];
      // The first question's menu is what a typed "1" answers there (channels without buttons).
      const { menu } = rememberMenu(reached.channel as ChannelName, {}, mine, address);
      for (const identity of holder.member.identities) {
        const key = `${identity.channel}\u0000${identity.externalId}`;
        const prompted = identity === reached;
        // Someone answering for two reports stays on the last one they were prompted for.
        if (!prompted && prompts.get(key)?.session) continue;
        prompts.set(key, {
          channel: identity.channel as ChannelName,
          userId: identity.externalId,
          session: prompted ? session : undefined,
          menu: prompted ? menu : undefined,
          prompted,
        });
      }
      out.push(...mine);
    }
  }
  return { out, prompts: [...prompts.values()] };
}
