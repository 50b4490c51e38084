import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { Link } from "../app";
import { formatDateTime } from "../format";
import { problemText } from "../messages";
import { useLocation } from "../router";
import { Field, QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";
import { CycleDetail } from "./cycle-detail";
import { LIVE_REFRESH_MS } from "./open-cycle";

export const CYCLE_STATUS: Record<string, string> = { open: "Đang mở", closed: "Đã đóng", locked: "Đã chốt số liệu" };
export const cyclesKey = (wardId: string) => ["cycles", wardId];

/** Kỳ báo cáo: the ward's cycles, opening a new one, and one cycle in full (?ky=<id>). */
export function Cycles() {
  const { query } = useLocation();
  const cycleId = query.get("ky");
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  if (cycleId) return <CycleDetail cycleId={cycleId} />;
  return (
    <section aria-labelledby="ky-bao-cao">
      <h1 id="ky-bao-cao">Kỳ báo cáo</h1>
      <QueryState query={wards} what="danh sách phường/xã" />
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <CycleList ward={ward} key={ward.id} />
        </>
      )}
    </section>
  );
}

function CycleList({ ward }: { ward: Schemas["Ward"] }) {
  const zone = ward.timezone ?? undefined;
  const cycles = useQuery({
    queryKey: cyclesKey(ward.id),
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/cycles", { params: { path: { wardId: ward.id } } })),
    refetchInterval: LIVE_REFRESH_MS,
  });
  return (
    <>
      <OpenCycleForm wardId={ward.id} />
      <div className="card">
        <h2>Các kỳ báo cáo ({cycles.data?.length ?? "…"})</h2>
        <QueryState query={cycles} what="các kỳ báo cáo" />
        {cycles.data?.length === 0 && <p className="muted">Chưa có kỳ báo cáo nào.</p>}
        {!!cycles.data?.length && (
          <table className="stack" role="table">
            <thead>
              <tr role="row">
                <th scope="col">Kỳ báo cáo</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Mở lúc</th>
                <th scope="col">Hạn nộp</th>
                <th scope="col">Đã nộp</th>
              </tr>
            </thead>
            <tbody>
              {cycles.data.map((c) => (
                <tr role="row" key={c.id}>
                  <th scope="row" role="rowheader">
                    <Link to={`/ky-bao-cao?ky=${c.id}`}>{c.label}</Link>
                  </th>
                  <td role="cell" data-label="Tình trạng">
                    {CYCLE_STATUS[c.status] ?? c.status}
                  </td>
                  <td role="cell" data-label="Mở lúc">
                    {formatDateTime(c.opensAt, zone)}
                  </td>
                  <td role="cell" data-label="Hạn nộp">
                    {formatDateTime(c.dueAt, zone)}
                  </td>
                  <td role="cell" data-label="Đã nộp">
                    {c.reports.submitted}/{c.reports.expected} báo cáo
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}

/** The offset of Vietnam's time (no daylight saving), for a deadline typed in local time. */
const VIETNAM_OFFSET = "+07:00";

/**
 * Opens a cycle now. While one is open the API answers 409 with its label: the officer is told
 * what replacing it does and must choose it explicitly.
 */
function OpenCycleForm({ wardId }: { wardId: string }) {
  const queries = useQueryClient();
  const [label, setLabel] = useState("");
  const [due, setDue] = useState("");
  const [open, setOpen] = useState<{ id: string; label: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const start = useMutation({
    mutationFn: (replaceOpen: boolean) =>
      unwrap(
        api.POST("/api/v1/wards/{wardId}/cycles", {
          params: { path: { wardId } },
          body: { ...(label.trim() ? { label: label.trim() } : {}), ...(due ? { dueAt: `${due}:00${VIETNAM_OFFSET}` } : {}), ...(replaceOpen ? { replaceOpen } : {}) },
        }),
      ),
    onSuccess: () => {
      setOpen(null);
      setLabel("");
      setDue("");
      setErrors({});
      return queries.invalidateQueries({ queryKey: cyclesKey(wardId) });
    },
    onError: (e) => {
      const details = e instanceof ApiError ? (e.details as { openCycleId?: string; label?: string } | undefined) : undefined;
      if (e instanceof ApiError && e.code === "conflict" && details?.openCycleId) return setOpen({ id: details.openCycleId, label: details.label ?? "" });
      if (e instanceof ApiError && e.code === "conflict") return setErrors({ form: "Phường chưa có mẫu báo cáo: soạn mẫu báo cáo trước khi mở kỳ." });
      setErrors(
        e instanceof ApiError && e.fields.some((f) => f.field === "dueAt")
          ? { dueAt: "Hạn nộp phải là một thời điểm trong tương lai." }
          : e instanceof ApiError && e.fields.some((f) => f.field === "label")
            ? { label: "Tên kỳ báo cáo tối đa 100 ký tự." }
            : { form: problemText(e) },
      );
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setOpen(null);
    start.mutate(false);
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="mo-ky">
      <h2 id="mo-ky">Mở kỳ báo cáo mới</h2>
      <p className="muted">Bot gửi ngay câu hỏi đầu tiên cho mọi tổ trưởng đã kết nối.</p>
      <div className="form-grid">
        <Field label="Tên kỳ báo cáo (không bắt buộc)" hint="Ví dụ: Tuần 48/2026" error={errors.label}>
          {(c) => <input {...c} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={100} />}
        </Field>
        <Field label="Hạn nộp (không bắt buộc)" hint="Để trống: theo lịch của phường, hoặc sau một tuần." error={errors.dueAt}>
          {(c) => <input {...c} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />}
        </Field>
      </div>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      {open ? (
        <div className="note" role="alert">
          <p>
            Kỳ <strong>{open.label}</strong> đang mở. Mở kỳ mới sẽ <strong>đóng kỳ {open.label}</strong>: các báo cáo chưa nộp của kỳ đó thành “không nộp”.
          </p>
          <div className="row">
            <button type="button" onClick={() => start.mutate(true)} disabled={start.isPending}>
              Đóng kỳ {open.label} và mở kỳ mới
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              Thôi, giữ kỳ đang mở
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" disabled={start.isPending}>
          Mở kỳ báo cáo
        </button>
      )}
    </form>
  );
}
