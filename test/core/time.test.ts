import { describe, expect, it } from "vitest";
import {
  formatInstant,
  isValidTimeZone,
  parseDateTimeInZone,
  parseDurationMs,
  zoneOffsetMinutes,
} from "../../src/core/time.js";

const VN = "Asia/Ho_Chi_Minh";
const at = (iso: string) => new Date(iso);

describe("isValidTimeZone", () => {
  it("accepts IANA zones and UTC", () => {
    for (const zone of [VN, "Europe/Berlin", "America/New_York", "UTC"]) expect(isValidTimeZone(zone)).toBe(true);
  });

  it("rejects names that are not zones", () => {
    for (const zone of ["Mars/Olympus_Mons", "Asia/Hanoi_City", "not a zone", "+25:00"])
      expect(isValidTimeZone(zone), zone).toBe(false);
  });
});

describe("zoneOffsetMinutes", () => {
  it("is +420 for Vietnam all year round", () => {
    expect(zoneOffsetMinutes(at("2026-01-15T12:00:00Z"), VN)).toBe(420);
    expect(zoneOffsetMinutes(at("2026-07-15T12:00:00Z"), VN)).toBe(420);
  });

  it("is 0 for UTC", () => {
    expect(zoneOffsetMinutes(at("2026-07-15T12:00:00Z"), "UTC")).toBe(0);
  });

  it("follows daylight saving in Europe/Berlin", () => {
    expect(zoneOffsetMinutes(at("2026-01-15T12:00:00Z"), "Europe/Berlin")).toBe(60);
    expect(zoneOffsetMinutes(at("2026-07-15T12:00:00Z"), "Europe/Berlin")).toBe(120);
  });

  it("changes at the very minute of a transition, however often the minutes around it are asked", () => {
    // Berlin moves to summer time at 2026-03-29T01:00:00Z.
    for (const [iso, offset] of [
      ["2026-03-29T00:59:00Z", 60],
      ["2026-03-29T00:59:59.999Z", 60],
      ["2026-03-29T01:00:00Z", 120],
      ["2026-03-29T00:59:30Z", 60],
      ["2026-03-29T01:00:30Z", 120],
    ] as const)
      expect(zoneOffsetMinutes(at(iso), "Europe/Berlin"), iso).toBe(offset);
  });

  it("handles negative and non-whole-hour offsets", () => {
    expect(zoneOffsetMinutes(at("2026-01-15T12:00:00Z"), "America/New_York")).toBe(-300);
    expect(zoneOffsetMinutes(at("2026-07-15T12:00:00Z"), "America/New_York")).toBe(-240);
    expect(zoneOffsetMinutes(at("2026-01-15T12:00:00Z"), "Asia/Kolkata")).toBe(330);
    expect(zoneOffsetMinutes(at("2026-01-15T12:00:00Z"), "America/St_Johns")).toBe(-210);
  });
});

