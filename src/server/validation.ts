import type { z } from "@hono/zod-openapi";
import type { FieldCode, FieldProblem } from "../core/errors.js";
import { ROLE_LABELS } from "../core/roles.js";

/**
 * The request validator's problems in a ward officer's words: each zod issue kind maps to one
 * stable field code and one Vietnamese sentence naming the field by its label. A schema gives its
 * own message where the generic one would be poor, in Vietnamese (a message with Vietnamese
 * letters is the schema's own and is kept; zod's English defaults never reach a client), and may
 * give its own field code as `params: { code }` on a refinement; `{field}` in a schema's message
 * stands for the field's label (one date rule serves `date`, `until`, `startsAt`…).
 */

/** The API's fields as the console labels them (lower case: they go inside sentences). */
const LABELS: Record<string, string> = {
  name: "tên",
  phone: "số điện thoại",
  role: "vai trò",
  roles: "vai trò",
  groupId: "tổ dân phố",
  groupIds: "các tổ được mời",
  parentId: "đơn vị cấp trên",
  unitId: "đơn vị",
  title: "tiêu đề",
  kind: "loại",
  timezone: "múi giờ",
  archived: "trạng thái ngừng hoạt động",
  include: "phạm vi người nhận giấy mời",
  startsAt: "thời gian bắt đầu",
  location: "địa điểm",
  remindBefore: "các lần nhắc",
  invitees: "người được mời",
  channel: "kênh",
  chatId: "mã nhóm chat",
  purpose: "mục đích",
  dueAt: "hạn nộp",
  label: "tên kỳ báo cáo",
  replaceOpen: "lựa chọn thay kỳ đang mở",
  answers: "các câu trả lời",
  reason: "lý do",
  version: "phiên bản",
  questions: "các câu hỏi",
  key: "mã câu hỏi",
  text: "nội dung câu hỏi",
  type: "dạng câu hỏi",
  required: "lựa chọn bắt buộc trả lời",
  options: "các lựa chọn",
  min: "giá trị nhỏ nhất",
  max: "giá trị lớn nhất",
  maxLength: "độ dài tối đa",
  showIf: "điều kiện “chỉ hỏi khi”",
  equals: "giá trị của điều kiện",
  enabled: "lựa chọn bật lịch",
  opensAt: "giờ mở kỳ",
  remindAt: "các lần nhắc",
  summaryAt: "giờ gửi tổng hợp",
  skipHolidays: "lựa chọn bỏ qua ngày lễ",
  date: "ngày",
  until: "ngày vắng mặt đến",
  from: "từ ngày",
  to: "đến ngày",
  year: "năm",
  url: "địa chỉ webhook",
  expiresAt: "ngày hết hạn",
  code: "mã",
  appId: "mã ứng dụng (app id)",
  oaId: "mã Official Account",
  secretKey: "khoá bí mật",
  refreshToken: "refresh token",
  signatureFirstId: "cách ký",
  limit: "số dòng mỗi trang",
  cursor: "mã trang (cursor)",
  status: "tình trạng",
  actor: "người thực hiện",
  cycleId: "kỳ báo cáo",
  lock: "lựa chọn chốt số liệu",
  format: "định dạng",
  placeName: "địa danh",
  agencyName: "tên cơ quan",
  parentAgencyName: "tên cơ quan cấp trên",
  symbol: "ký hiệu văn bản",
  signerTitle: "chức vụ người ký",
  signerName: "tên người ký",
  recipients: "nơi nhận",
  json: "nội dung yêu cầu",
  query: "tham số",
  param: "đường dẫn",
};

/** An item of a list, by the list's name: `remindAt.0` is "lần nhắc 1". */
const ITEMS: Record<string, string> = {
  questions: "câu hỏi",
  remindAt: "lần nhắc",
  remindBefore: "lần nhắc",
  options: "lựa chọn",
  groupIds: "tổ được mời",
  roles: "vai trò",
  recipients: "dòng nơi nhận",
};

/** Allowed values shown with their meaning where they have one (roles). */
const VALUE_LABELS: Record<string, string> = { ...ROLE_LABELS };

/** Fields whose shape has its own code (a phone that does not parse is `invalid_phone`). */
const FORMAT_CODES: Record<string, FieldCode> = {
  phone: "invalid_phone",
  date: "invalid_date",
  until: "invalid_date",
  from: "invalid_date",
  to: "invalid_date",
  startsAt: "invalid_date_time",
  dueAt: "invalid_date_time",
  expiresAt: "invalid_date_time",
};

const TYPES: Record<string, string> = {
  string: "chữ (một chuỗi ký tự)",
  number: "một số",
  int: "một số nguyên",
  boolean: "đúng hoặc sai (true/false)",
  array: "một danh sách",
  object: "một nhóm thông tin (đối tượng JSON)",
  date: "một ngày",
};

