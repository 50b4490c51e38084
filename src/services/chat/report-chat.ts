import { localDate } from "../../core/calendar.js";
import type { AnswerValue } from "../../core/form.js";
import { formatDateTimeInZone } from "../../core/format.js";
import { handleInput, openSession, repeatPrompt, reviewSession, type FlowContext, type FlowResult } from "../../core/conversation/report-flow.js";
import { effectiveAnswers, type ReportSession } from "../../core/conversation/report-session.js";
import type { UserInput } from "../../core/conversation/types.js";
import { addressOf, type ChannelName, type Outgoing } from "../../channels/channel.js";
import type { DbOrTx, ServiceContext } from "../context.js";
import { questionsOf } from "../form.js";
import type { ConversationState, Turn } from "./conversation-store.js";
import { rememberMenu } from "./menu-memory.js";
import type { Menu } from "../../core/conversation/menu.js";
import { loadReportContext, type ReportContext } from "./report-context.js";

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

/** The member's report to work on: from the newest cycle of their ward not yet locked. */
async function currentReport(db: DbOrTx, memberId: string) {
  const roles = await db.memberRole.findMany({ where: { memberId, role: { in: ["leader", "front_head"] } } });
  if (!roles.length) return { kind: "not_reporter" as const };
  const reports = await db.report.findMany({
    where: { OR: roles.map((r) => ({ groupId: r.unitId, role: r.role })), cycle: { status: { in: ["open", "closed"] } } },
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
    const { flow } = await flowContext(ctx, turn.tx, turn.state.session.reportId, turn.sessionReport);
    turn.out.push({ address: addressOf(reporter.channel, reporter.chatId), message: repeatPrompt(turn.state.session, flow) });
    return turn.state;
  }
  const found = await currentReport(turn.tx, reporter.memberId);
  if (found.kind === "not_reporter") {
    say("Lệnh /baocao dành cho tổ trưởng và trưởng ban công tác Mặt trận. Ông/bà có thể gõ /tinhhinh để xem tình hình báo cáo.");
    return turn.state;
  }
  if (found.kind === "none") {
    say("Hiện chưa có kỳ báo cáo nào đang mở. Khi đến kỳ, tôi sẽ nhắn ông/bà.");
    return turn.state;
  }
  const { report } = found;
  const { zone, flow } = await flowContext(ctx, turn.tx, report.id, turn.sessionReport);
  if (report.status === "submitted") {
    say(`Ông/bà đã gửi báo cáo ${report.cycle.label} lúc ${formatDateTimeInZone(report.submittedAt!, zone)}. Muốn sửa, xin gõ /sua.`);
    return turn.state;
  }
  const result = openSession({ cycleId: report.cycleId, reportId: report.id }, report.answers as Answers, flow);
  turn.out.push(...toOut(reporter, result));
  return { ...turn.state, session: result.session ?? undefined };
}

/** /sua: reopen the member's submitted report at its summary, while its cycle is open. */
export async function reviewReport(ctx: ServiceContext, turn: Turn, reporter: Reporter): Promise<ConversationState> {
  const say = (text: string) => turn.out.push({ address: addressOf(reporter.channel, reporter.chatId), message: { text } });
  const found = await currentReport(turn.tx, reporter.memberId);
  if (found.kind !== "report" || found.report.status !== "submitted") {
    say("Ông/bà chưa gửi báo cáo nào để sửa. Gõ /baocao để làm báo cáo.");
    return turn.state;
  }
  const { report } = found;
  if (report.cycle.status !== "open") {
    say(`Kỳ báo cáo ${report.cycle.label} đã đóng, nên báo cáo không sửa được nữa. Nếu cần điều chỉnh, xin liên hệ cán bộ phường.`);
    return { ...turn.state, session: undefined };
  }
  const { flow } = await flowContext(ctx, turn.tx, report.id, turn.sessionReport);
  const result = reviewSession({ cycleId: report.cycleId, reportId: report.id }, report.answers as Answers, flow);
  turn.out.push(...toOut(reporter, result));
  return { ...turn.state, session: result.session ?? undefined };
}

/** Any other input while a report session is open. */
export async function continueReport(ctx: ServiceContext, turn: Turn, reporter: Reporter, input: UserInput): Promise<ConversationState> {
  const session = turn.state.session!;
  const { report, zone, flow } = await flowContext(ctx, turn.tx, session.reportId, turn.sessionReport);
  const result = handleInput(session, input, flow);
  turn.out.push(...toOut(reporter, result));
  const answers = result.session?.answers ?? session.answers;

  if (result.effect === "draft" || result.effect === "pause") {
    // A submitted report being edited keeps its submitted answers until it is sent again.
    if (report.status !== "submitted")
      await turn.tx.$executeRaw`
        UPDATE "Report" SET "answers" = ${JSON.stringify(answers)}, "status" = 'in_progress', "updatedAt" = ${new Date()}
        WHERE "id" = ${report.id}`;
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
    await turn.tx.report.update({
      where: { id: report.id },
      data: { answers: submitted as object, status: "submitted", memberId: reporter.memberId, submittedAt: now, via: reporter.channel, late },
    });
    await turn.tx.reportRevision.create({
      data: { reportId: report.id, answers: submitted as object, memberId: reporter.memberId, via: reporter.channel, late, submittedAt: now },
    });
    say(
      `Đã nhận báo cáo ${report.cycle.label} của ${report.group.name} lúc ${formatDateTimeInZone(now, zone)}` +
        (late ? " (sau hạn chót)" : "") +
        ". Xin cảm ơn ông/bà!\nNếu cần sửa trước khi kỳ báo cáo đóng, xin gõ /sua.",
    );
  }
  return { ...turn.state, session: result.session ?? undefined };
}

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
}

/**
 * What opening a cycle says: every bound reporter of each new report gets a greeting and the
 * first question, and their conversation moves to that report (an older unfinished session is
 * replaced). Reads only: the opening commits the messages and sessions with the cycle. Someone
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
  const holders = await ctx.db.memberRole.findMany({
    where: { OR: opening.reports.map((r) => ({ unitId: r.groupId, role: r.role })) },
    include: { member: { include: { identities: true } } },
    orderBy: { id: "asc" },
  });
  const deadline = formatDateTimeInZone(opening.dueAt, opening.zone);
  for (const report of opening.reports) {
    const flow: FlowContext = { questions, today: localDate(ctx.now(), opening.zone), cycleLabel: opening.label, groupName: report.groupName };
    for (const holder of holders.filter((h) => h.unitId === report.groupId && h.role === report.role)) {
      for (const identity of holder.member.identities) {
        const result = openSession({ cycleId: opening.cycleId, reportId: report.id }, {}, flow);
        const greeting = `Kính gửi ông/bà ${holder.member.name}, kỳ báo cáo ${opening.label} đã mở, hạn chót ${deadline}.`;
        const [first, ...rest] = result.messages;
        const channel = identity.channel as ChannelName;
        const address = identity.address;
        const mine: Outgoing[] = [{ address, message: { ...first!, text: `${greeting}\n${first!.text}` } }, ...rest.map((message) => ({ address, message }))];
        // The first question's menu is what a typed "1" answers (channels without buttons).
        const { menu } = rememberMenu(channel, {}, mine, address);
        prompts.set(`${channel}\u0000${identity.externalId}`, { channel, userId: identity.externalId, session: result.session ?? undefined, menu });
        out.push(...mine);
      }
    }
  }
  return { out, prompts: [...prompts.values()] };
}
