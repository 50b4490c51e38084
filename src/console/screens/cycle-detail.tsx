import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { displayAnswer } from "../../core/conversation/answer.js";
import type { Question } from "../../core/form.js";
import { api, unwrap } from "../api/client";
import { Link } from "../app";
import { ConfirmDialog } from "../dialog";
import { formatDateTime, formatDayDateTime } from "../format";
import { ROLE_LABELS } from "../labels";
import { problemText } from "../messages";
import { QueryState, type Schemas, TableWrap } from "../ui";
import { CYCLE_STATUS } from "./cycles";
import { LIVE_REFRESH_MS, Remind } from "./open-cycle";
import { ReportEntry, ReportHistory } from "./report-entry";

type Cycle = Schemas["Cycle"];
type Report = Cycle["groups"][number]["reports"][number];
export const cycleKey = (cycleId: string) => ["cycle", cycleId];

const REPORT_STATUS: Record<Report["status"], string> = {
  pending: "Chưa nộp",
  in_progress: "Đang trả lời",
  submitted: "Đã nộp",
  late: "Nộp muộn",
  missed: "Không nộp",
};
const STATUS_CLASS: Record<Report["status"], string> = { pending: "missing", in_progress: "in_progress", submitted: "submitted", late: "late", missed: "missing" };
const VIA: Record<string, string> = { telegram: "qua Telegram", zalo: "qua Zalo", console: "cán bộ phường nhập thay" };

