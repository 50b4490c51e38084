import { describe, expect, it } from "vitest";
import { matchMenu, menuOf, menuText, withNumberedMenu } from "../../src/core/conversation/menu.js";
import { inviteCodeIn } from "../../src/core/invite.js";

const ANTT = [
  { label: "Ổn định", value: "a:antt:0" },
  { label: "Có vụ việc", value: "a:antt:1" },
];

describe("numbered menus", () => {
  it("lists the entries under the text with how to answer", () => {
    expect(withNumberedMenu("Tình hình?", ANTT)).toBe("Tình hình?\n\n1. Ổn định\n2. Có vụ việc\n(Trả lời 1 hoặc 2)");
    expect(withNumberedMenu("x", ANTT.slice(0, 1))).toBe("x\n\n1. Ổn định\n(Trả lời 1)");
    expect(withNumberedMenu("x", [...ANTT, ...ANTT, ...ANTT]).endsWith("(Trả lời một số từ 1 đến 6)")).toBe(true);
    expect(withNumberedMenu("x", [])).toBe("x");
  });

  it("does not list again a menu the text already numbers (the report summary), but remembers it", () => {
    const edits = [{ label: "Sửa câu 1", value: "c:edit:1" }];
    const summary = { text: "1. Số hộ?\n    → 12", choices: edits, menu: edits, menuListedInText: true };
    expect(menuText(summary)).toBe(summary.text);
    expect(menuOf(summary)).toEqual(edits);
    expect(menuText({ text: "x", choices: ANTT })).toBe(withNumberedMenu("x", ANTT));
  });

  it("uses the message's menu when it has one, else its choices", () => {
    expect(menuOf({ text: "x", choices: ANTT })).toEqual(ANTT);
    expect(menuOf({ text: "x", choices: ANTT, menu: [] })).toEqual([]);
    expect(menuOf({ text: "x" })).toEqual([]);
  });

  it("maps a typed number or label (any case, with or without diacritics) to the entry's value", () => {
    for (const typed of ["1", " 1. ", "số 1", "Ổn định", "on dinh", "ON ĐỊNH"]) expect(matchMenu(ANTT, typed)).toBe("a:antt:0");
    for (const typed of ["2", "co vu viec", "Có vụ việc!"]) expect(matchMenu(ANTT, typed)).toBe("a:antt:1");
    expect(matchMenu([{ label: "↩ Quay lại", value: "nav:back:x" }], "quay lai")).toBe("nav:back:x");
  });

  it("names nothing for other text, a number beyond the menu, or a number that is another entry's label", () => {
    for (const typed of ["3", "0", "ổn", "12 hộ", ""]) expect(matchMenu(ANTT, typed)).toBeUndefined();
    const numbers = [
      { label: "2", value: "a:x:0" },
      { label: "1", value: "a:x:1" },
    ];
    expect(matchMenu(numbers, "1")).toBeUndefined();
    expect(matchMenu([], "1")).toBeUndefined();
  });
});

describe("an invitation code sent as a message", () => {
  const CODE = "ABCD1234EFGH5";
  it("is found bare, after “mã”, with spaces or dashes, in any case", () => {
    for (const typed of [CODE, "abcd1234efgh5", "ma ABCD1234EFGH5", "mã: ABCD 1234 EFGH 5", "Mã mời ABCD-1234-EFGH5", "MÃ:abcd1234efgh5", "ABCD 1234 EFGH 5."])
      expect(inviteCodeIn(typed)?.toUpperCase()).toBe(CODE);
    // A code of letters only, typed as one word.
    expect(inviteCodeIn("ABCDEFGHJKMNP")).toBe("abcdefghjkmnp");
  });

  it("takes short numeric attempts as codes (to be refused and counted) but not ordinary words", () => {
    expect(inviteCodeIn("123456")).toBe("123456");
    expect(inviteCodeIn("ma 123 456")).toBe("123456");
    for (const typed of ["Xin chào", "12", "mà tôi không biết", "toi muon bao cao", "/baocao", "có"]) expect(inviteCodeIn(typed)).toBeUndefined();
  });
});
