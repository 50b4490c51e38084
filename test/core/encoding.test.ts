import { describe, expect, it } from "vitest";
import { decodeUploadedText, firstInvalidUtf8, looksVietnamese } from "../../src/core/encoding.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("decodeUploadedText", () => {
  it("reads UTF-8 with or without BOM and UTF-16 with a BOM, in NFC", () => {
    expect(decodeUploadedText(utf8("Tổ 1"))).toEqual({ ok: true, text: "Tổ 1", encoding: "utf-8" });
    expect(decodeUploadedText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Tổ 1")]))).toEqual({ ok: true, text: "Tổ 1", encoding: "utf-8" });
    // Decomposed UTF-8 (as macOS writes it) comes back precomposed.
    expect(decodeUploadedText(utf8("Tổ 1".normalize("NFD")))).toMatchObject({ ok: true, text: "Tổ 1" });
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from("Đặng", "utf16le")]);
    expect(decodeUploadedText(le)).toEqual({ ok: true, text: "Đặng", encoding: "utf-16le" });
    const be = new Uint8Array([0xfe, 0xff, 0x01, 0x10, 0x1e, 0xb7, 0x00, 0x6e, 0x00, 0x67]);
    expect(decodeUploadedText(be)).toEqual({ ok: true, text: "Đặng", encoding: "utf-16be" });
  });

  it("reads Windows-1258 only when the bytes are not UTF-8 and read as Vietnamese", () => {
    // "Đặng Văn" in Windows-1258: Đ, ă, U+0323, n, g, space, V, ă, n.
    const cp1258 = new Uint8Array([0xd0, 0xe3, 0xf2, 0x6e, 0x67, 0x20, 0x56, 0xe3, 0x6e]);
    expect(decodeUploadedText(cp1258)).toEqual({ ok: true, text: "Đặng Văn", encoding: "windows-1258" });
    // Latin-1 "Müller", and bytes undefined in the code page.
    expect(decodeUploadedText(new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]))).toEqual({ ok: false, line: 1 });
    expect(decodeUploadedText(new Uint8Array([0x61, 0x0a, 0x0a, 0x81, 0xe3]))).toEqual({ ok: false, line: 3 });
    // NUL characters: UTF-16 without a BOM, or not text at all.
    expect(decodeUploadedText(new Uint8Array(Buffer.from("ab\ncd", "utf16le")))).toMatchObject({ ok: false });
  });
});

describe("looksVietnamese", () => {
  it.each(["Nguyễn Thị Hằng", "Đỗ Quốc Bảo – “Tổ 5”", "ĂÂÊÔƠƯĐ ăâêôơưđ"])("accepts %j", (s) => expect(looksVietnamese(s)).toBe(true));
  it.each(["plain ascii", "Müller", "Nguyá»…n", "T®¬ng", "Ça va"])("rejects %j", (s) => expect(looksVietnamese(s)).toBe(false));
});

describe("firstInvalidUtf8", () => {
  it("finds stray, truncated, overlong and surrogate sequences", () => {
    expect(firstInvalidUtf8(utf8("Tổ dân phố 😀"))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe1, 0xbb]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
  });
});
