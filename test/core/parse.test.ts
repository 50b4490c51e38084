import { describe, expect, it } from "vitest";
import {
  type ParseResult,
  parseChoice,
  parseDate,
  parseDecimal,
  parseInteger,
  parseMoney,
  parseYesNo,
} from "../../src/core/parse.js";

/** The value of a successful parse; fails the test with the reason otherwise. */
function valueOf<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got reason: ${result.reason}`);
  return result.value;
}

/** The reason of a refusal; fails the test if the input was accepted. */
function reasonOf<T>(result: ParseResult<T>): string {
  if (result.ok) throw new Error(`expected a refusal, got value: ${JSON.stringify(result.value)}`);
  return result.reason;
}

/** Reasons are shown to people: Vietnamese with diacritics, a full sentence. */
function expectPoliteVietnamese(reason: string) {
  expect(reason.length).toBeGreaterThan(10);
  expect(reason).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữìíịỉĩòóọỏõùúụủũỳýỵỷỹ]/i);
  expect(reason).toMatch(/[.:]$|\d$|[\p{L})]$/u);
}

describe("parseInteger", () => {
  it.each([
    ["12", 12],
    [" 12 ", 12],
    ["12 hộ", 12],
    ["12 vụ", 12],
    ["12hộ", 12],
    ["12 hộ gia đình", 12],
    ["12.", 12],
    ["0", 0],
    ["007", 7],
    ["1.200", 1200],
    ["1 200", 1200],
    ["12.345.678", 12345678],
    ["12 345 678 người", 12345678],
    ["12,0", 12],
    ["12 %", 12],
    ["-3", -3],
    ["− 3", -3],
    ["+4", 4],
    ["-0", 0],
  ])("reads %j as %d", (text, expected) => {
    expect(valueOf(parseInteger(text))).toBe(expected);
  });

  it.each([
    ["không", 0],
    ["một", 1],
    ["bốn", 4],
    ["chín", 9],
    ["mười", 10],
    ["mười một", 11],
    ["mười hai", 12],
    ["muoi hai", 12],
    ["MƯỜI HAI", 12],
    ["mười bốn", 14],
    ["mười tư", 14],
    ["mười lăm", 15],
    ["mười năm", 15],
    ["hai mươi", 20],
    ["hai mươi mốt", 21],
    ["hai mươi một", 21],
    ["hai mươi tư", 24],
    ["hai mươi bốn", 24],
    ["hai mươi lăm", 25],
    ["chín mươi chín", 99],
    ["mười hai hộ", 12],
    ["năm vụ", 5],
    ["không có", 0],
    ["một trăm", 100],
    ["một trăm linh năm", 105],
    ["một trăm lẻ tư", 104],
    ["hai trăm mười hai", 212],
    ["chín trăm chín mươi chín", 999],
  ])("reads Vietnamese number words %j as %d", (text, expected) => {
    expect(valueOf(parseInteger(text))).toBe(expected);
  });

  it("refuses a decimal and says it is not a whole number", () => {
    const reason = reasonOf(parseInteger("12,5"));
    expect(reason).toContain("không phải số nguyên");
    expect(reason).toContain("ví dụ: 12");
    expectPoliteVietnamese(reason);
  });

  it("refuses a dot that cannot group thousands", () => {
    for (const text of ["12.5", "1.20", "1.2345", "1.234.5", "0.200"]) {
      const reason = reasonOf(parseInteger(text));
      expect(reason, text).toContain("dấu chấm");
      expect(reason, text).toContain("số nguyên");
    }
  });

  it.each(["abc", "12 hay 13", "12 3", "1,2,3", "12k", "12 nghìn", "2 triệu", "một hai", "mười mười", "hai mốt", "một trăm năm", "12, hộ", "-hai", "12/5"])(
    "refuses %j",
    (text) => {
      expect(reasonOf(parseInteger(text))).toContain("Xin nhập một số nguyên, ví dụ: 12.");
    },
  );

  it("asks for an answer when the input is empty or blank", () => {
    for (const text of ["", "   ", "\n\t"]) {
      const reason = reasonOf(parseInteger(text));
      expect(reason).toContain("chưa nhập");
      expect(reason).toContain("số nguyên");
    }
  });

  it("enforces bounds only when they are given, naming them", () => {
    expect(valueOf(parseInteger("-5"))).toBe(-5);
    expect(valueOf(parseInteger("999999"))).toBe(999999);
    expect(reasonOf(parseInteger("2001", { min: 0, max: 2000 }))).toBe("Số phải từ 0 đến 2.000.");
    expect(reasonOf(parseInteger("-1", { min: 0, max: 2000 }))).toBe("Số phải từ 0 đến 2.000.");
    expect(valueOf(parseInteger("2.000", { min: 0, max: 2000 }))).toBe(2000);
    expect(valueOf(parseInteger("0", { min: 0, max: 2000 }))).toBe(0);
    expect(reasonOf(parseInteger("4", { min: 5 }))).toBe("Số phải từ 5 trở lên.");
    expect(reasonOf(parseInteger("1.501", { max: 1500 }))).toBe("Số phải từ 1.500 trở xuống.");
    expect(valueOf(parseInteger("-3", { min: -10 }))).toBe(-3);
  });

  it("refuses numbers too large to hold exactly", () => {
    expect(reasonOf(parseInteger("1234567890123456789"))).toContain("lớn quá");
    expect(valueOf(parseInteger("123456789012345"))).toBe(123456789012345);
  });

  it("normalises decomposed (NFD) input", () => {
    expect(valueOf(parseInteger("mười hai hộ".normalize("NFD")))).toBe(12);
  });
});

describe("parseDecimal", () => {
  it.each([
    ["12,5", 12.5],
    ["1.234,5", 1234.5],
    ["1 234,5", 1234.5],
    ["12", 12],
    [" 12,50 ", 12.5],
    ["0,5", 0.5],
    ["0,05", 0.05],
    ["-1,5", -1.5],
    ["12,5%", 12.5],
    ["1.200", 1200],
    ["mười hai", 12],
  ])("reads %j as %d", (text, expected) => {
    expect(valueOf(parseDecimal(text))).toBe(expected);
  });

  it("refuses 12.5 as ambiguous and suggests 12,5", () => {
    const reason = reasonOf(parseDecimal("12.5"));
    expect(reason).toContain("Chưa rõ");
    expect(reason).toContain("12,5");
    expectPoliteVietnamese(reason);
  });

  it("suggests the comma form of what was typed", () => {
    expect(reasonOf(parseDecimal("3.75"))).toContain("dấu phẩy: 3,75.");
    expect(reasonOf(parseDecimal("1.2345"))).toContain("dấu phẩy: 1,2345.");
    expect(reasonOf(parseDecimal("12.5 kg", { question: "Khối lượng rác (kg)?" }))).toContain("dấu phẩy: 12,5.");
  });

  it("refuses English-style numbers with a comma before a dot", () => {
    expect(reasonOf(parseDecimal("1,234.5"))).toContain("dấu chấm");
  });

  it.each(["abc", "1,2,3", "12,", ",5", "12,5 triệu", "1.2,5"])("refuses %j", (text) => {
    expect(reasonOf(parseDecimal(text))).toContain("ví dụ: 12 hoặc 12,5");
  });

  it("asks for an answer when empty", () => {
    expect(reasonOf(parseDecimal(""))).toContain("chưa nhập");
  });

  it("enforces bounds with the bounds written the Vietnamese way", () => {
    expect(reasonOf(parseDecimal("100,5", { min: 0, max: 100 }))).toBe("Số phải từ 0 đến 100.");
    expect(reasonOf(parseDecimal("0,5", { min: 1.5 }))).toBe("Số phải từ 1,5 trở lên.");
    expect(valueOf(parseDecimal("1,5", { min: 1.5, max: 2 }))).toBe(1.5);
  });
});

describe("parseMoney", () => {
  it.each([
    ["212.110.000", 212_110_000],
    ["212110000", 212_110_000],
    ["212110000đ", 212_110_000],
    ["212110000 đ", 212_110_000],
    ["212.110.000 đồng", 212_110_000],
    ["212.110.000 dong", 212_110_000],
    ["212.110.000 VNĐ", 212_110_000],
    ["212 110 000", 212_110_000],
    ["212,11 triệu", 212_110_000],
    ["44,92 triệu", 44_920_000],
    ["2tr5", 2_500_000],
    ["2 tr 5", 2_500_000],
    ["2 triệu 5", 2_500_000],
    ["2 triệu 5 đồng", 2_500_000],
    ["2tr", 2_000_000],
    ["2TR", 2_000_000],
    ["500k", 500_000],
    ["500 K", 500_000],
    ["500k.", 500_000],
    ["500 nghìn", 500_000],
    ["500 ngàn", 500_000],
    ["500 nghin dong", 500_000],
    ["1,5 tỷ", 1_500_000_000],
    ["1,5 tỉ", 1_500_000_000],
    ["1 tỷ 2", 1_200_000_000],
    ["1 ty 2", 1_200_000_000],
    ["1tỷ2", 1_200_000_000],
    ["1 tỷ 250 triệu", 1_250_000_000],
    ["1 tỷ 250", 1_250_000_000],
    ["3 trieu", 3_000_000],
    ["3 TRIỆU", 3_000_000],
    ["0", 0],
    ["0 đồng", 0],
    ["0,5k", 500],
    ["5k5", 5_500],
    ["2tr500k", 2_500_000],
    ["2tr5k", 2_005_000],
    ["2 triệu 500 nghìn", 2_500_000],
    ["2tr050", 2_050_000],
    ["2tr500", 2_500_000],
    ["1 tỷ 2 triệu 300 nghìn", 1_002_300_000],
    ["1.500 nghìn", 1_500_000],
    ["2 triệu rưỡi", 2_500_000],
    ["5 nghìn rưỡi", 5_500],
    ["hai triệu", 2_000_000],
    ["hai triệu rưỡi", 2_500_000],
    ["hai triệu năm", 2_500_000],
    ["năm trăm nghìn", 500_000],
    ["hai triệu năm trăm nghìn", 2_500_000],
    ["mười lăm nghìn đồng", 15_000],
    ["không đồng", 0],
    // The bot's own words for amounts (moneyInWords): a group of hundreds is three digits, not a shorthand.
    ["Một nghìn không trăm linh năm đồng", 1_005],
    ["một nghìn không trăm hai mươi", 1_020],
    ["hai triệu không trăm năm mươi nghìn", 2_050_000],
    ["mot trieu khong tram linh nam nghin", 1_005_000],
    ["9.007.199.254.740.991", Number.MAX_SAFE_INTEGER],
  ])("reads %j as %d", (text, expected) => {
    expect(valueOf(parseMoney(text))).toBe(expected);
  });

  it("refuses a dot followed by two digits and explains dots", () => {
    const reason = reasonOf(parseMoney("212.11"));
    expect(reason).toContain("dấu chấm");
    expect(reason).toContain("Ví dụ: 212.110.000 hoặc 2tr5 hoặc 500k.");
    expectPoliteVietnamese(reason);
  });

  it.each(["1.5tr", "2.5 triệu", "0.5", "1,234.5"])("refuses the ambiguous dot in %j", (text) => {
    expect(reasonOf(parseMoney(text))).toContain("dấu chấm");
  });

  it.each(["1,2,3", "abc", "triệu", "2 triệu 3 tỷ", "1 tỷ 1500 triệu", "2k5tr", "2,5tr5", "2tr5000", "2tr 5 6", "rưỡi", "1 tỷ rưỡi 2", "500 đô", "2 đồng 5", "một hai nghìn"])(
    "refuses %j with examples",
    (text) => {
      expect(reasonOf(parseMoney(text))).toContain("Xin nhập số tiền. Ví dụ: 212.110.000 hoặc 2tr5 hoặc 500k.");
    },
  );

  it("refuses amounts that are not whole đồng", () => {
    for (const text of ["1,2345k", "212,11", "0,5", "1,5 đồng"]) {
      const reason = reasonOf(parseMoney(text));
      expect(reason, text).toContain("tròn đến đồng");
      expect(reason, text).toContain("Ví dụ: 212.110.000 hoặc 2tr5 hoặc 500k.");
    }
  });

  it("refuses negative amounts even without bounds", () => {
    for (const text of ["-500k", "-212.110.000", "− 5 triệu", "âm 500 nghìn"]) {
      expect(reasonOf(parseMoney(text)), text).toContain("không được âm");
    }
    expect(valueOf(parseMoney("-0"))).toBe(0);
  });

  it("refuses a two-digit shorthand remainder, naming both readings", () => {
    expect(reasonOf(parseMoney("2tr50"))).toBe(
      "Chưa rõ “2tr50” là 2.500.000 đồng hay 2.050.000 đồng. Xin nhập đầy đủ, ví dụ: 2.500.000.",
    );
    expect(reasonOf(parseMoney("1 tỷ 25"))).toContain("1.250.000.000 đồng hay 1.025.000.000 đồng");
    expect(reasonOf(parseMoney("hai triệu năm mươi"))).toContain("2.500.000 đồng hay 2.050.000 đồng");
  });

  it("asks for an answer when empty", () => {
    const reason = reasonOf(parseMoney("  "));
    expect(reason).toContain("chưa nhập");
    expect(reason).toContain("2tr5");
  });

  it("enforces bounds in đồng", () => {
    expect(reasonOf(parseMoney("2tr", { min: 0, max: 1_000_000 }))).toBe("Số tiền phải từ 0 đến 1.000.000 đồng.");
    expect(reasonOf(parseMoney("500", { min: 1000 }))).toBe("Số tiền phải từ 1.000 đồng trở lên.");
    expect(reasonOf(parseMoney("2tr", { max: 1_000_000 }))).toBe("Số tiền phải từ 1.000.000 đồng trở xuống.");
    expect(valueOf(parseMoney("1tr", { min: 0, max: 1_000_000 }))).toBe(1_000_000);
  });

  it("refuses amounts too large to hold exactly", () => {
    expect(reasonOf(parseMoney("10.000.000 tỷ"))).toContain("lớn quá");
    expect(reasonOf(parseMoney("9.007.199.254.740.992"))).toContain("lớn quá");
  });
});

describe("parseYesNo", () => {
  it.each([
    "có", "Có", "CÓ", "co", "c", "C", "có ạ", "có a", "Có.", "có!", " có  ", "dạ có", "vâng", "vâng ạ", "yes", "Yes", "y", "1",
    "đúng", "dung", "đúng rồi", "có rồi", "ok", "ừ",
  ])("reads %j as yes", (text) => {
    expect(valueOf(parseYesNo(text))).toBe(true);
  });

  it.each([
    "không", "Không", "khong", "ko", "KO", "k", "kg", "không có", "khong co", "không ạ", "dạ không", "0", "no", "No", "n",
    "chưa", "chua", "chưa có", "không phải", "không.",
  ])("reads %j as no", (text) => {
    expect(valueOf(parseYesNo(text))).toBe(false);
  });

  it.each(["rồi", "có không", "có hoặc không", "maybe", "2", "có lẽ", "hmm", "ạ", "yes no"])("refuses %j", (text) => {
    expect(reasonOf(parseYesNo(text))).toBe("Xin trả lời Có hoặc Không.");
  });

  it("asks for an answer when empty", () => {
    expect(reasonOf(parseYesNo(""))).toBe("Bạn chưa nhập câu trả lời. Xin trả lời Có hoặc Không.");
    expect(reasonOf(parseYesNo(" ... "))).toContain("chưa nhập");
  });
});

describe("parseChoice", () => {
  const options = ["Ổn định", "Có vụ việc"];
  const listing = "Xin chọn một trong: 1. Ổn định, 2. Có vụ việc";

  it.each([
    ["1", "Ổn định"],
    ["2", "Có vụ việc"],
    ["1.", "Ổn định"],
    ["2)", "Có vụ việc"],
    ["1!", "Ổn định"],
    ["2..", "Có vụ việc"],
    ["số 1", "Ổn định"],
    ["so 2", "Có vụ việc"],
    [" 2 ", "Có vụ việc"],
    ["Ổn định", "Ổn định"],
    ["ổn định", "Ổn định"],
    ["on dinh", "Ổn định"],
    ["  ON   DINH ", "Ổn định"],
    ["Ổn định.", "Ổn định"],
    ["co vu viec", "Có vụ việc"],
    ["co vu", "Có vụ việc"],
    ["Có v", "Có vụ việc"],
    ["ổn", "Ổn định"],
  ])("reads %j as %j", (text, expected) => {
    expect(valueOf(parseChoice(text, options))).toBe(expected);
  });

  it("returns the option exactly as given, even with odd spacing in the option", () => {
    expect(valueOf(parseChoice("on dinh", ["  Ổn  định", "Khác"]))).toBe("  Ổn  định");
    expect(valueOf(parseChoice("1", ["  Ổn  định", "Khác"]))).toBe("  Ổn  định");
  });

  it("accepts NFD input against NFC options", () => {
    expect(valueOf(parseChoice("Có vụ việc".normalize("NFD"), options))).toBe("Có vụ việc");
  });

  it("lists the options, numbered, for unknown answers", () => {
    for (const text of ["xyz", "vụ", "c", "ổn định lắm", "1 2"]) expect(reasonOf(parseChoice(text, options)), text).toBe(listing);
  });

  it("says when a number is not among the options", () => {
    expect(reasonOf(parseChoice("3", options))).toBe(`Không có lựa chọn số 3. ${listing}`);
    expect(reasonOf(parseChoice("0", options))).toBe(`Không có lựa chọn số 0. ${listing}`);
  });

  it("refuses a prefix that fits several options", () => {
    const many = ["Có vụ việc", "Có khách", "Không"];
    const reason = reasonOf(parseChoice("co", many));
    expect(reason).toContain("nhiều lựa chọn");
    expect(reason).toContain("Xin chọn một trong: 1. Có vụ việc, 2. Có khách, 3. Không");
    expect(valueOf(parseChoice("co k", many))).toBe("Có khách");
    expect(valueOf(parseChoice("kh", many))).toBe("Không");
  });

  it("prefers an exact label over a prefix of a longer one", () => {
    expect(valueOf(parseChoice("khác", ["Khác", "Khác nữa"]))).toBe("Khác");
  });

  it("tells diacritics apart when the options differ only by them", () => {
    const tones = ["Có", "Cỏ"];
    expect(valueOf(parseChoice("Cỏ", tones))).toBe("Cỏ");
    expect(valueOf(parseChoice("có", tones))).toBe("Có");
    expect(reasonOf(parseChoice("co", tones))).toContain("nhiều lựa chọn");
  });

  it("refuses a number that is both one option's position and another's label", () => {
    expect(reasonOf(parseChoice("1", ["2", "1"]))).toContain("số thứ tự hay tên lựa chọn");
    // When the position and the label agree there is nothing to ask.
    expect(valueOf(parseChoice("1", ["1", "2"]))).toBe("1");
    // A label that is a number beyond the positions is read as the label.
    expect(valueOf(parseChoice("10", ["5", "10"]))).toBe("10");
  });

  it("asks for an answer when empty, listing the options", () => {
    expect(reasonOf(parseChoice("", options))).toBe(`Bạn chưa nhập câu trả lời. ${listing}`);
  });

  it("refuses politely when there are no options", () => {
    expectPoliteVietnamese(reasonOf(parseChoice("1", [])));
  });
});

describe("parseDate", () => {
  const today = { year: 2026, month: 9, day: 30 };
  const d = (year: number, month: number, day: number) => ({ year, month, day });

  it.each([
    ["29/9", d(2026, 9, 29)],
    ["29/09", d(2026, 9, 29)],
    ["29-9", d(2026, 9, 29)],
    ["29.9", d(2026, 9, 29)],
    ["29 / 9", d(2026, 9, 29)],
    ["1/1", d(2026, 1, 1)],
    ["29/9/2026", d(2026, 9, 29)],
    ["29/09/26", d(2026, 9, 29)],
    ["29-09-2025", d(2025, 9, 29)],
    ["5/3/27", d(2027, 3, 5)],
    ["ngày 29/9", d(2026, 9, 29)],
    ["Ngày 29 tháng 9", d(2026, 9, 29)],
    ["29 thang 9 nam 2025", d(2025, 9, 29)],
    ["2026-09-29", d(2026, 9, 29)],
    ["29/2/2028", d(2028, 2, 29)],
    ["29/9.", d(2026, 9, 29)],
  ])("reads %j", (text, expected) => {
    expect(valueOf(parseDate(text, today))).toEqual(expected);
  });

  it.each([
    ["hôm nay", d(2026, 9, 30)],
    ["hom nay", d(2026, 9, 30)],
    ["Hôm nay", d(2026, 9, 30)],
    ["ngày hôm nay", d(2026, 9, 30)],
    ["mai", d(2026, 10, 1)],
    ["ngày mai", d(2026, 10, 1)],
    ["ngay mai", d(2026, 10, 1)],
    ["hôm qua", d(2026, 9, 29)],
    ["hom qua", d(2026, 9, 29)],
    ["hôm kia", d(2026, 9, 28)],
    ["ngày kia", d(2026, 10, 2)],
  ])("reads %j relative to today", (text, expected) => {
    expect(valueOf(parseDate(text, today))).toEqual(expected);
  });

  it("crosses year boundaries for relative dates", () => {
    expect(valueOf(parseDate("mai", d(2026, 12, 31)))).toEqual(d(2027, 1, 1));
    expect(valueOf(parseDate("hôm qua", d(2026, 1, 1)))).toEqual(d(2025, 12, 31));
    expect(valueOf(parseDate("mai", d(2028, 2, 28)))).toEqual(d(2028, 2, 29));
  });

  it("takes the year from today when none is given", () => {
    expect(valueOf(parseDate("29/9", d(2031, 1, 5)))).toEqual(d(2031, 9, 29));
  });

  it("refuses days that do not exist in the month", () => {
    expect(reasonOf(parseDate("31/2", today))).toBe("Tháng 2 năm 2026 chỉ có 28 ngày, xin nhập ngày từ 1 đến 28.");
    expect(reasonOf(parseDate("29/2/2027", today))).toContain("chỉ có 28 ngày");
    expect(reasonOf(parseDate("31/9", today))).toContain("Tháng 9 năm 2026 chỉ có 30 ngày");
    expect(reasonOf(parseDate("0/9", today))).toContain("từ 1 đến 30");
  });

  it("refuses a month over 12, reminding that the day comes first", () => {
    const reason = reasonOf(parseDate("9/29", today));
    expect(reason).toContain("Tháng phải từ 1 đến 12");
    expect(reason).toContain("ngày viết trước");
    expect(reasonOf(parseDate("1/0", today))).toContain("Tháng phải từ 1 đến 12");
  });

  it.each(["29", "29/9/202", "29/9-2026", "abc", "thứ hai", "29/9/2026/1", "tuần sau", "1/2/3/4"])("refuses %j", (text) => {
    expect(reasonOf(parseDate(text, today))).toBe("Xin nhập ngày theo dạng ngày/tháng, ví dụ: 29/9 hoặc 29/9/2026.");
  });

  it("refuses implausible years", () => {
    expect(reasonOf(parseDate("1/1/1800", today))).toContain("Năm 1800");
  });

  it("asks for an answer when empty", () => {
    expect(reasonOf(parseDate(" ", today))).toContain("chưa nhập");
  });
});

describe("every parser", () => {
  const parsers: [string, (text: string) => ParseResult<unknown>][] = [
    ["parseInteger", (t) => parseInteger(t)],
    ["parseDecimal", (t) => parseDecimal(t)],
    ["parseMoney", (t) => parseMoney(t)],
    ["parseYesNo", (t) => parseYesNo(t)],
    ["parseChoice", (t) => parseChoice(t, ["Ổn định", "Có vụ việc"])],
    ["parseDate", (t) => parseDate(t, { year: 2026, month: 9, day: 30 })],
  ];
  const odd: unknown[] = [
    undefined, null, 12, {}, "😀", "\u0000", "9".repeat(500), "1.".repeat(200), ",".repeat(50), "-", "+", "đ", "...",
    "tr".repeat(100), "1 ".repeat(300), "\u202e12", "١٢",
  ];

  it.each(parsers)("%s never throws and refuses odd input with a reason", (_name, parse) => {
    for (const text of odd) {
      let result: ParseResult<unknown> | undefined;
      expect(() => (result = parse(text as string)), String(text)).not.toThrow();
      expect(result!.ok, String(text)).toBe(false);
      if (!result!.ok) expectPoliteVietnamese(result!.reason);
    }
  });

  it.each(parsers)("%s asks for an answer on empty input", (_name, parse) => {
    for (const text of ["", "   ", "\t\n"]) {
      const reason = reasonOf(parse(text));
      expect(reason.startsWith("Bạn chưa nhập câu trả lời."), reason).toBe(true);
    }
  });
});
