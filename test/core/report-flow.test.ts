import { describe, expect, it } from "vitest";
import type { Question } from "../../src/core/form.js";
import { handleInput, openSession, type FlowContext } from "../../src/core/conversation/report-flow.js";

const ctx = (questions: Question[]): FlowContext => ({ questions, today: { year: 2026, month: 9, day: 30 }, cycleLabel: "Tuần 40/2026", groupName: "Tổ dân phố số 1" });

describe("the report conversation's buttons", () => {
  it("answers a question only with a button of its kind (the form changed since, or a client sent any value)", () => {
    // q0 was a yes/no question when its buttons were sent; it is a count now, under the same key.
    const c = ctx([{ key: "q0", text: "Khối lượng rác (kg)?", type: "number", required: true }]);
    const session = openSession({ cycleId: "c", reportId: "r" }, {}, c).session!;
    for (const value of ["yn:q0:1", "yn:q0:0", "a:q0:0"]) {
      const r = handleInput(session, { kind: "choice", value }, c);
      expect(r.session).toBe(session); // nothing recorded: it was true, a count of true
      expect(r.messages[0]!.text).toMatch(/^Lựa chọn đó không còn\. Xin chọn lại:\n\nCâu 1\/1: Khối lượng rác \(kg\)\?/);
    }
    // The question's own answer still goes in.
    expect(handleInput(session, { kind: "text", text: "12,5" }, c).session!.answers).toEqual({ q0: 12.5 });
  });

  it("still takes its own yes/no and choice buttons", () => {
    const c = ctx([
      { key: "vs", text: "Tổ có giữ vệ sinh không?", type: "yes_no", required: true },
      { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", required: true, options: ["Ổn định", "Có vụ việc"] },
    ]);
    const first = openSession({ cycleId: "c", reportId: "r" }, {}, c).session!;
    const second = handleInput(first, { kind: "choice", value: "yn:vs:0" }, c).session!;
    expect(second.answers).toEqual({ vs: false });
    expect(handleInput(second, { kind: "choice", value: "a:antt:1" }, c).session!.answers).toEqual({ vs: false, antt: "Có vụ việc" });
  });
});
