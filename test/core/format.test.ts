import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateTimeInZone,
  formatMoney,
  formatNumber,
  formatYesNo,
  moneyInWords,
  weekdayName,
} from "../../src/core/format.js";
import { parseDecimal, parseMoney } from "../../src/core/parse.js";

const VN = "Asia/Ho_Chi_Minh";

describe("formatNumber", () => {
  it.each([
    [1234567.5, "1.234.567,5"],
    [12, "12"],
    [0, "0"],
    [-0, "0"],
    [999, "999"],
    [1000, "1.000"],
    [2000, "2.000"],
    [12345678, "12.345.678"],
    [-1500, "-1.500"],
    [-1234.25, "-1.234,25"],
    [0.5, "0,5"],
    [0.1 + 0.2, "0,3"],
    [1.005, "1,005"],
    [0.0000001, "0,0000001"],
    [Number.MAX_SAFE_INTEGER, "9.007.199.254.740.991"],
    [1e21, "1.000.000.000.000.000.000.000"],
  ])("formats %d as %j", (n, expected) => {
    expect(formatNumber(n)).toBe(expected);
  });

  it("leaves non-finite numbers as JavaScript writes them", () => {
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("Infinity");
  });

  it("round-trips through parseDecimal", () => {
    for (const n of [0, 12, 12.5, 1234.5, 1234567.25, 1_000_000, -7.75]) expect(parseDecimal(formatNumber(n))).toEqual({ ok: true, value: n });
  });
});

describe("formatMoney", () => {
  it.each([
    [212110000, "212.110.000 đồng"],
    [0, "0 đồng"],
    [500, "500 đồng"],
    [500000, "500.000 đồng"],
    [1500000000, "1.500.000.000 đồng"],
    [-5000, "-5.000 đồng"],
    [1234.6, "1.235 đồng"],
  ])("formats %d as %j", (n, expected) => {
    expect(formatMoney(n)).toBe(expected);
  });

  it("round-trips through parseMoney", () => {
    for (const n of [0, 5, 1000, 212110000, 1500000000, 2000000005]) expect(parseMoney(formatMoney(n))).toEqual({ ok: true, value: n });
  });
});

describe("formatDate", () => {
  it("writes dd/mm/yyyy with leading zeros", () => {
    expect(formatDate({ year: 2026, month: 9, day: 29 })).toBe("29/09/2026");
    expect(formatDate({ year: 2026, month: 1, day: 5 })).toBe("05/01/2026");
    expect(formatDate({ year: 2026, month: 12, day: 31 })).toBe("31/12/2026");
  });
});

describe("formatYesNo", () => {
  it("writes Có and Không", () => {
    expect(formatYesNo(true)).toBe("Có");
    expect(formatYesNo(false)).toBe("Không");
  });
});

describe("weekdayName", () => {
  it.each([
    [0, "Chủ nhật"],
    [1, "Thứ Hai"],
    [2, "Thứ Ba"],
    [3, "Thứ Tư"],
    [4, "Thứ Năm"],
    [5, "Thứ Sáu"],
    [6, "Thứ Bảy"],
  ])("names day %d %j", (day, name) => {
    expect(weekdayName(day)).toBe(name);
  });

  it("wraps numbers outside 0–6 like a week does", () => {
    expect(weekdayName(7)).toBe("Chủ nhật");
    expect(weekdayName(8)).toBe("Thứ Hai");
    expect(weekdayName(-1)).toBe("Thứ Bảy");
  });

  it("agrees with Date#getUTCDay", () => {
    // 27 November 2026 is a Friday.
    expect(weekdayName(new Date(Date.UTC(2026, 10, 27)).getUTCDay())).toBe("Thứ Sáu");
  });
});

