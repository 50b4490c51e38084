import { localDate } from "../../core/calendar.js";
import { formatDate } from "../../core/format.js";
import { parseDate } from "../../core/parse.js";
import { foldVietnamese } from "../../core/text.js";
import { parseDateTimeInZone } from "../../core/time.js";
import { addressOf, type InboundEvent } from "../../channels/channel.js";
import { auditWrite, type ServiceContext } from "../context.js";
import type { Turn } from "./conversation-store.js";
import { ROLE_REFUSAL, wardLedBy } from "./status-chat.js";
import { changedOrFail } from "../../db/guard.js";

const USAGE = "Cách dùng: /vang <họ tên> <đến ngày>, ví dụ: /vang Nguyễn Văn Tuấn 5/12";

/**
 * /vang <name> <until>: a chair (or admin) marks a member of the ward away until a date
 * (inclusive): no reminders meanwhile. The date is the last word(s) the date parser accepts.
 */
export async function markAbsentByChair(ctx: ServiceContext, turn: Turn, event: InboundEvent, memberId: string, args: string) {
  const say = (text: string) => turn.out.push({ address: addressOf(event.channel, event.chat.id), message: { text } });
  const ward = await wardLedBy(turn.db, memberId);
  if (!ward) return say(ROLE_REFUSAL);
  const zone = ward.timezone ?? ctx.defaultTimezone;
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return say(USAGE);
  const date = parseDate(words[words.length - 1]!, localDate(ctx.now(), zone));
  if (!date.ok) return say(`${date.reason}\n${USAGE}`);
  const name = foldVietnamese(words.slice(0, -1).join(" "));
  const candidates = (await turn.db.member.findMany({ where: { wardId: ward.id, archivedAt: null } })).filter((m) => foldVietnamese(m.name) === name);
  if (candidates.length !== 1)
    return say(candidates.length ? "Có nhiều người trùng tên này; xin cán bộ phường đánh dấu vắng qua trang quản trị." : `Không tìm thấy ai tên “${words.slice(0, -1).join(" ")}” trong phường.\n${USAGE}`);
  const { year, month, day } = date.value;
  const start = parseDateTimeInZone(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T00:00`, zone)!;
  const until = new Date(start.getTime() + 24 * 3600_000);
  if (until <= ctx.now()) return say("Ngày đó đã qua. Xin nhập một ngày từ hôm nay trở đi.");
  const member = candidates[0]!;
  turn.writes.push(
    turn.db.member.updateMany({ where: { id: member.id }, data: { absentUntil: until, absenceReason: null } }),
    changedOrFail(turn.db), // removed meanwhile: the turn is read again
    auditWrite({ ...ctx, actor: `${event.channel}:${event.user.id}` }, turn.db, {
      action: "member.absence",
      entity: "member",
      entityId: member.id,
      wardId: ward.id,
      details: { until: until.toISOString() },
    }),
  );
  say(`Đã ghi nhận ông/bà ${member.name} vắng đến hết ngày ${formatDate(date.value)}: trong thời gian này sẽ không nhận lời nhắc.`);
}
