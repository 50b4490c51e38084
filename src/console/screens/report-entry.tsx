import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { displayAnswer } from "../../core/conversation/answer.js";
import type { AnswerValue, Question } from "../../core/form.js";
import { api, ApiError, unwrap } from "../api/client";
import { Dialog } from "../dialog";
import { formatDateTime } from "../format";
import { fieldErrors } from "../messages";
import { Field, QueryState, type Schemas } from "../ui";
import { cycleKey } from "./cycle-detail";

type Report = Schemas["Cycle"]["groups"][number]["reports"][number];

const HINTS: Partial<Record<Question["type"], string>> = {
  integer: "Một số nguyên, ví dụ: 12",
  number: "Một số, ví dụ: 2,5",
  money: "Số tiền, ví dụ: 2.500.000 hoặc 2,5 triệu",
  date: "Ngày, ví dụ: 25/11/2026",
};

/** Whether a question is asked given what is typed so far (skip logic, as the chat applies it; the server has the final word). */
function asked(q: Question, typed: Record<string, string>): boolean {
  if (!q.showIf) return true;
  const given = (typed[q.showIf.key] ?? "").trim().toLowerCase();
  const equals = q.showIf.equals;
  if (typeof equals === "boolean") return given === (equals ? "có" : "không");
  return given === String(equals).toLowerCase();
}

/** The answer as the officer would retype it: what the chat shows back ("2.500.000 đồng", "Có", "25/11/2026"). */
const asText = (q: Question, v: AnswerValue | undefined) => (v === undefined ? "" : q.type === "yes_no" ? (v ? "có" : "không") : displayAnswer(q, v));

/**
 * Enters (or corrects) a report for a reporter who phoned it in. The answers are typed as the
 * reporter said them and read on the server by the chat's own parsers; each refusal is shown
 * next to its question, in the chat's words, and nothing typed is lost.
 */
export function ReportEntry(props: { cycle: Schemas["Cycle"]; report: Report; name: string; questions: Question[]; onClose: () => void }) {
  const queries = useQueryClient();
  const [typed, setTyped] = useState<Record<string, string>>(() => Object.fromEntries(props.questions.map((q) => [q.key, asText(q, props.report.answers[q.key])])));
  const [reason, setReason] = useState("Tổ trưởng báo qua điện thoại");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const visible = props.questions.filter((q) => asked(q, typed));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/v1/cycles/{cycleId}/reports/{reportId}", {
          params: { path: { cycleId: props.cycle.id, reportId: props.report.id } },
          body: { answers: Object.fromEntries(visible.filter((q) => typed[q.key]?.trim()).map((q) => [q.key, typed[q.key]!.trim()])), reason: reason.trim(), version: props.report.version },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: cycleKey(props.cycle.id) });
      props.onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === "conflict")
        setErrors({
          form:
            props.cycle.status === "locked"
              ? "Kỳ báo cáo đã chốt số liệu: mở lại kỳ trước khi nhập."
              : "Báo cáo vừa thay đổi (có thể người phụ trách vừa gửi qua Telegram hoặc Zalo). Xin đóng hộp này, xem lại rồi nhập lại.",
        });
      else setErrors(fieldErrors(e));
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    for (const q of visible) if (q.required && !typed[q.key]?.trim()) problems[`answers.${q.key}`] = "Câu hỏi bắt buộc: xin nhập câu trả lời.";
    if (!reason.trim()) problems.reason = "Xin ghi lý do nhập thay.";
    setErrors(problems);
    if (!Object.keys(problems).length) save.mutate();
  }
  const set = (key: string) => (e: { target: { value: string } }) => setTyped((t) => ({ ...t, [key]: e.target.value }));
  return (
    <Dialog title={`Nhập thay báo cáo: ${props.name}`} onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        <p className="muted">Gõ câu trả lời như người phụ trách đã nói; máy chủ đọc bằng đúng cách bot đọc tin nhắn.</p>
        {visible.map((q) => (
          <Field key={q.key} label={`${q.text}${q.required ? "" : " (không bắt buộc)"}`} hint={HINTS[q.type]} error={errors[`answers.${q.key}`]}>
            {(c) =>
              q.type === "choice" || q.type === "yes_no" ? (
                <select {...c} value={typed[q.key] ?? ""} onChange={set(q.key)}>
                  <option value="">— Chọn —</option>
                  {(q.type === "yes_no" ? ["có", "không"] : (q.options ?? [])).map((o) => (
                    <option key={o} value={o}>
                      {q.type === "yes_no" ? (o === "có" ? "Có" : "Không") : o}
                    </option>
                  ))}
                </select>
              ) : q.type === "text" ? (
                <textarea {...c} value={typed[q.key] ?? ""} onChange={set(q.key)} className="prose" />
              ) : (
                <input {...c} value={typed[q.key] ?? ""} onChange={set(q.key)} inputMode={q.type === "date" ? undefined : "decimal"} />
              )
            }
          </Field>
        ))}
        <Field label="Lý do nhập thay" hint="Được lưu cùng báo cáo và hiện trong lịch sử." error={errors.reason}>
          {(c) => <input {...c} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} />}
        </Field>
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="row dialog-actions">
          <button type="submit" disabled={save.isPending}>
            Lưu báo cáo
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Thôi, không làm
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const VIA: Record<string, string> = { telegram: "Gửi qua Telegram", zalo: "Gửi qua Zalo", console: "Cán bộ phường nhập thay" };

/** A report's submissions, newest first: from the chat, or entered by the office (by whom and why). */
export function ReportHistory(props: { cycleId: string; reportId: string; questions: Question[]; zone: string | undefined; name: string }) {
  const history = useQuery({
    queryKey: ["report", props.reportId, "history"],
    queryFn: () => unwrap(api.GET("/api/v1/cycles/{cycleId}/reports/{reportId}", { params: { path: { cycleId: props.cycleId, reportId: props.reportId } } })),
  });
  return (
    <section aria-label={`Lịch sử báo cáo của ${props.name}`} className="history">
      <h3>Lịch sử báo cáo: {props.name}</h3>
      <QueryState query={history} what="lịch sử báo cáo" />
      {history.data?.revisions.length === 0 && <p className="muted">Chưa có lần nộp nào.</p>}
      <ol>
        {history.data?.revisions.map((r, i) => (
          <li key={i}>
            <strong>{formatDateTime(r.submittedAt, props.zone)}</strong> — {VIA[r.via] ?? r.via}
            {r.memberName ? ` (báo cáo của ${r.memberName})` : ""}
            {r.late ? ", nộp muộn" : ""}
            {r.via === "console" && (
              <>
                {" "}
                · người nhập: {r.enteredBy ?? "không rõ"}
                {r.reason ? ` · lý do: ${r.reason}` : ""}
              </>
            )}
            <div className="muted">
              {props.questions
                .filter((q) => r.answers[q.key] !== undefined)
                .map((q) => `${q.text} ${displayAnswer(q, r.answers[q.key])}`)
                .join(" · ")}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
