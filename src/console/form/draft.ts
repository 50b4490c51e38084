import type { components } from "../api/schema.js";
import { asciiSlug } from "../../core/text.js";

/**
 * The form editor's working copy: what the officer types, kept as text (a half-typed "2.500"
 * must survive a re-render), turned into the API's questions only when saving or previewing.
 */
export type Question = components["schemas"]["Question"];
export type QuestionType = Question["type"];

export interface DraftQuestion {
  /** Stable across reorders, for React and for labels. */
  uid: string;
  key: string;
  text: string;
  type: QuestionType;
  required: boolean;
  min: string;
  max: string;
  /** One option per line. */
  options: string;
  /** The uid of the earlier question this one depends on; "" = always asked. */
  showIfUid: string;
  /** The value as the officer chose it: "true"/"false" for yes/no, the option's text for a choice. */
  showIfEquals: string;
}

export const TYPE_LABELS: Record<QuestionType, string> = {
  integer: "Số nguyên (ví dụ số hộ)",
  number: "Số (có thể có phần lẻ)",
  money: "Số tiền (đồng)",
  yes_no: "Có / Không",
  choice: "Chọn một trong các lựa chọn",
  text: "Chữ (trả lời tự do)",
  date: "Ngày",
};

export const isNumeric = (type: QuestionType) => type === "integer" || type === "number" || type === "money";
/** Questions a later one may depend on: the answers a leader picks from a short list. */
export const canBeCondition = (type: QuestionType) => type === "yes_no" || type === "choice";

let counter = 0;
const uid = () => `q${++counter}`;

export function emptyQuestion(): DraftQuestion {
  return { uid: uid(), key: "", text: "", type: "integer", required: true, min: "", max: "", options: "", showIfUid: "", showIfEquals: "" };
}

/** The drafts of a saved form, its skip logic pointing at the drafts' uids. */
export function toDrafts(questions: Question[]): DraftQuestion[] {
  const uids = new Map(questions.map((q) => [q.key, uid()]));
  return questions.map((q) => toDraft(q, uids.get(q.key)!, q.showIf ? (uids.get(q.showIf.key) ?? "") : ""));
}

function toDraft(q: Question, id: string, showIfUid: string): DraftQuestion {
  return {
    uid: id,
    key: q.key,
    text: q.text,
    type: q.type,
    required: q.required !== false,
    min: q.min === undefined ? "" : String(q.min),
    max: q.max === undefined ? "" : String(q.max),
    options: (q.options ?? []).join("\n"),
    showIfUid,
    showIfEquals: q.showIf === undefined ? "" : String(q.showIf.equals),
  };
}

/** "2.500.000" (money, integer) or "12,5" (number) → a number; "" → undefined; unreadable → NaN. */
export function readBound(text: string, type: QuestionType): number | undefined {
  const t = text.trim().replace(/\s/g, "");
  if (!t) return undefined;
  const normal = type === "number" ? t.replace(/\./g, "").replace(",", ".") : t.replace(/[.,]/g, "");
  return /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : NaN;
}

export const optionsOf = (d: DraftQuestion) =>
  d.options
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean);

/** A key for a question without one: its words without diacritics ("Số hộ…" → "so_ho…"), unique in the form. */
function keyFor(d: DraftQuestion, taken: Set<string>): string {
  const base = asciiSlug(d.text).replace(/-/g, "_").slice(0, 30).replace(/_+$/, "");
  const start = /^[a-z]/.test(base) ? base : `cau_${base}`.replace(/_+$/, "");
  let key = start || "cau";
  for (let n = 2; taken.has(key); n++) key = `${start}_${n}`;
  return key;
}

