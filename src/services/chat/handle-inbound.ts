import type { Command, UserInput } from "../../core/conversation/types.js";
import { addressOf, type InboundEvent } from "../../channels/channel.js";
import type { ServiceContext } from "../context.js";
import { runTurn, type ConversationState, type Turn } from "./conversation-store.js";
import { WELCOME_UNKNOWN, WELCOME_UNKNOWN_BY_CODE, bindWithCode, describeSelf, unbind } from "./identity-chat.js";
import { continueReport, reviewReport, startReport, type Reporter } from "./report-chat.js";
import { registerGroup, showStatus, showSummary } from "./status-chat.js";
import { answerInvitation, listMyMeetings, recordAbsenceReason } from "./meeting-chat.js";
import { markAbsentByChair } from "./absence-chat.js";
import { rememberMenu, resolveMenuReply } from "./menu-memory.js";
import { capabilitiesOf } from "../../channels/registry.js";
import { inviteCodeIn } from "../../core/invite.js";
import { chooseChannel, noteChannelBound, noteChannelUsed, typedChannelCommand } from "./channel-chat.js";
import { sessionFromOtherChannel } from "./report-resume.js";
import { PREVIEW_REFUSAL, bindInPreview, changesRealData } from "./preview-chat.js";

/** Commands a report session reads (the others leave it alone). */
const REPORT_COMMANDS = new Set(["start", "baocao", "sua", "huy", "quaylai", "boqua", "gui"]);

const HELP =
  "Các lệnh của trợ lý:\n" +
  "/baocao — làm (hoặc làm tiếp) báo cáo của kỳ này\n" +
  "/sua — sửa báo cáo đã gửi, khi kỳ báo cáo còn mở\n" +
  "/huy — tạm dừng báo cáo đang làm (câu trả lời được giữ lại)\n" +
  "/lichhop — các cuộc họp sắp tới\n" +
  "/toi — xem thông tin của tôi\n" +
  "/kenh — xem hoặc chọn kênh nhận tin nhắn (Telegram, Zalo), ví dụ: /kenh zalo\n" +
  "/tinhhinh — tình hình báo cáo của phường (dành cho lãnh đạo)\n" +
  "/tonghop — báo cáo tổng hợp của kỳ gần nhất (dành cho lãnh đạo)\n" +
  "/vang <họ tên> <đến ngày> — ghi nhận một người vắng, không nhắc (dành cho lãnh đạo)\n" +
  "/huylienket — huỷ liên kết tài khoản";

function asCommand(input: UserInput | Command): Command | undefined {
  if (input.kind === "command") return input;
  // Buttons that stand for a command, e.g. "Làm báo cáo" after binding.
  if (input.kind === "choice" && input.value.startsWith("cmd:")) return { kind: "command", name: input.value.slice(4), args: "" };
  return undefined;
}

/**
 * Everything a person sends the bot, on any channel, comes through here: the update is
 * processed once, in one batch with the state it changes, and the replies are sent after.
 */
export async function handleInbound(ctx: ServiceContext, received: InboundEvent): Promise<void> {
  // For tracing a conversation: the person's display name and what they typed are redacted by
  // the logger (personal data); a command's arguments (an invitation code) are not written at all.
  const { input } = received;
  ctx.log.debug("inbound", {
    channel: received.channel,
    updateId: received.updateId,
    chatType: received.chat.type,
    user: received.user,
    input: input.kind === "text" ? { kind: input.kind, text: input.text } : input.kind === "command" ? { kind: input.kind, command: input.name } : { kind: input.kind },
  });
  await runTurn(ctx, { channel: received.channel, userId: received.user.id, updateId: received.updateId }, async (turn) => {
    // Without buttons, "1" or "on dinh" typed under a numbered menu is the press of that entry.
    const event = resolveMenuReply(received, turn.state);
    const command = asCommand(event.input);
    if (event.chat.type === "group") {
      // In groups the bot only answers its group commands; it never reads conversation there.
      if (command?.name === "dangkynhom") await registerGroup(ctx, turn, event, turn.memberId);
      else if (command?.name === "tinhhinh") await showStatus(ctx, turn, event, turn.memberId);
      else if (command?.name === "tonghop") await showSummary(ctx, turn, event, turn.memberId, command.args);
      return turn.state;
    }
    const next = await privateTurn(ctx, turn, event, command, turn.memberId);
    return rememberMenu(event.channel, next, turn.out, addressOf(event.channel, event.chat.id));
  });
}

