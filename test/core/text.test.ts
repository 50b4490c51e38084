import { describe, expect, it } from "vitest";
import { asciiSlug, foldVietnamese, tidyName } from "../../src/core/text.js";

describe("foldVietnamese", () => {
  it("drops diacritics, lower-cases and collapses spaces", () => {
    expect(foldVietnamese("Tổ Trưởng ")).toBe("to truong");
    expect(foldVietnamese("  Nguyễn   Thị\tHằng ")).toBe("nguyen thi hang");
    expect(foldVietnamese("Ủy ban Mặt trận Tổ quốc")).toBe("uy ban mat tran to quoc");
  });

  it("turns đ and Đ into d", () => {
    expect(foldVietnamese("Đặng Văn Đức")).toBe("dang van duc");
    expect(foldVietnamese("đường")).toBe("duong");
  });

  it("makes typed variants equal", () => {
    expect(foldVietnamese("TỔ TRƯỞNG")).toBe(foldVietnamese("to truong"));
    expect(foldVietnamese("Phường Bến Nghé")).toBe(foldVietnamese("phuong ben nghe"));
  });

  it("folds decomposed (NFD) input the same as composed (NFC)", () => {
    const composed = "Trưởng";
    expect(foldVietnamese(composed.normalize("NFD"))).toBe(foldVietnamese(composed));
  });

  it("leaves plain ASCII as lower case", () => {
    expect(foldVietnamese("Admin 123")).toBe("admin 123");
  });
});

describe("tidyName", () => {
  it("trims and collapses whitespace but keeps case and diacritics", () => {
    expect(tidyName("  Nguyễn   Văn\tAn \n")).toBe("Nguyễn Văn An");
  });

  it("stores names in NFC", () => {
    const decomposed = "Nguyễn".normalize("NFD");
    expect(decomposed).not.toBe("Nguyễn".normalize("NFC"));
    expect(tidyName(decomposed)).toBe("Nguyễn".normalize("NFC"));
  });
});

describe("asciiSlug", () => {
  it("keeps a Vietnamese name readable in plain ASCII for a file name", () => {
    expect(asciiSlug("Tuần 48/2026")).toBe("tuan-48-2026");
    expect(asciiSlug("  Thành phố Đà Nẵng ")).toBe("thanh-pho-da-nang");
    expect(asciiSlug("Ủy ban — “MTTQ”")).toBe("uy-ban-mttq");
    expect(asciiSlug("“”")).toBe("");
  });
});
