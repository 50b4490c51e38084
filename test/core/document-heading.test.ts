import { describe, expect, it } from "vitest";
import { defaultHeading, fullWardName, placeAndDate, placeNameOf } from "../../src/core/document-heading.js";
import { boldTextWidthMm } from "../../src/core/text-width.js";

const ward = { name: "Phường Ngọc Lâm", kind: "ward" };

describe("the heading of a ward's documents", () => {
  it("names the ward by its kind, in capitals, and the place without its prefix", () => {
    expect(defaultHeading(ward, "ubnd")).toMatchObject({
      superiorName: "", issuerName: "ỦY BAN NHÂN DÂN\nPHƯỜNG NGỌC LÂM", symbol: "BC-UBND", placeName: "Ngọc Lâm",
      signerAuthority: "TM. ỦY BAN NHÂN DÂN", signerTitle: "CHỦ TỊCH", signerName: "",
    });
    expect(defaultHeading({ name: "Phú Quốc", kind: "special_zone" }, "ubnd").issuerName).toBe("ỦY BAN NHÂN DÂN\nĐẶC KHU PHÚ QUỐC");
    expect(defaultHeading({ name: "xã Hòa Vang", kind: "commune" }, "mttq")).toMatchObject({
      superiorName: "ỦY BAN MTTQ VIỆT NAM\nXÃ HÒA VANG", issuerName: "BAN THƯỜNG TRỰC", symbol: "BC-MTTQ", signerAuthority: "TM. BAN THƯỜNG TRỰC",
    });
    expect(fullWardName({ name: "Ngọc Lâm", kind: "ward" })).toBe("Phường Ngọc Lâm");
    // A ward named by a number keeps its prefix in the date line.
    expect(placeNameOf({ name: "Phường 12", kind: "ward" })).toBe("Phường 12");
    expect(placeNameOf({ name: "Xã Hòa Vang", kind: "commune" })).toBe("Hòa Vang");
  });

  it("writes days below 10 and the months 1 and 2 with a leading zero", () => {
    expect(placeAndDate("Ngọc Lâm", { year: 2026, month: 11, day: 28 })).toBe("Ngọc Lâm, ngày 28 tháng 11 năm 2026");
    expect(placeAndDate("Ngọc Lâm", { year: 2027, month: 1, day: 5 })).toBe("Ngọc Lâm, ngày 05 tháng 01 năm 2027");
    expect(placeAndDate("Ngọc Lâm", { year: 2027, month: 2, day: 14 })).toBe("Ngọc Lâm, ngày 14 tháng 02 năm 2027");
    expect(placeAndDate("Ngọc Lâm", { year: 2027, month: 3, day: 9 })).toBe("Ngọc Lâm, ngày 09 tháng 3 năm 2027");
  });

  it("measures the slogan as Times New Roman Bold prints it", () => {
    // 12.197 em at 13 pt, from the font's advance widths (plus the horn of ư).
    expect(boldTextWidthMm("Độc lập - Tự do - Hạnh phúc", 13)).toBeCloseTo(56.3, 0);
    expect(boldTextWidthMm("ỦY BAN NHÂN DÂN", 13)).toBeGreaterThan(boldTextWidthMm("UY BAN", 13));
  });
});
