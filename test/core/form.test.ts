import { describe, expect, it } from "vitest";
import { checkForm, type FormDefinition, type Question } from "../../src/core/form.js";

const form = (questions: Question[]): FormDefinition => ({ title: "Báo cáo tuần", roles: ["leader"], questions });
const q = (key: string, type: Question["type"], extra: Partial<Question> = {}): Question => ({
  key,
  text: `Câu hỏi ${key}`,
  type,
  required: true,
  ...extra,
});
const fields = (f: FormDefinition) => checkForm(f).map((p) => p.field);

/** A realistic weekly report of a residential group leader. */
const weeklyReport: FormDefinition = {
  title: "Báo cáo tình hình tổ dân phố hằng tuần",
  roles: ["leader", "front_head"],
  questions: [
    { key: "households", text: "Số hộ gia đình trong tổ?", type: "integer", required: true, min: 0, max: 2000 },
    {
      key: "antt",
      text: "Tình hình an ninh trật tự?",
      type: "choice",
      required: true,
      options: ["Ổn định", "Có vụ việc"],
    },
    {
      key: "antt_detail",
      text: "Mô tả vụ việc",
      type: "text",
      required: true,
      maxLength: 500,
      showIf: { key: "antt", equals: "Có vụ việc" },
    },
    { key: "fund", text: "Số tiền quỹ đã thu (đồng)", type: "money", required: false, min: 0 },
    { key: "meeting_held", text: "Đã họp tổ chưa?", type: "yes_no", required: true },
    {
      key: "meeting_date",
      text: "Ngày họp",
      type: "date",
      required: true,
      showIf: { key: "meeting_held", equals: true },
    },
    { key: "area", text: "Diện tích vệ sinh (m²)", type: "number", required: false, min: 0.5, max: 0.5 },
  ],
};

