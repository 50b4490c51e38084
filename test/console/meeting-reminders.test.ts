import { describe, expect, it } from "vitest";
import { describeDurations, fromDuration, joinLocal, offsetProblem, splitLocal, toDuration } from "../../src/console/meetings/reminders.js";

/** Meeting reminders in words ↔ the API's ISO 8601 durations. */
describe("meeting reminder offsets", () => {
  it("reads durations as a person says them and writes them back", () => {
    expect(fromDuration("P3D")).toEqual({ amount: 3, unit: "day" });
    expect(fromDuration("PT2H")).toEqual({ amount: 2, unit: "hour" });
    expect(fromDuration("PT30M")).toEqual({ amount: 30, unit: "minute" });
    expect(fromDuration("P14D")).toEqual({ amount: 2, unit: "week" });
    expect(fromDuration("P1DT12H")).toEqual({ amount: 36, unit: "hour" });
    expect(["P", "PT", "P0D", "1D", "P1Y"].map(fromDuration)).toEqual([null, null, null, null, null]);
    expect(toDuration({ amount: 3, unit: "day" })).toBe("P3D");
    expect(toDuration({ amount: 2, unit: "hour" })).toBe("PT2H");
    expect(toDuration({ amount: 1, unit: "week" })).toBe("P7D");
    expect(describeDurations(["P3D", "PT2H", "P1Y"])).toEqual(["3 ngày trước", "2 giờ trước", "P1Y"]);
  });

  it("keeps offsets within what the API takes", () => {
    expect(offsetProblem({ amount: 60, unit: "day" })).toBeNull();
    expect(offsetProblem({ amount: 9, unit: "week" })).toMatch(/60 ngày/);
    expect(offsetProblem({ amount: 0, unit: "hour" })).toMatch(/số nguyên dương/);
  });

  it("splits and joins a meeting's local date and time", () => {
    expect(splitLocal("2026-11-29T14:00:00+07:00")).toEqual({ day: "29/11/2026", time: "14:00" });
    expect(joinLocal("2026-11-29", "14:00")).toBe("2026-11-29T14:00:00");
  });
});
