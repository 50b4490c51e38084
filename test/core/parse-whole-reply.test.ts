import { describe, expect, it } from "vitest";
import { parseAnswer } from "../../src/core/conversation/answer.js";
import type { Question } from "../../src/core/form.js";
import { parseDate, parseMoney, parseYesNo, plausibleAmounts, type ParseResult } from "../../src/core/parse.js";

/**
 * A reply is read whole or asked again: never a number picked out of a sentence with the rest
 * ignored. Replies go through parseAnswer with a question, as in the conversation.
 */
const today = { year: 2026, month: 9, day: 30 };
const q = (type: Question["type"], text: string, extra: Partial<Question> = {}): Question => ({ key: "k", text, type, required: true, ...extra });
const households = q("integer", "Số hộ được vận động?");
const people = q("integer", "Số người tham gia buổi họp?");
const waste = q("number", "Khối lượng rác thu gom (kg)?");
const share = q("number", "Tỷ lệ hộ đóng góp?");
const fund = q("money", "Số tiền ủng hộ Quỹ Vì người nghèo?");

const answer = (question: Question, text: string) => parseAnswer(question, text, today);
function valueOf<T>(r: ParseResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got reason: ${r.reason}`);
  return r.value;
}
function reasonOf<T>(r: ParseResult<T>): string {
  if (r.ok) throw new Error(`expected a refusal, got value: ${JSON.stringify(r.value)}`);
  return r.reason;
}

describe("the common ways of saying a number or an amount are read exactly", () => {
  it.each<[Question, string, number]>([
    [households, "12", 12],
    [households, "12 hộ", 12],
    [households, "12 ho", 12],
    [households, "12 hộ gia đình", 12],
    [households, "1.200", 1200],
    [households, "1 200 hộ", 1200],
    [households, "mười lăm", 15],
    [households, "muoi lam", 15],
    [households, "MƯỜI LĂM HỘ", 15],
    [households, "hai chục", 20],
    [households, "2 chục hộ", 20],
    [households, "không có", 0],
    [people, "5 người", 5],
    [people, "5 nguoi", 5],
    [people, "năm người", 5],
    [waste, "12,5 kg", 12.5],
    [waste, "12,5", 12.5],
    [share, "12,5%", 12.5],
    [fund, "12", 12],
    [fund, "12.000", 12_000],
    [fund, "12,5 triệu", 12_500_000],
    [fund, "12,5 trieu", 12_500_000],
    [fund, "1 triệu 2", 1_200_000],
    [fund, "1tr2", 1_200_000],
    [fund, "hai trăm nghìn", 200_000],
    [fund, "hai tram nghin", 200_000],
    [fund, "200k", 200_000],
    [fund, "200 ngàn", 200_000],
    [fund, "200 ngan", 200_000],
    [fund, "1,2 tỷ", 1_200_000_000],
    [fund, "1,2 ty", 1_200_000_000],
    [fund, "mười lăm nghìn", 15_000],
    [fund, "12.000 đồng", 12_000],
    [fund, "12.000 dong", 12_000],
    [fund, "12.000đ", 12_000],
    [fund, "12.000 đ", 12_000],
    [fund, "12.000 vnđ", 12_000],
    [fund, "12.000 VND", 12_000],
    [fund, "12 đồng", 12],
    [fund, "1tr2 đồng", 1_200_000],
  ])("%s: %j is %d", (question, text, expected) => {
    expect(valueOf(answer(question, text))).toBe(expected);
  });
});

describe("a reply with words that are not understood is asked again, not read in part", () => {
  // Each of these used to be read as the number at its start, the rest ignored.
  it.each<[Question, string, string]>([
    [households, "12 kg", "“kg”"],
    [households, "5 người", "“người”"],
    [households, "12 hộ thôi", "“thôi”"],
    [households, "12 chục", "“chục”"],
    [households, "12 chưa chắc", "“chưa chắc”"],
    [people, "5 hộ", "“hộ”"],
    [share, "12,5 kg", "“kg”"],
  ])("%s: %j names %s", (question, text, named) => {
    const reason = reasonOf(answer(question, text));
    expect(reason).toContain(`Tôi chưa hiểu ${named} trong câu trả lời.`);
    expect(reason).toMatch(/Xin nhập một số( nguyên)?, ví dụ: 12/);
  });

  it.each<[Question, string]>([
    // Used to be read as 2, 50, 10, 12, 12: the words after the number were taken for a unit.
    [households, "hai mấy"],
    [households, "năm mươi mấy"],
    [households, "mười mấy hộ"],
    [households, "12 gì đó"],
    [households, "12 trở lên"],
    [households, "12 hộ hoặc hơn"],
    // Refused before too, now with the reason.
    [households, "khoảng 5"],
    [households, "khoang 5"],
    [households, "tầm 20"],
    [households, "vài"],
    [households, "vài hộ"],
    [households, "mấy chục"],
    [households, "may chuc"],
    [households, "hơn 10"],
    [households, "hon 10 ho"],
    [households, "5-6"],
    [households, "5 - 6 hộ"],
    [households, "10+"],
    [households, "12 hay 13"],
    [households, "từ 5 đến 6"],
    [waste, "khoảng 12,5 kg"],
    [fund, "khoảng 5 triệu"],
    [fund, "5-6 triệu"],
    [fund, "hơn 1 triệu"],
    [fund, "vài trăm nghìn"],
    [fund, "mấy chục nghìn"],
    [fund, "gần 2tr"],
  ])("%s: %j is an estimate, asked again with an example", (question, text) => {
    const reason = reasonOf(answer(question, text));
    expect(reason).toContain("chưa phải là một con số cụ thể.");
    expect(reason).toMatch(/ví dụ: 12|Ví dụ: 212\.110\.000/i);
  });

  it("money with a unit that is not money is asked again", () => {
    expect(reasonOf(parseMoney("500 đô"))).toBe("Tôi chưa hiểu “đô” trong câu trả lời. Xin nhập số tiền. Ví dụ: 212.110.000 hoặc 2tr5 hoặc 500k.");
    expect(reasonOf(parseMoney("5 triệu đồng chẵn"))).toContain("Tôi chưa hiểu");
  });

  it("dates and yes/no are read whole too", () => {
    expect(reasonOf(parseDate("29/9 hoặc 30/9", today))).toContain("ví dụ: 29/9");
    expect(reasonOf(parseDate("1.1.1.1", today))).toContain("ví dụ: 29/9");
    expect(valueOf(parseDate("29.9.2026", today))).toEqual({ year: 2026, month: 9, day: 29 });
    expect(reasonOf(parseYesNo("có không"))).toBe("Xin trả lời Có hoặc Không.");
    expect(reasonOf(parseYesNo("có lẽ"))).toBe("Xin trả lời Có hoặc Không.");
  });
});

describe("plausibleAmounts: a bare small number for money may be a slip", () => {
  it.each<[string, number[] | null]>([
    ["12", [12, 12_000, 12_000_000]],
    ["12.", [12, 12_000, 12_000_000]],
    ["mười hai", [12, 12_000, 12_000_000]],
    ["999", [999, 999_000, 999_000_000]],
    ["1", [1, 1000, 1_000_000]],
    ["1.000", null],
    ["0", null],
    ["12 đồng", null],
    ["12đ", null],
    ["12k", null],
    ["12 nghìn", null],
    ["12.000", null],
    ["abc", null],
    ["-12", null],
  ])("%j → %j", (text, expected) => {
    expect(plausibleAmounts(text)?.amounts ?? null).toEqual(expected);
  });

  it("offers only the readings the question's bounds allow", () => {
    expect(plausibleAmounts("12", { max: 1_000_000 })).toEqual({ typed: 12, amounts: [12, 12_000] });
    expect(plausibleAmounts("12", { min: 1000 })).toEqual({ typed: 12, amounts: [12_000, 12_000_000] });
    expect(plausibleAmounts("12", { min: 1000, max: 100_000 })).toEqual({ typed: 12, amounts: [12_000] });
    // Bounds that allow only small amounts: 12 is then what was meant.
    expect(plausibleAmounts("12", { max: 500 })).toBeNull();
  });
});
