import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULE, describeSchedule, readDay, readTime, fromCron, fromCrons, orderWarnings, toCron, toCrons } from "../../src/console/schedule/human.js";

/** The schedule editor's conversion between "Thứ Sáu 17:00" and the API's 5-field crons. */
describe("schedule in human terms", () => {
  it("reads one weekly moment from a cron and writes it back", () => {
    expect(fromCron("0 17 * * 5")).toEqual({ day: 5, time: "17:00" });
    expect(fromCron("30 8 * * 7")).toEqual({ day: 0, time: "08:30" });
    expect(fromCron("0 8 * * MON")).toEqual({ day: 1, time: "08:00" });
    expect(toCron({ day: 0, time: "08:30" })).toBe("30 8 * * 0");
    expect(toCron({ day: 5, time: "17:00" })).toBe("0 17 * * 5");
  });

  it("says which parts are not one weekly moment instead of rewriting them", () => {
    expect(fromCron("0 8 * * *")).toBeNull();
    expect(fromCron("0 8 * * 1-5")).toBeNull();
    expect(fromCron("0 25 * * 1")).toBeNull();
    expect(fromCrons({ enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 17 * * *"], dueAt: "0 17 * * 5", summaryAt: "0 8 1 * *", skipHolidays: true })).toEqual({
      unreadable: ["nhắc", "gửi tổng hợp"],
    });
  });

  it("round-trips the usual week and says it as an officer would", () => {
    const crons = toCrons(DEFAULT_SCHEDULE);
    expect(crons).toEqual({ enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 17 * * 4"], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6", skipHolidays: true });
    expect(fromCrons(crons)).toEqual({ schedule: DEFAULT_SCHEDULE });
    expect(describeSchedule(DEFAULT_SCHEDULE)).toBe("mở Thứ Hai 08:00, nhắc Thứ Năm 17:00, hạn Thứ Sáu 17:00, gửi tổng hợp Thứ Bảy 08:00");
  });

  it("warns when the week is out of order, reading Chủ nhật as the week's end", () => {
    expect(orderWarnings(DEFAULT_SCHEDULE)).toEqual([]);
    expect(orderWarnings({ ...DEFAULT_SCHEDULE, summary: { day: 0, time: "08:00" } })).toEqual([]);
    expect(orderWarnings({ ...DEFAULT_SCHEDULE, due: { day: 1, time: "07:00" } })).toHaveLength(2);
  });

  it("reads times and days as officers type them, 24 h and dd/mm/yyyy", () => {
    expect(["17:00", "17h", "17h30", "8.30", "1730", "8 giờ", "08:05"].map(readTime)).toEqual(["17:00", "17:00", "17:30", "08:30", "17:30", "08:00", "08:05"]);
    expect(["25:00", "17:60", "5pm", ""].map(readTime)).toEqual([null, null, null, null]);
    expect(["2/9/2026", "02-09-2026", "2.9.2026"].map(readDay)).toEqual(["2026-09-02", "2026-09-02", "2026-09-02"]);
    expect(["30/2/2026", "2026-09-02", "9/2026"].map(readDay)).toEqual([null, null, null]);
  });
});
