import { formatDateTimeInZone } from "../../core/format.js";
import { resumeSession, type FlowContext } from "../../core/conversation/report-flow.js";
import { SESSION_VERSION, isCurrentSession, type ReportSession } from "../../core/conversation/report-session.js";
import { addressOf } from "../../channels/channel.js";
import { channelLabel } from "../../channels/registry.js";
import { jsonColumn } from "../../db/sql.js";
import type { ServiceContext } from "../context.js";
import type { ConversationState, Turn } from "./conversation-store.js";
import { loadReportContext, type ReportContext } from "./report-context.js";
import type { Reporter } from "./report-chat.js";

/*
 * One person, several channels: a report begun on Telegram goes on on Zalo (and back). The
 * session lives in each channel's conversation; the report row holds the draft and a version
 * bumped by every change of its answers. A session that saw an older version is stale: it is
 * rebuilt from the report, never written over it. A channel without a session takes over the
 * other channel's session while that one is current, at the very question it was asking.
 */

/**
 * Input on a stale session: the person went on from another channel meanwhile. The input is
 * not applied (it answered a question this chat showed, which may no longer be the current
 * one); the person is told where the report stands now and asked the next question again.
 */
export async function resumeStale(
  ctx: ServiceContext,
  turn: Turn,
  reporter: Reporter,
  report: ReportContext,
  flow: FlowContext,
): Promise<ConversationState> {
  const session = turn.state.session!;
  const address = addressOf(reporter.channel, reporter.chatId);
  const say = (text: string) => turn.out.push({ address, message: { text } });
  const zone = report.timezone ?? ctx.defaultTimezone;
  if (report.status === "submitted") {
    const via = report.via ? ` qua ${channelLabel(report.via)}` : "";
    const at = report.submittedAt ? ` lúc ${formatDateTimeInZone(report.submittedAt, zone)}` : "";
    say(`Báo cáo ${report.cycle.label} của ${report.group.name} đã được gửi${at}${via}. Muốn sửa trước khi kỳ báo cáo đóng, xin gõ /sua.`);
    return { ...turn.state, session: undefined };
  }
  if (report.cycle.status === "locked") {
    say(`Kỳ báo cáo ${report.cycle.label} đã được tổng hợp và chốt, nên không nhận thêm báo cáo. Xin liên hệ cán bộ phường nếu cần.`);
    return { ...turn.state, session: undefined };
  }
  const stored = await turn.db.report.findUniqueOrThrow({ where: { id: report.id }, select: { answers: true, version: true } });
  const result = resumeSession(
    { cycleId: session.cycleId, reportId: report.id },
    stored.answers as ReportSession["answers"],
    flow,
    `Báo cáo ${report.cycle.label} vừa được làm tiếp trên một kênh khác, nên câu trả lời vừa rồi chưa được ghi. ` +
      "Xin ông/bà tiếp tục từ chỗ mới nhất:",
  );
  turn.out.push(...result.messages.map((message) => ({ address, message })));
  return { ...turn.state, session: result.session ? { ...result.session, reportVersion: stored.version } : undefined };
}

/**
 * The session this person has open on another of their channels, if it is current (nobody
 * wrote the report since it last did) and its cycle still takes answers: this chat takes it
 * over as it is, at the same question (or the same summary, edits included). Read only when
 * this chat has no session and the person writes something a report session would read.
 */
export async function sessionFromOtherChannel(turn: Turn, reporter: Reporter): Promise<ReportSession | undefined> {
  const [row] = await turn.db.$queryRaw<{ state: unknown }[]>`
    SELECT c."state" FROM "Conversation" AS c
    JOIN "ChannelIdentity" AS i ON i."channel" = c."channel" AND i."externalId" = c."userId"
    WHERE i."memberId" = ${reporter.memberId} AND i."channel" <> ${reporter.channel}
      AND json_extract(c."state", '$.session.reportId') IS NOT NULL
    ORDER BY c."updatedAt" DESC LIMIT 1`;
  const session = row && jsonColumn<{ session?: ReportSession }>(row.state).session;
  if (!session || session.v !== SESSION_VERSION) return undefined;
  const report = await loadReportContext(turn.db, session.reportId).catch(() => undefined);
  if (!report || report.cycle.status === "locked" || !isCurrentSession(session, report)) return undefined;
  return session;
}
