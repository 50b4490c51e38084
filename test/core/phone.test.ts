import { describe, expect, it } from "vitest";
import { normalizeLandline, normalizeMemberPhone, normalizePhone } from "../../src/core/phone.js";

describe("normalizePhone", () => {
  it.each([
    "0912 345 678",
    "0912.345.678",
    "0912-345-678",
    "(0912) 345 678",
    "0912345678",
    "+84 912 345 678",
    "+84912345678",
    "84912345678",
    " 0912345678 ",
  ])("%j → +84912345678", (text) => {
    expect(normalizePhone(text)).toBe("+84912345678");
  });

  it.each([
    ["0312345678", "+84312345678"],
    ["0512345678", "+84512345678"],
    ["0712345678", "+84712345678"],
    ["0812345678", "+84812345678"],
  ])("accepts mobile prefix of %s", (text, expected) => {
    expect(normalizePhone(text)).toBe(expected);
  });

  it.each([
    ["too short", "12345"],
    ["nine digits after 0", "091234567"],
    ["eleven digits after 0", "09123456789"],
    ["invalid prefix 01", "0112345678"],
    ["invalid prefix 04", "0412345678"],
    ["invalid prefix 06", "0612345678"],
    ["+84 followed by a leading 0", "+840912345678"],
    ["other country code", "+33612345678"],
    ["letters", "09l2345678"],
    ["words", "không có"],
    ["empty", ""],
  ])("rejects %s (%j)", (_why, text) => {
    expect(normalizePhone(text)).toBeNull();
  });
});

describe("landlines", () => {
  it.each([
    ["024 3825 1234", "+842438251234"],
    ["(024) 3825.1234", "+842438251234"],
    ["028 3829 5000", "+842838295000"],
    ["0236 3821 234", "+842363821234"],
    ["+84 24 3825 1234", "+842438251234"],
  ])("%j → %s", (text, expected) => {
    expect(normalizeLandline(text)).toBe(expected);
    expect(normalizePhone(text)).toBeNull();
  });

  it.each([["old 10-digit form", "04 3825 1234"], ["too short", "024 3825 123"], ["too long", "024 3825 12345"], ["a mobile", "0912345678"]])(
    "rejects %s (%j)",
    (_why, text) => expect(normalizeLandline(text)).toBeNull(),
  );

  it("is accepted for chairs and admins, not for tổ trưởng and trưởng ban CTMT", () => {
    expect(normalizeMemberPhone("024 3825 1234", "chair")).toEqual({ ok: true, phone: "+842438251234" });
    expect(normalizeMemberPhone("024 3825 1234", "admin")).toEqual({ ok: true, phone: "+842438251234" });
    expect(normalizeMemberPhone("024 3825 1234", "leader")).toEqual({ ok: false, reason: "landline_not_allowed" });
    expect(normalizeMemberPhone("024 3825 1234", "front_head")).toEqual({ ok: false, reason: "landline_not_allowed" });
    expect(normalizeMemberPhone("0912 345 678", "leader")).toEqual({ ok: true, phone: "+84912345678" });
    expect(normalizeMemberPhone("0123", "admin")).toEqual({ ok: false, reason: "invalid" });
  });
});