describe("formatDateTimeInZone", () => {
  it("writes HH:MM, weekday and dd/mm/yyyy in Vietnam time", () => {
    expect(formatDateTimeInZone(new Date("2026-11-27T07:05:00Z"), VN)).toBe("14:05 Thứ Sáu 27/11/2026");
  });

  it("drops seconds rather than rounding them up", () => {
    expect(formatDateTimeInZone(new Date("2026-11-27T07:05:59.900Z"), VN)).toBe("14:05 Thứ Sáu 27/11/2026");
  });

  it("uses the zone's date, which may differ from the UTC date", () => {
    // 20:30 UTC on Saturday is 03:30 on Sunday in Vietnam.
    expect(formatDateTimeInZone(new Date("2026-11-28T20:30:00Z"), VN)).toBe("03:30 Chủ nhật 29/11/2026");
    expect(formatDateTimeInZone(new Date("2026-11-28T20:30:00Z"), "UTC")).toBe("20:30 Thứ Bảy 28/11/2026");
  });

  it("writes midnight as 00:00 and crosses the new year", () => {
    expect(formatDateTimeInZone(new Date("2026-12-31T17:00:00Z"), VN)).toBe("00:00 Thứ Sáu 01/01/2027");
  });

  it("follows daylight saving in zones that have it", () => {
    expect(formatDateTimeInZone(new Date("2026-07-01T12:00:00Z"), "Europe/Berlin")).toBe("14:00 Thứ Tư 01/07/2026");
    expect(formatDateTimeInZone(new Date("2026-01-07T12:00:00Z"), "Europe/Berlin")).toBe("13:00 Thứ Tư 07/01/2026");
  });

  it("throws on an unknown zone, as Intl does", () => {
    expect(() => formatDateTimeInZone(new Date(), "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("moneyInWords", () => {
  it.each([
    [0, "Không đồng"],
    [1, "Một đồng"],
    [5, "Năm đồng"],
    [10, "Mười đồng"],
    [11, "Mười một đồng"],
    [14, "Mười bốn đồng"],
    [15, "Mười lăm đồng"],
    [20, "Hai mươi đồng"],
    [21, "Hai mươi mốt đồng"],
    [24, "Hai mươi bốn đồng"],
    [25, "Hai mươi lăm đồng"],
    [31, "Ba mươi mốt đồng"],
    [55, "Năm mươi lăm đồng"],
    [99, "Chín mươi chín đồng"],
    [100, "Một trăm đồng"],
    [101, "Một trăm linh một đồng"],
    [105, "Một trăm linh năm đồng"],
    [110, "Một trăm mười đồng"],
    [115, "Một trăm mười lăm đồng"],
    [121, "Một trăm hai mươi mốt đồng"],
    [1000, "Một nghìn đồng"],
    [1005, "Một nghìn không trăm linh năm đồng"],
    [1010, "Một nghìn không trăm mười đồng"],
    [1100, "Một nghìn một trăm đồng"],
    [15000, "Mười lăm nghìn đồng"],
    [500000, "Năm trăm nghìn đồng"],
    [1000000, "Một triệu đồng"],
    [1001000, "Một triệu không trăm linh một nghìn đồng"],
    [2500000, "Hai triệu năm trăm nghìn đồng"],
    [212110000, "Hai trăm mười hai triệu một trăm mười nghìn đồng"],
    [1000000000, "Một tỷ đồng"],
    [1500000000, "Một tỷ năm trăm triệu đồng"],
    [2000000005, "Hai tỷ không trăm linh năm đồng"],
    [1000005000, "Một tỷ không trăm linh năm nghìn đồng"],
    [1_000_000_000_000, "Một nghìn tỷ đồng"],
    [1_234_000_000_000, "Một nghìn hai trăm ba mươi bốn tỷ đồng"],
  ])("reads %d as %j", (n, expected) => {
    expect(moneyInWords(n)).toBe(expected);
  });

  it("reads negative amounts with Âm and rounds fractions", () => {
    expect(moneyInWords(-5000)).toBe("Âm năm nghìn đồng");
    expect(moneyInWords(104.6)).toBe("Một trăm linh năm đồng");
  });

  it("reads the largest exact amount without losing digits", () => {
    expect(moneyInWords(Number.MAX_SAFE_INTEGER)).toBe(
      "Chín triệu không trăm linh bảy nghìn một trăm chín mươi chín tỷ " +
        "hai trăm năm mươi bốn triệu bảy trăm bốn mươi nghìn chín trăm chín mươi mốt đồng",
    );
  });

  it("gives an empty string for non-finite amounts", () => {
    expect(moneyInWords(Number.NaN)).toBe("");
  });

  it("reads back through parseMoney for amounts below a thousand written as words", () => {
    for (const n of [0, 5, 15, 21, 105, 999]) {
      const words = moneyInWords(n).toLowerCase();
      expect(parseMoney(words), words).toEqual({ ok: true, value: n });
    }
  });
});
