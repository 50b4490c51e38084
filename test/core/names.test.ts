import { describe, expect, it } from "vitest";
import { cleanName, nameKey } from "../../src/core/names.js";

describe("cleanName", () => {
  it("drops invisible characters: ZWSP, ZWNJ, ZWJ, BOM, soft hyphen, bidi marks and isolates, word joiner", () => {
    expect(cleanName("\uFEFFTổ\u200B dân\u00AD phố\u200C số\u200D 1\u200E\u200F\u202A\u202C\u2066\u2069\u2060")).toBe("Tổ dân phố số 1");
  });

  it("composes Unicode (NFC) and collapses every kind of whitespace", () => {
    const decomposed = "To\u0302\u0309  da\u0302n\u00A0pho\u0302\u0301\t so\u0302\u0301\u3000 1\n";
    expect(cleanName(decomposed)).toBe("Tổ dân phố số 1");
    expect(cleanName(decomposed)).toBe("Tổ dân phố số 1".normalize("NFC"));
  });

  it("makes a name of only invisible characters and spaces empty", () => {
    expect(cleanName("\u200B\u200C \uFEFF\u00AD\u200E ")).toBe("");
  });
});

describe("nameKey", () => {
  it("compares without case, spacing or invisible characters, but with diacritics", () => {
    expect(nameKey("TỔ DÂN PHỐ  SỐ 1")).toBe(nameKey("tổ dân phố số\u200B 1"));
    expect(nameKey("Đồng Tâm")).toBe(nameKey("đồng tâm"));
    expect(nameKey("Tổ 1")).not.toBe(nameKey("Tô 1"));
  });
});
