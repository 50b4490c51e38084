import { describe, expect, it } from "vitest";
import { uuidv7 } from "../../src/db/ids.js";

describe("uuidv7", () => {
  it("makes RFC 9562 version-7 ids carrying the time", () => {
    const at = Date.parse("2026-12-01T08:00:00.123Z");
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBeGreaterThanOrEqual(at);
  });

  it("increases strictly in the order made, also many times within one millisecond and with the clock going back", () => {
    const at = Date.parse("2030-01-01T00:00:00Z");
    const ids = [...Array.from({ length: 10_000 }, () => uuidv7(at)), uuidv7(at - 5_000), uuidv7(at + 1)];
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });
});
