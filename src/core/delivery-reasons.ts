/**
 * Why a message did not go, in words a ward officer acts on. The outbox keeps the platform's own
 * text ("403 Forbidden: bot was blocked by the user", "network: ETIMEDOUT"); this table says what
 * it means and what to do. The first rule that matches wins; the raw text stays available (the
 * API gives both: `lastError` and `reasonText`). `{channel}` is the channel's name.
 */
const RULES: { match: RegExp; text: string }[] = [
  { match: /bot was blocked|blocked by the user|\bblock|chặn/i, text: "Người nhận đã chặn bot. Xin gọi điện nhờ họ bỏ chặn rồi gửi lại giấy mời kết nối." },
  { match: /user is deactivated|deactivated/i, text: "Tài khoản của người nhận đã bị xoá hoặc khoá. Xin mời họ kết nối lại bằng tài khoản mới." },
  { match: /can't initiate conversation|cannot send|can't send|không thể gửi|not (a )?(friend|follower)|unfollow/i, text: "Người nhận chưa nhắn cho bot hoặc đã bỏ quan tâm, nên bot không gửi được. Xin nhờ họ mở bot và bấm Bắt đầu (hoặc Quan tâm)." },
  { match: /bot was kicked|not a member|kicked/i, text: "Bot đã bị mời ra khỏi nhóm. Xin thêm bot vào nhóm lại, hoặc đổi nơi nhận." },
  { match: /chat not found|not found|không tồn tại|not exist|invalid (user|chat)/i, text: "Không tìm thấy cuộc trò chuyện: mã nhóm hoặc tài khoản không còn đúng. Xin kiểm tra lại nơi nhận." },
  { match: /member was archived/i, text: "Người này đã ngừng hoạt động nên tin nhắn không gửi nữa." },
  { match: /chưa được cấu hình/i, text: "Chưa kết nối kênh {channel} trên máy chủ, nên tin đang chờ: sẽ tự gửi khi kênh được kết nối." },
  { match: /photo not sent|picture/i, text: "Tin đã gửi nhưng nền tảng không nhận hình biểu đồ." },
  { match: /too many requests|429|flood/i, text: "Nền tảng tạm giới hạn số tin gửi đi. Hệ thống đã thử lại nhiều lần nhưng chưa được." },
  { match: /^network|ETIMEDOUT|ECONNRESET|ECONNREFUSED|ENOTFOUND|fetch failed|timeout|\b408\b/i, text: "Mất kết nối tới máy chủ của nền tảng nhiều lần liền. Xin kiểm tra mạng của máy chủ." },
  { match: /\b5\d\d\b/, text: "Máy chủ của nền tảng gặp lỗi nhiều lần liền. Thường tự hết sau ít phút." },
  { match: /\b401\b|unauthorized|token/i, text: "Khoá kết nối của bot không còn hiệu lực. Người quản trị máy chủ cần cấp lại." },
  { match: /too long|message is too long|caption/i, text: "Tin nhắn quá dài so với giới hạn của nền tảng." },
  { match: /\b4\d\d\b/, text: "Nền tảng từ chối tin nhắn này." },
];

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

/**
 * The reason in plain Vietnamese; what went instead (a group's summary sent 1:1) is kept as said.
 * A reason our own code wrote in Vietnamese (a refused webhook address) is kept as it is.
 */
export function reasonText(raw: string | null, channelLabel = "này"): string {
  if (!raw) return "Không rõ lý do.";
  const [reason, ...notes] = raw.split(/;\s*/);
  const rule = RULES.find((r) => r.match.test(reason!));
  const plain = rule ? rule.text.replace("{channel}", channelLabel) : VIETNAMESE.test(reason!) ? reason! : "Gửi không thành công.";
  const instead = notes.filter((n) => /[đươăâêôạ]/i.test(n)).map((n) => `${n[0]!.toUpperCase()}${n.slice(1)}.`);
  return [plain, ...instead].join(" ");
}
