import { describe, expect, it } from "vitest";
import { isDayOff, publicHolidays } from "../../src/core/holidays.js";
import { lunarToSolar } from "../../src/core/lunar.js";

describe("the Vietnamese lunar calendar", () => {
  it.each([
    [2007, "2007-02-17"], // Vietnam: 17/2; China: 18/2
    [1985, "1985-01-21"], // Vietnam: 21/1; China: 20/2
    [2024, "2024-02-10"],
    [2025, "2025-01-29"],
    [2026, "2026-02-17"],
    [2027, "2027-02-06"],
    [2028, "2028-01-26"],
  ])("Tết %i falls on %s", (year, date) => {
    const d = lunarToSolar(1, 1, year)!;
    expect(`${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`).toBe(date);
  });

  it.each([
    [2024, { year: 2024, month: 4, day: 18 }],
    [2025, { year: 2025, month: 4, day: 7 }],
    [2026, { year: 2026, month: 4, day: 26 }],
  ])("Giỗ Tổ Hùng Vương (10/3 âm lịch) %i", (year, date) => {
    expect(lunarToSolar(10, 3, year)).toEqual(date);
  });

  it("knows leap months: 2023 had a leap 2nd month, 2025 a leap 6th", () => {
    expect(lunarToSolar(1, 2, 2023, true)).toEqual({ year: 2023, month: 3, day: 22 });
    expect(lunarToSolar(1, 6, 2025, true)).toEqual({ year: 2025, month: 7, day: 25 });
    expect(lunarToSolar(1, 5, 2025, true)).toBeNull();
  });
});

describe("public holidays", () => {
  it("lists 2026's days off, with Tết as the eve and four days", () => {
    expect(publicHolidays(2026).map((h) => h.date)).toEqual([
      "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
      "2026-04-26", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
    ]);
  });

  it("counts local days off too", () => {
    expect(isDayOff("2026-02-17", new Set())).toBe(true);
    expect(isDayOff("2026-11-23", new Set())).toBe(false);
    expect(isDayOff("2026-11-23", new Set(["2026-11-23"]))).toBe(true);
  });
});
