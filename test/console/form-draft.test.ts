import { describe, expect, it } from "vitest";
import { checkDrafts, emptyQuestion, moved, toDrafts, toQuestions } from "../../src/console/form/draft.js";
import { previewPrompts } from "../../src/console/form/preview.js";
import { WEEKLY_QUESTIONS } from "../support/reporting-ward.js";

/** The form editor's pure half: drafts ↔ the API's questions, the browser's checks, the chat preview. */
describe("form drafts", () => {
  it("round-trips a saved form, skip logic included", () => {
    const questions = WEEKLY_QUESTIONS.map((q) => ({ required: true, ...q })) as Parameters<typeof toDrafts>[0];
    expect(toQuestions(toDrafts(questions))).toEqual(questions);
  });

  it("gives a question without a key one from its words, unique in the form", () => {
    const a = { ...emptyQuestion(), text: "Số hộ?" };
    const b = { ...emptyQuestion(), text: "Số hộ?" };
    const c = { ...emptyQuestion(), text: "2 tuần qua?" };
    expect(toQuestions([a, b, c]).map((q) => q.key)).toEqual(["so_ho", "so_ho_2", "cau_2_tuan_qua"]);
  });

  it("reads bounds as officers type them: 2.500.000 đồng, 12,5", () => {
    const money = { ...emptyQuestion(), text: "Quỹ?", type: "money" as const, min: "0", max: "2.500.000" };
    const number = { ...emptyQuestion(), text: "Diện tích?", type: "number" as const, max: "12,5" };
    expect(toQuestions([money, number]).map((q) => [q.min, q.max])).toEqual([[0, 2_500_000], [undefined, 12.5]]);
  });

  it("names each problem by the API's field before asking the server", () => {
    const yes = { ...emptyQuestion(), text: "Có vụ việc?", type: "yes_no" as const };
    const choice = { ...emptyQuestion(), text: "Loại?", type: "choice" as const, options: "Một" };
    const follow = { ...emptyQuestion(), text: "Chi tiết", type: "text" as const, showIfUid: yes.uid };
    const bounds = { ...emptyQuestion(), text: "", min: "10", max: "5" };
    expect(checkDrafts("", [yes, choice, follow, bounds])).toEqual({
      title: "Xin nhập tên mẫu báo cáo.",
      "questions.1.options": "Câu hỏi lựa chọn cần ít nhất 2 lựa chọn (mỗi dòng một lựa chọn).",
      "questions.2.showIf.equals": "Xin chọn câu trả lời làm điều kiện.",
      "questions.3.text": "Xin nhập nội dung câu hỏi.",
      "questions.3.max": "Giá trị lớn nhất không được nhỏ hơn giá trị nhỏ nhất.",
    });
    // A condition on a question moved below it is caught.
    expect(checkDrafts("Mẫu", [{ ...follow, showIfEquals: "true" }, yes])["questions.0.showIf.key"]).toMatch(/đứng trước/);
  });

  it("moves a question up or down, and not past either end", () => {
    expect(moved([1, 2, 3], 2, -1)).toEqual([1, 3, 2]);
    expect(moved([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
  });

  it("previews each question with the bot's own wording, a conditional one as reached", () => {
    const prompts = previewPrompts(WEEKLY_QUESTIONS.map((q) => ({ required: true, ...q })) as Parameters<typeof toDrafts>[0]);
    expect(prompts[0]!.text).toBe("Câu 1/5: Số hộ được vận động?\nXin trả lời bằng số, ví dụ: 12.");
    expect(prompts[1]!.buttons).toEqual(["Ổn định", "Có vụ việc", "↩ Quay lại"]);
    expect(prompts[2]).toMatchObject({ text: "Câu 3/6: Mô tả vụ việc", condition: "Chỉ hỏi khi câu “Tình hình an ninh trật tự?” được trả lời “Có vụ việc”." });
  });
});