describe("checkForm", () => {
  it("finds nothing wrong with a realistic Vietnamese form", () => {
    expect(checkForm(weeklyReport)).toEqual([]);
  });

  it("finds nothing wrong with an empty form", () => {
    expect(checkForm(form([]))).toEqual([]);
  });

  it("reports a duplicated key at the second occurrence", () => {
    const problems = checkForm(form([q("a", "integer"), q("b", "text"), q("a", "text")]));
    expect(problems).toEqual([{ field: "questions.2.key", code: "duplicate", message: expect.stringContaining("“a”") }]);
  });

  describe("options", () => {
    it("requires at least two options on a choice", () => {
      expect(fields(form([q("c", "choice", { options: ["Có"] })]))).toEqual(["questions.0.options"]);
      expect(fields(form([q("c", "choice", { options: [] })]))).toEqual(["questions.0.options"]);
      expect(fields(form([q("c", "choice")]))).toEqual(["questions.0.options"]);
      expect(checkForm(form([q("c", "choice", { options: ["Có"] })]))[0]?.message).toMatch(/ít nhất 2 lựa chọn/);
    });

    it("requires the options of a choice to differ, ignoring case and spaces", () => {
      const problems = checkForm(form([q("c", "choice", { options: ["Ổn định", " ổn định "] })]));
      expect(problems).toEqual([{ field: "questions.0.options", code: "duplicate", message: "Câu hỏi 1: các lựa chọn phải khác nhau." }]);
    });

    it("rejects options on any other type", () => {
      const problems = checkForm(form([q("n", "integer", { options: ["1", "2"] }), q("t", "text", { options: [] })]));
      expect(problems.map((p) => p.field)).toEqual(["questions.0.options", "questions.1.options"]);
      expect(problems[0]?.message).toContain("số nguyên");
    });
  });

  describe("bounds", () => {
    it("rejects min greater than max", () => {
      const problems = checkForm(form([q("n", "integer", { min: 10, max: 5 })]));
      expect(problems).toEqual([{ field: "questions.0.max", code: "out_of_order", message: "Câu hỏi 1: giá trị lớn nhất không được nhỏ hơn giá trị nhỏ nhất." }]);
    });

    it("allows min equal to max and negative bounds", () => {
      expect(checkForm(form([q("n", "number", { min: -5, max: -5 })]))).toEqual([]);
    });

    it("allows min and max on integer, number and money only", () => {
      for (const type of ["integer", "number", "money"] as const)
        expect(checkForm(form([q("n", type, { min: 0, max: 1 })])), type).toEqual([]);
      for (const type of ["text", "yes_no", "date"] as const) {
        const problems = checkForm(form([q("x", type, { min: 1 })]));
        expect(problems, type).toEqual([{ field: "questions.0.min", code: "invalid_value", message: expect.stringContaining("chỉ dùng cho câu hỏi dạng số hoặc tiền") }]);
      }
      // max alone is reported too (under the same field, min).
      expect(fields(form([q("x", "text", { max: 3 })]))).toEqual(["questions.0.max"]);
    });

    it("allows maxLength on text only", () => {
      expect(checkForm(form([q("t", "text", { maxLength: 200 })]))).toEqual([]);
      expect(checkForm(form([q("n", "integer", { maxLength: 200 })]))).toEqual([
        { field: "questions.0.maxLength", code: "invalid_value", message: "Câu hỏi 1: độ dài tối đa chỉ dùng cho câu hỏi dạng chữ." },
      ]);
    });
  });

  describe("showIf", () => {
    it("rejects a key that is not in the form", () => {
      const problems = checkForm(form([q("a", "yes_no"), q("b", "text", { showIf: { key: "zzz", equals: true } })]));
      expect(problems).toEqual([{ field: "questions.1.showIf.key", code: "unknown_reference", message: "Câu hỏi 2: điều kiện “chỉ hỏi khi” dựa vào “zzz”, không phải câu hỏi của mẫu này." }]);
    });

    it("rejects a key asked later, or the question itself", () => {
      const later = checkForm(
        form([q("a", "integer"), q("b", "text"), q("c", "text", { showIf: { key: "d", equals: true } }), q("d", "yes_no")]),
      );
      expect(later).toEqual([{ field: "questions.2.showIf.key", code: "out_of_order", message: "Câu hỏi 3: điều kiện “chỉ hỏi khi” phải dựa vào một câu hỏi đứng trước (“d” đứng sau)." }]);
      const itself = checkForm(form([q("a", "yes_no", { showIf: { key: "a", equals: true } })]));
      expect(itself.map((p) => p.field)).toEqual(["questions.0.showIf.key"]);
      expect(itself[0]?.message).toMatch(/phải dựa vào một câu hỏi đứng trước/);
    });

    it("needs a boolean to compare with a yes/no answer", () => {
      const problems = checkForm(form([q("held", "yes_no"), q("date", "date", { showIf: { key: "held", equals: "true" } })]));
      expect(problems).toEqual([{ field: "questions.1.showIf.equals", code: "invalid_value", message: expect.stringMatching(/có\/không/) }]);
      expect(checkForm(form([q("held", "yes_no"), q("why", "text", { showIf: { key: "held", equals: false } })]))).toEqual(
        [],
      );
    });

    it("needs one of the options, exactly, to compare with a choice", () => {
      const antt = q("antt", "choice", { options: ["Ổn định", "Có vụ việc"] });
      for (const equals of ["co vu viec", "Có vụ việc ", "Khác", 1, true] as const) {
        const problems = checkForm(form([antt, q("detail", "text", { showIf: { key: "antt", equals } })]));
        expect(problems, String(equals)).toEqual([
          { field: "questions.1.showIf.equals", code: "invalid_value", message: expect.stringContaining("Ổn định, Có vụ việc") },
        ]);
      }
    });

    it("needs a number to compare with a numeric answer, and a string otherwise", () => {
      expect(fields(form([q("n", "integer"), q("x", "text", { showIf: { key: "n", equals: "0" } })]))).toEqual([
        "questions.1.showIf.equals",
      ]);
      expect(checkForm(form([q("n", "money"), q("x", "text", { showIf: { key: "n", equals: 0 } })]))).toEqual([]);
      expect(fields(form([q("t", "text"), q("x", "text", { showIf: { key: "t", equals: 1 } })]))).toEqual([
        "questions.1.showIf.equals",
      ]);
      expect(checkForm(form([q("t", "date"), q("x", "text", { showIf: { key: "t", equals: "2026-11-23" } })]))).toEqual(
        [],
      );
    });
  });

  it("reports every problem of a bad form, each at its own question", () => {
    const problems = checkForm(
      form([
        q("a", "choice", { options: ["x"] }),
        q("a", "text", { min: 1, maxLength: 10 }),
        q("b", "integer", { min: 3, max: 1, maxLength: 5 }),
        q("c", "text", { showIf: { key: "b", equals: "3" } }),
      ]),
    );
    expect(problems.map((p) => p.field)).toEqual([
      "questions.0.options",
      "questions.1.key",
      "questions.1.min",
      "questions.2.max",
      "questions.2.maxLength",
      "questions.3.showIf.equals",
    ]);
  });
});