/** The API's questions from the drafts: keys filled in, fields that do not apply left out. */
export function toQuestions(drafts: DraftQuestion[]): Question[] {
  const taken = new Set(drafts.map((d) => d.key.trim()).filter(Boolean));
  const keys = drafts.map((d) => {
    if (d.key.trim()) return d.key.trim();
    const key = keyFor(d, taken);
    taken.add(key);
    return key;
  });
  return drafts.map((d, i) => {
    const q: Question = { key: keys[i]!, text: d.text.trim(), type: d.type, required: d.required };
    if (isNumeric(d.type)) {
      const min = readBound(d.min, d.type);
      const max = readBound(d.max, d.type);
      if (min !== undefined) q.min = min;
      if (max !== undefined) q.max = max;
    }
    if (d.type === "choice") q.options = optionsOf(d);
    const target = d.showIfUid ? drafts.findIndex((o) => o.uid === d.showIfUid) : -1;
    if (target >= 0) {
      const t = drafts[target]!;
      q.showIf = { key: keys[target]!, equals: t.type === "yes_no" ? d.showIfEquals === "true" : d.showIfEquals };
    }
    return q;
  });
}

/** Problems the officer can fix before asking the server, by the API's field names (questions.2.max). */
export function checkDrafts(title: string, drafts: DraftQuestion[]): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!title.trim()) problems.title = "Xin nhập tên mẫu báo cáo.";
  if (!drafts.length) problems.form = "Mẫu báo cáo cần ít nhất một câu hỏi.";
  drafts.forEach((d, i) => {
    const at = `questions.${i}`;
    if (!d.text.trim()) problems[`${at}.text`] = "Xin nhập nội dung câu hỏi.";
    if (d.key.trim() && !/^[a-z][a-z0-9_]{0,39}$/.test(d.key.trim()))
      problems[`${at}.key`] = "Mã câu hỏi gồm chữ thường không dấu, số và dấu _, bắt đầu bằng chữ (ví dụ ho_van_dong).";
    if (isNumeric(d.type)) {
      const min = readBound(d.min, d.type);
      const max = readBound(d.max, d.type);
      if (Number.isNaN(min)) problems[`${at}.min`] = "Giá trị nhỏ nhất phải là một số, ví dụ 0.";
      if (Number.isNaN(max)) problems[`${at}.max`] = "Giá trị lớn nhất phải là một số, ví dụ 500.";
      if (min !== undefined && max !== undefined && min > max) problems[`${at}.max`] = "Giá trị lớn nhất không được nhỏ hơn giá trị nhỏ nhất.";
      if (d.type === "integer" && min !== undefined && !Number.isInteger(min)) problems[`${at}.min`] = "Câu hỏi số nguyên cần giới hạn là số nguyên.";
    }
    if (d.type === "choice") {
      const options = optionsOf(d);
      if (options.length < 2) problems[`${at}.options`] = "Câu hỏi lựa chọn cần ít nhất 2 lựa chọn (mỗi dòng một lựa chọn).";
      else if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) problems[`${at}.options`] = "Các lựa chọn phải khác nhau.";
    }
    if (d.showIfUid) {
      const target = drafts.findIndex((o) => o.uid === d.showIfUid);
      if (target < 0 || target >= i) problems[`${at}.showIf.key`] = "Điều kiện “chỉ hỏi khi” phải dựa vào một câu hỏi đứng trước.";
      else if (!canBeCondition(drafts[target]!.type)) problems[`${at}.showIf.key`] = "Chỉ dựa được vào câu hỏi Có / Không hoặc câu hỏi lựa chọn.";
      else if (!d.showIfEquals) problems[`${at}.showIf.equals`] = "Xin chọn câu trả lời làm điều kiện.";
      else if (drafts[target]!.type === "choice" && !optionsOf(drafts[target]!).includes(d.showIfEquals))
        problems[`${at}.showIf.equals`] = "Câu trả lời làm điều kiện không còn trong các lựa chọn của câu được dựa vào.";
    }
  });
  return problems;
}

/** Moves item `from` by `by` places (−1 up, +1 down); out of range leaves the list as it is. */
export function moved<T>(list: T[], from: number, by: number): T[] {
  const to = from + by;
  if (to < 0 || to >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}
