import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64ToBytes, base64url, bytesToBase64 } from "../../src/core/base64.js";
import { checkSignedPath, signPath, signedQuery } from "../../src/core/signed-link.js";

const KEY = "k".repeat(32);
const PATH = "/files/cycles/c-1/summary.png";
const NOW = new Date("2026-11-28T01:00:00Z");
const nowSeconds = NOW.getTime() / 1000;

describe("base64", () => {
  it("round-trips bytes of any size, like Buffer", () => {
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe("-_-_");
  });
});

describe("signed links", () => {
  it("signs path and expiry with HMAC-SHA-256 in base64url, like node:crypto", async () => {
    const expected = createHmac("sha256", KEY).update(`${PATH}\n${nowSeconds + 60}`).digest("base64url");
    expect(await signPath(KEY, PATH, nowSeconds + 60)).toBe(expected);
  });

  it("accepts its own link until it expires", async () => {
    const query = new URLSearchParams(await signedQuery(KEY, PATH, NOW, 7 * 86_400));
    const exp = query.get("exp")!;
    expect(Number(exp)).toBe(nowSeconds + 7 * 86_400);
    expect(await checkSignedPath(KEY, PATH, exp, query.get("sig")!, NOW)).toBe("valid");
    expect(await checkSignedPath(KEY, PATH, exp, query.get("sig")!, new Date(Number(exp) * 1000 - 1))).toBe("valid");
    expect(await checkSignedPath(KEY, PATH, exp, query.get("sig")!, new Date(Number(exp) * 1000))).toBe("expired");
  });

  it("refuses another path, another expiry, another key, and malformed input", async () => {
    const exp = String(nowSeconds + 60);
    const sig = await signPath(KEY, PATH, Number(exp));
    expect(await checkSignedPath(KEY, "/files/cycles/c-2/summary.png", exp, sig, NOW)).toBe("invalid");
    expect(await checkSignedPath(KEY, PATH, String(Number(exp) + 1), sig, NOW)).toBe("invalid");
    expect(await checkSignedPath("x".repeat(32), PATH, exp, sig, NOW)).toBe("invalid");
    expect(await checkSignedPath(KEY, PATH, exp, sig.slice(0, -1) + (sig.endsWith("A") ? "B" : "A"), NOW)).toBe("invalid");
    for (const [e, s] of [[undefined, sig], [exp, undefined], ["", sig], ["1e12", sig], [`${exp}.0`, sig], [exp, ""]] as const)
      expect(await checkSignedPath(KEY, PATH, e, s, NOW)).toBe("invalid");
  });

  it("does not tell an expired link apart unless its signature is right", async () => {
    const past = nowSeconds - 60;
    expect(await checkSignedPath(KEY, PATH, String(past), "forged", NOW)).toBe("invalid");
    expect(await checkSignedPath(KEY, PATH, String(past), await signPath(KEY, PATH, past), NOW)).toBe("expired");
  });
});