describe("formatInstant", () => {
  it("writes the Vietnamese wall-clock time with +07:00", () => {
    expect(formatInstant(at("2026-11-23T01:00:00Z"), VN)).toBe("2026-11-23T08:00:00+07:00");
  });

  it("rolls the date over when the offset crosses midnight", () => {
    expect(formatInstant(at("2026-12-31T17:30:05Z"), VN)).toBe("2027-01-01T00:30:05+07:00");
  });

  it("drops milliseconds", () => {
    expect(formatInstant(at("2026-11-23T01:00:00.999Z"), VN)).toBe("2026-11-23T08:00:00+07:00");
  });

  it("writes UTC as +00:00", () => {
    expect(formatInstant(at("2026-03-01T09:05:00Z"), "UTC")).toBe("2026-03-01T09:05:00+00:00");
  });

  it("writes negative offsets, including the date going back", () => {
    expect(formatInstant(at("2026-01-01T03:00:00Z"), "America/New_York")).toBe("2025-12-31T22:00:00-05:00");
    expect(formatInstant(at("2026-01-01T00:00:00Z"), "America/St_Johns")).toBe("2025-12-31T20:30:00-03:30");
  });

  it("switches offset exactly at the Berlin spring-forward (2026-03-29 01:00Z)", () => {
    expect(formatInstant(at("2026-03-29T00:59:59Z"), "Europe/Berlin")).toBe("2026-03-29T01:59:59+01:00");
    expect(formatInstant(at("2026-03-29T01:00:00Z"), "Europe/Berlin")).toBe("2026-03-29T03:00:00+02:00");
  });

  it("switches offset at the New York spring-forward and fall-back", () => {
    expect(formatInstant(at("2026-03-08T06:59:00Z"), "America/New_York")).toBe("2026-03-08T01:59:00-05:00");
    expect(formatInstant(at("2026-03-08T07:00:00Z"), "America/New_York")).toBe("2026-03-08T03:00:00-04:00");
    // 01:30 happens twice on 2026-11-01: once in EDT, once in EST.
    expect(formatInstant(at("2026-11-01T05:30:00Z"), "America/New_York")).toBe("2026-11-01T01:30:00-04:00");
    expect(formatInstant(at("2026-11-01T06:30:00Z"), "America/New_York")).toBe("2026-11-01T01:30:00-05:00");
  });

  it("produces text that parses back to the same instant", () => {
    const instant = at("2026-07-04T15:42:17Z");
    for (const zone of [VN, "Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"])
      expect(new Date(formatInstant(instant, zone)).getTime(), zone).toBe(instant.getTime());
  });
});