/** One cycle: every group × the answers (typed values, late marks), its lifecycle, and entry on a reporter's behalf. */
export function CycleDetail({ cycleId }: { cycleId: string }) {
  const cycle = useQuery({
    queryKey: cycleKey(cycleId),
    queryFn: () => unwrap(api.GET("/api/v1/cycles/{cycleId}", { params: { path: { cycleId } } })),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const wards = useQuery({ queryKey: ["wards"], queryFn: () => unwrap(api.GET("/api/v1/wards")) });
  const c = cycle.data;
  const zone = wards.data?.find((w) => w.id === c?.wardId)?.timezone ?? undefined;
  return (
    <section aria-labelledby="ky">
      <p className="no-print">
        <Link to="/ky-bao-cao">← Các kỳ báo cáo</Link>
      </p>
      <h1 id="ky">Kỳ báo cáo{c ? `: ${c.label}` : ""}</h1>
      <QueryState query={cycle} what="kỳ báo cáo" />
      {c && (
        <>
          <p>
            <span className={`badge status-${c.status === "open" ? "in_progress" : "submitted"}`}>{CYCLE_STATUS[c.status] ?? c.status}</span> · Mở lúc{" "}
            {formatDateTime(c.opensAt, zone)} · Hạn nộp {formatDayDateTime(c.dueAt, zone)} · Mẫu báo cáo phiên bản {c.formVersion}
          </p>
          <Lifecycle cycle={c} />
          <AnswersTable cycle={c} zone={zone} />
        </>
      )}
    </section>
  );
}

type Action = "close" | "lock" | "reopen";
const ACTIONS: Record<Action, { button: string; title: (l: string) => string; confirm: string; body: (l: string) => string[] }> = {
  close: {
    button: "Đóng kỳ",
    title: (l) => `Đóng kỳ ${l}?`,
    confirm: "Đóng kỳ báo cáo",
    body: () => [
      "Các báo cáo chưa nộp sẽ được ghi là “không nộp”; bot thôi nhắc.",
      "Báo cáo gửi sau đó vẫn được nhận và ghi là nộp muộn, cho đến khi chốt số liệu.",
    ],
  },
  lock: {
    button: "Chốt số liệu",
    title: (l) => `Chốt số liệu kỳ ${l}?`,
    confirm: "Chốt số liệu",
    body: () => ["Số liệu của kỳ trở thành chính thức: bot không nhận thêm báo cáo hay sửa đổi nào.", "Có thể mở lại nếu cần nhận báo cáo muộn."],
  },
  reopen: {
    button: "Mở lại để nhận báo cáo muộn",
    title: (l) => `Mở lại kỳ ${l}?`,
    confirm: "Mở lại",
    body: () => ["Kỳ trở lại trạng thái đã đóng: báo cáo muộn và sửa đổi lại được nhận, số liệu có thể thay đổi."],
  },
};

function Lifecycle({ cycle }: { cycle: Cycle }) {
  const queries = useQueryClient();
  const [asking, setAsking] = useState<Action | null>(null);
  const run = useMutation({
    mutationFn: (action: Action) =>
      unwrap(
        action === "close"
          ? api.POST("/api/v1/cycles/{cycleId}/close", { params: { path: { cycleId: cycle.id } } })
          : action === "lock"
            ? api.POST("/api/v1/cycles/{cycleId}/lock", { params: { path: { cycleId: cycle.id } } })
            : api.POST("/api/v1/cycles/{cycleId}/reopen", { params: { path: { cycleId: cycle.id } } }),
      ),
    onSuccess: async () => {
      setAsking(null);
      await Promise.all([queries.invalidateQueries({ queryKey: cycleKey(cycle.id) }), queries.invalidateQueries({ queryKey: ["cycles", cycle.wardId] })]);
    },
  });
  const available: Action[] = cycle.status === "open" ? ["close"] : cycle.status === "closed" ? ["lock"] : ["reopen"];
  const awaited = cycle.groups.flatMap((g) => g.reports).filter((r) => r.status === "pending" || r.status === "in_progress").length;
  const action = asking ? ACTIONS[asking] : null;
  return (
    <div className="row no-print">
      {cycle.status === "open" && <Remind cycleId={cycle.id} awaited={awaited} />}
      {available.map((a) => (
        <button key={a} type="button" className="secondary" onClick={() => setAsking(a)}>
          {ACTIONS[a].button}
        </button>
      ))}
      {asking && action && (
        <ConfirmDialog
          title={action.title(cycle.label)}
          confirm={action.confirm}
          onConfirm={() => run.mutate(asking)}
          onCancel={() => {
            run.reset();
            setAsking(null);
          }}
          pending={run.isPending}
          error={run.isError ? problemText(run.error, "Kỳ báo cáo vừa thay đổi ở nơi khác. Xin tải lại trang.") : null}
        >
          {action.body(cycle.label).map((p) => (
            <p key={p}>{p}</p>
          ))}
        </ConfirmDialog>
      )}
    </div>
  );
}

function AnswersTable({ cycle, zone }: { cycle: Cycle; zone: string | undefined }) {
  const questions = (cycle.questions ?? []) as Question[];
  const [entering, setEntering] = useState<{ report: Report; group: string } | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const rows = cycle.groups.flatMap((g) => g.reports.map((r) => ({ group: g, report: r })));
  const several = cycle.groups.some((g) => g.reports.length > 1);
  return (
    <div className="card">
      <h2>Các tổ và câu trả lời</h2>
      {!rows.length && <p className="muted">Kỳ này không có tổ nào phải báo cáo.</p>}
      {!!rows.length && (
        <TableWrap label="Các tổ và câu trả lời">
          <table className="answers">
            <thead>
              <tr>
                <th scope="col">Tổ</th>
                <th scope="col">Tình trạng</th>
                {questions.map((q) => (
                  <th scope="col" key={q.key}>
                    {q.text}
                  </th>
                ))}
                <th scope="col" className="no-print">
                  Thao tác
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ group, report }) => {
                const name = several ? `${group.name} (${ROLE_LABELS[report.role as keyof typeof ROLE_LABELS] ?? report.role})` : group.name;
                return (
                  <tr key={report.id}>
                    <th scope="row">{name}</th>
                    <td>
                      <span className={`badge status-${STATUS_CLASS[report.status]}`}>{REPORT_STATUS[report.status]}</span>
                      {report.absent && <span className="badge status-absent">Vắng mặt</span>}
                      {report.submittedAt && (
                        <div className="muted small-text">
                          {formatDateTime(report.submittedAt, zone)}
                          {report.via ? `, ${VIA[report.via] ?? report.via}` : ""}
                        </div>
                      )}
                    </td>
                    {questions.map((q) => (
                      <td key={q.key} className={typeof report.answers[q.key] === "number" ? "num" : undefined}>
                        {report.answers[q.key] === undefined ? "" : displayAnswer(q, report.answers[q.key])}
                      </td>
                    ))}
                    <td className="no-print">
                      <div className="actions">
                        {cycle.status !== "locked" && (
                          <button type="button" className="secondary small" onClick={() => setEntering({ report, group: name })} aria-label={`Nhập thay báo cáo của ${name}`}>
                            {report.status === "submitted" || report.status === "late" ? "Sửa thay" : "Nhập thay"}
                          </button>
                        )}
                        <button
                          type="button"
                          className="secondary small"
                          aria-expanded={history === report.id}
                          onClick={() => setHistory(history === report.id ? null : report.id)}
                          aria-label={`Lịch sử báo cáo của ${name}`}
                        >
                          Lịch sử
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {history && <ReportHistory cycleId={cycle.id} reportId={history} questions={questions} zone={zone} name={rows.find((r) => r.report.id === history)?.group.name ?? ""} />}
      {entering && <ReportEntry cycle={cycle} report={entering.report} name={entering.group} questions={questions} onClose={() => setEntering(null)} />}
    </div>
  );
}
