import { formatDateTimeInZone } from "../../core/format.js";
import { addressOf, type InboundEvent } from "../../channels/channel.js";
import { auditWrite, type ServiceContext } from "../context.js";
import { uuidv7 } from "../../db/ids.js";
import type { Turn } from "./conversation-store.js";
import { foldVietnamese } from "../../core/text.js";
import { cycleSummary } from "../summaries.js";
import { submissionText, summaryHtml, summaryText } from "../../core/summary/text.js";
import { realCycle } from "../real-cycles.js";

/** The ward where this member is a chair or an admin, if any. */
export async function wardLedBy(db: Turn["db"], memberId: string) {
  const role = await db.memberRole.findFirst({ where: { memberId, role: { in: ["chair", "admin"] } }, include: { unit: true } });
  return role?.unit;
}

export const ROLE_REFUSAL = "Xin lỗi, lệnh này dành cho lãnh đạo và cán bộ quản trị của phường.";

/** /dangkynhom in a group: a chair or admin makes this chat the ward's summary destination. */
export async function registerGroup(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string | undefined) {
  const address = addressOf(event.channel, event.chat.id);
  const say = (text: string) => turn.out.push({ address, message: { text } });
  if (event.chat.type !== "group") return say("Xin dùng lệnh /dangkynhom trong nhóm hoặc kênh muốn nhận báo cáo tổng hợp.");
  const ward = memberId ? await wardLedBy(turn.db, memberId) : undefined;
  if (!ward) return say(`${ROLE_REFUSAL} Người gửi lệnh cần là lãnh đạo hoặc quản trị viên đã liên kết với trợ lý.`);
  const key = { wardId: ward.id, channel: event.channel, chatId: event.chat.id, purpose: "summary" };
  const existing = await turn.db.destination.findFirst({ where: key });
  if (!existing) {
    const id = uuidv7();
    turn.writes.push(
      turn.db.destination.create({ data: { id, ...key, title: event.chat.title ?? null } }),
      auditWrite({ ...ctx, actor: `${event.channel}:${event.user.id}` }, turn.db, {
        action: "destination.create",
        entity: "destination",
        entityId: id,
      wardId: ward.id,
        details: key,
      }),
    );
  }
  say(
    existing
      ? `Nhóm này đã được đăng ký nhận báo cáo tổng hợp của ${ward.name}.`
      : `Đã đăng ký nhóm này nhận báo cáo tổng hợp hằng tuần của ${ward.name}.`,
  );
}

/** /tonghop [tuần]: the summary of the newest closed cycle (or of the one named), for chairs. */
export async function showSummary(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string | undefined, args: string) {
  const address = addressOf(event.channel, event.chat.id);
  const say = (text: string) => turn.out.push({ address, message: { text } });
  const ward = memberId ? await wardLedBy(turn.db, memberId) : undefined;
  if (!ward) return say(ROLE_REFUSAL);
  const wanted = foldVietnamese(args);
  const cycles = await turn.db.cycle.findMany({ where: realCycle({ wardId: ward.id }), orderBy: { opensAt: "desc" } });
  const cycle = wanted
    ? cycles.find((c) => foldVietnamese(c.label).includes(wanted))
    : (cycles.find((c) => c.status !== "open") ?? cycles[0]);
  if (!cycle) return say(wanted ? `Không tìm thấy kỳ báo cáo “${args.trim()}”. Ví dụ: /tonghop 48/2026` : `${ward.name} chưa có kỳ báo cáo nào.`);
  // Reading only: a closed cycle stays closed (late answers still come in); locking is an admin's act.
  const summary = await cycleSummary(ctx, turn.db, cycle.id);
  turn.out.push({ address, message: { text: summaryText(summary), html: summaryHtml(summary) } });
}

/** /tinhhinh: who has reported in the ward's current cycle, and who has not (the summary's rule and words). */
export async function showStatus(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string | undefined) {
  const address = addressOf(event.channel, event.chat.id);
  const say = (text: string) => turn.out.push({ address, message: { text } });
  const ward = memberId ? await wardLedBy(turn.db, memberId) : undefined;
  if (!ward) return say(ROLE_REFUSAL);
  const cycle = await turn.db.cycle.findFirst({ where: realCycle({ wardId: ward.id }), orderBy: { opensAt: "desc" } });
  if (!cycle) return say(`${ward.name} chưa có kỳ báo cáo nào.`);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const summary = await cycleSummary(ctx, turn.db, cycle.id);
  const state = cycle.status === "open" ? `hạn chót ${formatDateTimeInZone(cycle.dueAt, zone)}` : "đã đóng";
  const all = summary.groups.length > 0 && summary.reported.length === summary.groups.length;
  say(
    [
      `Tình hình báo cáo ${cycle.label} — ${ward.name} (${state}):`,
      ...submissionText(summary),
      ...(all ? [`Tất cả các tổ đã báo cáo${summary.byRole.length ? " đủ" : ""}.`] : []),
    ].join("\n"),
  );
}