describe("parseDateTimeInZone", () => {
  it("reads a date-time with an explicit offset as that instant, whatever the zone", () => {
    expect(parseDateTimeInZone("2026-11-29T14:00:00+07:00", VN)?.toISOString()).toBe("2026-11-29T07:00:00.000Z");
    expect(parseDateTimeInZone("2026-11-29T14:00:00+07:00", "America/New_York")?.toISOString()).toBe(
      "2026-11-29T07:00:00.000Z",
    );
    expect(parseDateTimeInZone("2026-11-29T14:00-05:00", VN)?.toISOString()).toBe("2026-11-29T19:00:00.000Z");
  });

  it("reads Z as UTC, with or without seconds and milliseconds", () => {
    expect(parseDateTimeInZone("2026-11-29T07:00:00Z", VN)?.toISOString()).toBe("2026-11-29T07:00:00.000Z");
    expect(parseDateTimeInZone("2026-11-29T07:00Z", VN)?.toISOString()).toBe("2026-11-29T07:00:00.000Z");
    expect(parseDateTimeInZone("2026-11-29T07:00:00.250Z", VN)?.toISOString()).toBe("2026-11-29T07:00:00.250Z");
  });

  it("reads a date-time without offset as wall-clock time in the zone", () => {
    expect(parseDateTimeInZone("2026-11-29T14:00", VN)?.toISOString()).toBe("2026-11-29T07:00:00.000Z");
    expect(parseDateTimeInZone("2026-11-29T14:00:30", VN)?.toISOString()).toBe("2026-11-29T07:00:30.000Z");
    expect(parseDateTimeInZone("2026-11-29T14:00", "UTC")?.toISOString()).toBe("2026-11-29T14:00:00.000Z");
    expect(parseDateTimeInZone("2026-01-10T09:00", "America/New_York")?.toISOString()).toBe(
      "2026-01-10T14:00:00.000Z",
    );
  });

  it("crosses midnight backwards into the previous UTC day", () => {
    expect(parseDateTimeInZone("2026-01-01T06:00", VN)?.toISOString()).toBe("2025-12-31T23:00:00.000Z");
  });

  it("uses the offset in force on that date in a daylight-saving zone", () => {
    expect(parseDateTimeInZone("2026-03-28T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-03-28T11:00:00.000Z");
    expect(parseDateTimeInZone("2026-03-29T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T10:00:00.000Z");
    // Right next to the change: 01:59 is still winter time, 03:00 already summer time.
    expect(parseDateTimeInZone("2026-03-29T01:59", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(parseDateTimeInZone("2026-03-29T03:00", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("gives an ambiguous fall-back time one of its two real instants", () => {
    // 02:30 happens twice in Berlin on 2026-10-25 (00:30Z in CEST, 01:30Z in CET).
    const parsed = parseDateTimeInZone("2026-10-25T02:30", "Europe/Berlin");
    expect(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"]).toContain(parsed?.toISOString());
    expect(formatInstant(parsed!, "Europe/Berlin").slice(0, 19)).toBe("2026-10-25T02:30:00");
  });

  it("round-trips with formatInstant", () => {
    const text = "2026-11-23T08:00:00+07:00";
    expect(formatInstant(parseDateTimeInZone(text, VN)!, VN)).toBe(text);
    expect(formatInstant(parseDateTimeInZone("2026-11-23T08:00", VN)!, VN)).toBe(text);
  });

  it("rejects dates that do not exist, with or without an offset", () => {
    for (const text of [
      "2026-02-30T10:00",
      "2026-02-29T10:00", // 2026 is not a leap year
      "2026-04-31T10:00",
      "2026-13-01T10:00",
      "2026-00-10T10:00",
      "2026-01-00T10:00",
      "2026-02-30T10:00:00Z",
      "2026-02-30T10:00:00+07:00",
      "2026-04-31T10:00Z",
    ])
      expect(parseDateTimeInZone(text, VN), text).toBeNull();
  });

  it("rejects years below 100 rather than reading them as 19xx", () => {
    expect(parseDateTimeInZone("0050-01-01T00:00", "UTC")).toBeNull();
    expect(parseDateTimeInZone("0050-01-01T00:00Z", "UTC")).toBeNull();
  });

  it("accepts 29 February in a leap year", () => {
    expect(parseDateTimeInZone("2028-02-29T10:00", "UTC")?.toISOString()).toBe("2028-02-29T10:00:00.000Z");
  });

  it("rejects times that do not exist", () => {
    for (const text of [
      "2026-11-29T24:00",
      "2026-11-29T14:60",
      "2026-11-29T14:00:60",
      "2026-11-29T24:00:00Z",
      "2026-11-29T14:60:00+07:00",
      "2026-11-29T14:00:00+25:00",
    ])
      expect(parseDateTimeInZone(text, VN), text).toBeNull();
  });

  it("rejects garbage and other formats", () => {
    for (const text of [
      "",
      "tomorrow",
      "2026-11-29",
      "29/11/2026 14:00",
      "2026-11-29 14:00",
      "2026-11-29T14",
      "2026-11-29T14:00:00+0700",
      "2026-11-29T14:00:00.1234Z",
      " 2026-11-29T14:00",
      "2026-11-29T14:00 ",
    ])
      expect(parseDateTimeInZone(text, VN), JSON.stringify(text)).toBeNull();
  });
});

describe("parseDurationMs", () => {
  const HOUR = 3_600_000;

  it("reads days, hours, minutes and weeks", () => {
    expect(parseDurationMs("P3D")).toBe(3 * 24 * HOUR);
    expect(parseDurationMs("PT2H")).toBe(2 * HOUR);
    expect(parseDurationMs("P1DT12H")).toBe(36 * HOUR);
    expect(parseDurationMs("P1W")).toBe(7 * 24 * HOUR);
    expect(parseDurationMs("PT30M")).toBe(30 * 60_000);
    expect(parseDurationMs("PT1H30M")).toBe(90 * 60_000);
  });

  it("rejects empty, unanchored, zero and negative durations", () => {
    for (const text of ["P", "PT", "P1DT", "3D", "P0D", "PT0M", "-P1D", "", "p3d", "P3D ", "P1.5D"])
      expect(parseDurationMs(text), JSON.stringify(text)).toBeNull();
  });

  it("rejects units it does not count (years, months, seconds) and misplaced ones", () => {
    for (const text of ["P1Y", "P1M", "PT30S", "P2H", "PT3D", "P1D2W"])
      expect(parseDurationMs(text), text).toBeNull();
  });
});
