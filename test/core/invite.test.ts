import { describe, expect, it } from "vitest";
import { randomBytes } from "../../src/core/crypto.js";
import {
  generateInviteCode,
  INVITE_CODE_LENGTH,
  INVITE_TTL_DAYS,
  inviteExpiry,
  normalizeInviteCode,
} from "../../src/core/invite.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

describe("generateInviteCode", () => {
  it("asks for 13 bytes and maps each byte's low five bits onto Crockford's alphabet", () => {
    const asked: number[] = [];
    const code = generateInviteCode((n) => {
      asked.push(n);
      return Uint8Array.from({ length: n }, (_, i) => i);
    });
    expect(asked).toEqual([INVITE_CODE_LENGTH]);
    expect(INVITE_CODE_LENGTH).toBe(13);
    expect(code).toBe("0123456789ABC");
  });

  it("ignores the high bits, so every byte value lands on a letter", () => {
    const bytes = [31, 32, 63, 255, 0, 224, 16, 17, 18, 19, 20, 21, 22];
    const code = generateInviteCode(() => Uint8Array.from(bytes));
    expect(code).toBe("Z0ZZ00GHJKMNP");
    expect(code).toBe(bytes.map((b) => CROCKFORD[b % 32]).join(""));
  });

  it("never uses I, L, O or U", () => {
    const all = generateInviteCode(() => Uint8Array.from({ length: 13 }, (_, i) => i + 19)); // 19..31
    expect(all).toBe("KMNPQRSTVWXYZ");
    for (let i = 0; i < 200; i++) expect(generateInviteCode(randomBytes)).not.toMatch(/[ILOU]/);
  });

  it("gives 13 Crockford characters and distinct codes from real randomness", () => {
    const codes = Array.from({ length: 2000 }, () => generateInviteCode(randomBytes));
    for (const code of codes) expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{13}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("is stable under normalisation", () => {
    const code = generateInviteCode(randomBytes);
    expect(normalizeInviteCode(code)).toBe(code);
  });
});

describe("normalizeInviteCode", () => {
  it("upper-cases and drops spaces and dashes", () => {
    expect(normalizeInviteCode("abcd-efgh 1234 5")).toBe("ABCDEFGH12345");
    expect(normalizeInviteCode("  7k3m\t9p-q\n")).toBe("7K3M9PQ");
  });

  it("reads O as zero and I or L as one, in either case", () => {
    expect(normalizeInviteCode("O0o")).toBe("000");
    expect(normalizeInviteCode("IiLl1")).toBe("11111");
    expect(normalizeInviteCode("hello-world")).toBe("HE110W0R1D");
  });

  it("makes what a person types from a spoken code match the code", () => {
    const code = generateInviteCode(() => Uint8Array.from([1, 0, 10, 11, 24, 25, 26, 27, 28, 29, 30, 31, 0]));
    expect(code).toBe("10ABRSTVWXYZ0");
    expect(normalizeInviteCode("lOab-rstv-wxyz-o")).toBe(code);
  });
});

describe("inviteExpiry", () => {
  it("is 14 days later", () => {
    expect(INVITE_TTL_DAYS).toBe(14);
    expect(inviteExpiry(new Date("2026-11-22T10:00:00Z")).toISOString()).toBe("2026-12-06T10:00:00.000Z");
  });
});