async function privateTurn(
  ctx: ServiceContext,
  turn: Turn,
  event: InboundEvent,
  command: Command | undefined,
  memberId: string | undefined,
): Promise<ConversationState> {
  const say = (text: string) => turn.out.push({ address: addressOf(event.channel, event.chat.id), message: { text } });
  const bind = async (code: string) => {
    // A simulator session plays the invited person without binding anything or spending the code.
    if (turn.preview) return bindInPreview(ctx, turn, event, code);
    const state = await bindWithCode(ctx, turn, event, code);
    // The channel just bound is the one the person uses now.
    noteChannelBound(turn, event);
    return state;
  };
  if (command?.name === "start" && command.args.trim()) return bind(command.args.trim());
  if (!memberId) {
    // Where there is no deep link (Zalo), the code comes as an ordinary message; anywhere, a
    // person who types the code they were given is bound the same way.
    const code = event.input.kind === "text" ? inviteCodeIn(event.input.text) : undefined;
    if (code) return bind(code);
    say(capabilitiesOf(event.channel).invite === "code" ? WELCOME_UNKNOWN_BY_CODE : WELCOME_UNKNOWN);
    return turn.state;
  }
  noteChannelUsed(turn, event);
  const reporter: Reporter = { memberId, channel: event.channel, chatId: event.chat.id };
  // Typed "kênh zalo" (Zalo has no command menu), even in the middle of a report (kept as it is).
  const typed = event.input.kind === "text" ? typedChannelCommand(event.input.text) : undefined;
  if (turn.preview && changesRealData(event, typed !== undefined ? { kind: "command", name: "kenh", args: typed } : command)) {
    say(PREVIEW_REFUSAL);
    return turn.state;
  }
  if (event.input.kind === "choice" && event.input.value.startsWith("rsvp:"))
    return answerInvitation(ctx, turn, event, memberId, event.input.value);
  if (turn.state.awaitingAbsenceReason && event.input.kind === "text") return recordAbsenceReason(turn, event, event.input.text);
  if (typed !== undefined) command = { kind: "command", name: "kenh", args: typed };
  // A report begun on another channel of this person goes on here, at the same question.
  // (Not in a simulator session: it never takes over the person's real report.)
  if (!turn.preview && !turn.state.session && (!command || REPORT_COMMANDS.has(command.name))) {
    const session = await sessionFromOtherChannel(turn, reporter);
    if (session) turn.state = { ...turn.state, session };
  }
  switch (command?.name) {
    case undefined:
      break;
    case "start":
    case "baocao":
      return startReport(ctx, turn, reporter);
    case "sua":
      // Inside an open report, "/sua 3" edits question 3 and "/sua" shows where it stands.
      if (turn.state.session && command.args.trim())
        return continueReport(ctx, turn, reporter, { kind: "text", text: `sửa ${command.args.trim()}` });
      if (turn.state.session) return startReport(ctx, turn, reporter);
      return reviewReport(ctx, turn, reporter);
    case "huy":
      if (turn.state.session) return continueReport(ctx, turn, reporter, { kind: "text", text: "huỷ" });
      say("Ông/bà không có báo cáo nào đang làm dở.");
      return turn.state;
    case "tonghop":
      await showSummary(ctx, turn, event, memberId, command.args);
      return turn.state;
    case "vang":
      await markAbsentByChair(ctx, turn, event, memberId, command.args);
      return turn.state;
    case "lichhop":
      await listMyMeetings(ctx, turn, event, memberId);
      return turn.state;
    case "toi":
      await describeSelf(ctx, turn, event, memberId);
      return turn.state;
    case "kenh":
      await chooseChannel(ctx, turn, event, memberId, command.args);
      return turn.state;
    case "huylienket":
      return unbind(ctx, turn, event, memberId);
    case "tinhhinh":
      await showStatus(ctx, turn, event, memberId);
      return turn.state;
    case "dangkynhom":
      await registerGroup(ctx, turn, event, memberId);
      return turn.state;
    case "help":
    case "trogiup":
      say(HELP);
      return turn.state;
    default:
      // "/quaylai", "/boqua", "/gui" are words of the report conversation.
      if (turn.state.session) return continueReport(ctx, turn, reporter, { kind: "text", text: `/${command!.name}` });
      say(`Tôi chưa hiểu lệnh /${command!.name}.\n\n${HELP}`);
      return turn.state;
  }
  const input = event.input as UserInput;
  if (turn.state.session) return continueReport(ctx, turn, reporter, input);
  if (input.kind === "unsupported") {
    say("Xin lỗi, tôi chỉ đọc được tin nhắn chữ. Xin ông/bà gửi tin nhắn chữ, ví dụ: /baocao để làm báo cáo.");
    return turn.state;
  }
  say("Hiện ông/bà không có câu hỏi nào đang chờ trả lời.\n\n" + HELP);
  return turn.state;
}
