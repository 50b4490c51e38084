import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, randomBytes, secretMatcher, sha256Hex } from "../../src/core/crypto.js";

describe("sha256Hex", () => {
  it("matches the FIPS 180-2 test vectors", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("hashes the UTF-8 bytes of the text, like node:crypto", async () => {
    for (const text of ["é", "Phường Bến Nghé", "a".repeat(1000)])
      expect(await sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    // No normalisation: composed and decomposed é are different bytes.
    expect(await sha256Hex("e\u0301")).not.toBe(await sha256Hex("\u00e9"));
  });

  it("gives 64 lower-case hex characters", async () => {
    expect(await sha256Hex("Phường Bến Nghé")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("secretMatcher", () => {
  it("accepts the secret and nothing else: no prefix, extension, other case, trailing NUL or empty value", () => {
    const isSecret = secretMatcher("s3cret_webhook-token");
    expect(isSecret("s3cret_webhook-token")).toBe(true);
    for (const guess of ["", "s3cret", "s3cret_webhook-toke", "s3cret_webhook-tokenx", "S3cret_webhook-token", "s3cret_webhook-token\0", "x".repeat(10_000)])
      expect(isSecret(guess)).toBe(false);
  });

  it("compares UTF-8 bytes", () => {
    expect(secretMatcher("Tổ trưởng")("Tổ trưởng")).toBe(true);
    expect(secretMatcher("Tổ trưởng")("To truong")).toBe(false);
    expect(secretMatcher("\u00e9")("e\u0301")).toBe(false);
  });
});

describe("constantTimeEqual", () => {
  it("is true for equal strings", () => {
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("s3cret-token", "s3cret-token")).toBe(true);
    expect(constantTimeEqual("Tổ trưởng", "Tổ trưởng")).toBe(true);
  });

  it("is false when any character differs", () => {
    expect(constantTimeEqual("s3cret-token", "s3cret-tokem")).toBe(false);
    expect(constantTimeEqual("s3cret-token", "S3cret-token")).toBe(false);
  });

  it("is false for different lengths, including a prefix and trailing NUL", () => {
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("abcd", "abc")).toBe(false);
    expect(constantTimeEqual("", "a")).toBe(false);
    expect(constantTimeEqual("a", "a\u0000")).toBe(false);
  });
});

describe("randomBytes", () => {
  it("returns the number of bytes asked for, not all the same", () => {
    const bytes = randomBytes(32);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes).toHaveLength(32);
    expect(new Set(bytes).size).toBeGreaterThan(1);
  });
});
