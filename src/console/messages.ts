import { ApiError, errorText } from "./api/client";

/**
 * The one place where the API's English words become Vietnamese for an officer. The API names
 * each bad field (`details: [{field, message}]`) in English; a later change may move Vietnamese
 * messages into the API itself, and then this table shrinks to a pass-through.
 */
const FIELD_MESSAGES: { field: RegExp; when?: RegExp; text: string }[] = [
  { field: /^groupId$/, when: /archived/, text: "Tổ này đã ngừng hoạt động: xin khôi phục tổ trước." },
  { field: /^groupId$/, text: "Tổ trưởng và trưởng ban công tác Mặt trận cần chọn tổ dân phố; lãnh đạo phường và quản trị viên thì không." },
  { field: /^name$/, text: "Xin nhập tên (tối đa 120 ký tự)." },
  { field: /^phone$/, text: "Số điện thoại chưa đúng (ví dụ 0912 345 678)." },
  { field: /^role$/, text: "Xin chọn vai trò." },
  { field: /^date$/, text: "Ngày chưa đúng, xin chọn lại (ví dụ 02/09/2026)." },
  { field: /^(opensAt|dueAt|summaryAt|remindAt(\.\d+)?)$/, text: "Giờ chưa đúng, xin chọn lại (ví dụ Thứ Sáu 17:00)." },
  { field: /^channel$/, text: "Máy chủ chưa kết nối kênh này: xin chọn kênh khác, hoặc nhờ người quản trị máy chủ kết nối." },
  { field: /^chatId$/, text: "Mã nhóm chat chưa đúng, xin kiểm tra lại." },
  { field: /^reason$/, text: "Xin ghi lý do (tối đa 300 ký tự)." },
  { field: /^version$/, text: "Báo cáo vừa được thay đổi ở nơi khác. Xin tải lại rồi nhập lại." },
  { field: /\.min$|\.max$/, when: /less than min/, text: "Giá trị lớn nhất không được nhỏ hơn giá trị nhỏ nhất." },
  { field: /\.min$|\.max$/, text: "Giới hạn nhỏ nhất/lớn nhất chỉ dùng cho câu hỏi dạng số hoặc tiền." },
  { field: /\.options$/, when: /differ/, text: "Các lựa chọn phải khác nhau." },
  { field: /\.options$/, text: "Câu hỏi lựa chọn cần ít nhất 2 lựa chọn." },
  { field: /\.key$/, text: "Mã câu hỏi bị trùng: mỗi câu hỏi cần một mã riêng." },
  { field: /\.showIf\.key$/, text: "Điều kiện “chỉ hỏi khi” phải dựa vào một câu hỏi đứng trước." },
  { field: /\.showIf\.equals$/, text: "Giá trị của điều kiện “chỉ hỏi khi” không khớp với câu hỏi được dựa vào." },
  { field: /\.text$/, text: "Xin nhập nội dung câu hỏi." },
];

/** A server field problem in Vietnamese: the API's own text when it is already Vietnamese (answers). */
export function fieldText(field: string, message: string): string {
  if (/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(message)) return message;
  const hit = FIELD_MESSAGES.find((m) => m.field.test(field) && (!m.when || m.when.test(message)));
  return hit?.text ?? "Giá trị chưa hợp lệ, xin kiểm tra lại.";
}

/** Problems of a refused request by field, in Vietnamese; `form` holds what belongs to no field. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof ApiError && error.fields.length)
    return Object.fromEntries(error.fields.map((f) => [f.field, fieldText(f.field, f.message)]));
  return { form: problemText(error) };
}

/** A refused request in one Vietnamese sentence, with what the conflict means where we know it. */
export function problemText(error: unknown, conflict?: string): string {
  if (error instanceof ApiError) {
    if (error.code === "conflict" && conflict) return conflict;
    if (error.fields.length) return error.fields.map((f) => fieldText(f.field, f.message)).join(" ");
  }
  return errorText(error);
}
