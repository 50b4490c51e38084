/**
 * The extra step for a money answer that looks like a slip: "12" where amounts are usually in
 * thousands or millions. The bot asks which amount was meant ("12 đồng, 12.000 đồng hay
 * 12.000.000 đồng?") and records nothing until the person picks one or types the amount again.
 */
import type { Question } from "../form.js";
import { formatMoney, formatNumber } from "../format.js";
import { plausibleAmounts } from "../parse.js";
import type { ReportSession } from "./report-session.js";
import type { Choice } from "./types.js";

export type AmountCheck = NonNullable<ReportSession["amountCheck"]>;

/** The check to make for this typed answer to `q`, or undefined when the answer is read as typed. */
export function amountCheckFor(q: Question, text: string): AmountCheck | undefined {
  if (q.type !== "money") return undefined;
  const slip = plausibleAmounts(text, { min: q.min, max: q.max });
  return slip ? { key: q.key, ...slip } : undefined;
}

/** "12 đồng, 12.000 đồng hay 12.000.000 đồng" */
function listAmounts(amounts: number[]): string {
  const labels = amounts.map(formatMoney);
  return labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(", ")} hay ${labels.at(-1)}`;
}

/**
 * What the check says. Every choice can also be typed: its label ("12.000 đồng") is itself an
 * amount the money parser reads exactly, and "quay lại" goes back to the question.
 */
export function amountCheckPrompt(check: AmountCheck): { lines: string[]; choices: Choice[] } {
  const n = formatNumber(check.typed);
  const question = check.amounts.length === 1 ? `Có phải là ${listAmounts(check.amounts)} không?` : `Số tiền là ${listAmounts(check.amounts)}?`;
  return {
    lines: [
      `Ông/bà ghi “${n}”. ${question}`,
      `Xin bấm chọn, hoặc gõ lại số tiền cho đầy đủ, ví dụ: ${formatNumber(check.typed * 1000)} hoặc ${n} nghìn.`,
    ],
    choices: check.amounts.map((amount, i) => ({ label: formatMoney(amount), value: `m:${check.key}:${i}` })),
  };
}

/** The amount a pressed check button stands for, or undefined when it is not one of this check's. */
export function pickedAmount(check: AmountCheck | undefined, value: string): number | undefined {
  const [kind, key, index] = value.split(":");
  if (kind !== "m" || !check || key !== check.key) return undefined;
  return check.amounts[Number(index)];
}