const VIETNAMESE = /[\u00C0-\u1EF9]/;
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type Path = readonly PropertyKey[];

/** The field's label and where it sits ("câu hỏi 3"), from its path. */
function describe(path: Path, target: string): { label: string; within: string } {
  const items = path.flatMap((seg, i) => (typeof seg === "number" ? [`${ITEMS[String(path[i - 1])] ?? "mục"} ${seg + 1}`] : []));
  const last = path.at(-1);
  if (last === undefined) return { label: LABELS[target] ?? target, within: "" };
  if (typeof last === "number") return { label: items.pop()!, within: items.join(", ") };
  return { label: LABELS[String(last)] ?? `trường “${String(last)}”`, within: items.join(", ") };
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const seg of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[seg];
  }
  return value;
}

const showValue = (v: unknown) => {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return VALUE_LABELS[text] ? `${text} (${VALUE_LABELS[text]})` : text;
};

/** One issue's code and sentence, the label standing for the field. */
function explain(issue: z.core.$ZodIssue, label: string, missing: boolean): { code: FieldCode; text: string } {
  const own = VIETNAMESE.test(issue.message) ? capitalized(issue.message.replace("{field}", label)) : undefined;
  const leaf = String(issue.path.filter((s) => typeof s !== "number").at(-1) ?? "");
  switch (issue.code) {
    case "invalid_type":
      if (missing) return { code: "required", text: `Xin nhập ${label}.` };
      return { code: "invalid_type", text: own ?? `${capitalized(label)} phải là ${TYPES[issue.expected] ?? issue.expected}.` };
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string")
        return min <= 1 ? { code: "required", text: own ?? `Xin nhập ${label}.` } : { code: "too_short", text: own ?? `${capitalized(label)} cần ít nhất ${min} ký tự.` };
      if (issue.origin === "array" || issue.origin === "set")
        return { code: "too_small", text: own ?? `${capitalized(label)} cần ít nhất ${min} mục.` };
      return { code: "too_small", text: own ?? `${capitalized(label)} phải ${issue.inclusive ? "từ" : "lớn hơn"} ${min}${issue.inclusive ? " trở lên" : ""}.` };
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return { code: "too_long", text: own ?? `${capitalized(label)} dài quá: tối đa ${max} ký tự.` };
      if (issue.origin === "array" || issue.origin === "set") return { code: "too_big", text: own ?? `${capitalized(label)} chỉ được tối đa ${max} mục.` };
      return { code: "too_big", text: own ?? `${capitalized(label)} không được ${issue.inclusive ? "lớn hơn" : "từ"} ${max}${issue.inclusive ? "" : " trở lên"}.` };
    }
    case "invalid_value":
      return {
        code: "not_one_of",
        text: own ?? (issue.values.length === 1 ? `${capitalized(label)} phải là ${showValue(issue.values[0])}.` : `${capitalized(label)} chưa đúng: xin chọn một trong ${issue.values.map(showValue).join(", ")}.`),
      };
    case "invalid_format":
      return { code: FORMAT_CODES[leaf] ?? "invalid_format", text: own ?? `${capitalized(label)} chưa đúng định dạng.` };
    case "not_multiple_of":
      return { code: "invalid_value", text: own ?? `${capitalized(label)} phải là bội số của ${issue.divisor}.` };
    case "invalid_union":
      return { code: "invalid_type", text: own ?? `${capitalized(label)} chưa đúng kiểu giá trị.` };
    case "custom": {
      const code = (issue.params as { code?: FieldCode } | undefined)?.code ?? FORMAT_CODES[leaf] ?? "invalid_value";
      return { code, text: own ?? `${capitalized(label)} chưa hợp lệ.` };
    }
    default:
      return { code: "invalid_value", text: own ?? `${capitalized(label)} chưa hợp lệ.` };
  }
}

/** The field problems of a failed validation; `data` is what was validated, `target` where it came from. */
export function validationProblems(issues: readonly z.core.$ZodIssue[], data: unknown, target: string): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    // An unknown field is named itself, not the object holding it.
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => {
        const { within } = describe([...issue.path, key], target);
        const text = `yêu cầu này không nhận trường “${key}”: xin bỏ trường đó.`;
        return { field: [...issue.path, key].join("."), code: "unknown_field", message: within ? `${capitalized(within)}: ${text}` : capitalized(text) };
      });
    const { label, within } = describe(issue.path, target);
    const { code, text } = explain(issue, label, issue.path.length > 0 && valueAt(data, issue.path) === undefined);
    return [
      {
        field: issue.path.length ? issue.path.map(String).join(".") : target,
        code,
        message: within ? `${capitalized(within)}: ${text.charAt(0).toLowerCase()}${text.slice(1)}` : text,
      },
    ];
  });
}
