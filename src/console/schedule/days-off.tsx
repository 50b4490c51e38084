import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { ConfirmDialog } from "../dialog";
import { formatDate } from "../format";
import { fieldErrors, problemText } from "../messages";
import { Field, QueryState, type Schemas } from "../ui";
import { readDay } from "./human";

/** "2026-09-02" as dd/mm/yyyy, read as a calendar day (no time zone shift). */
export const dayText = (date: string) => formatDate(`${date}T12:00:00Z`, "UTC");

export function useDaysOff(wardId: string, year: number) {
  return useQuery({
    queryKey: ["days-off", wardId, year],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/days-off", { params: { path: { wardId }, query: { year } } })),
  });
}

/** The ward's own days off (add, remove) and the public holidays the schedule skips. */
export function DaysOff({ wardId, year }: { wardId: string; year: number }) {
  const queries = useQueryClient();
  const days = useDaysOff(wardId, year);
  const [date, setDate] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<Schemas["DayOff"] | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ["days-off", wardId] });
  const add = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/wards/{wardId}/days-off", { params: { path: { wardId } }, body: { date: readDay(date)!, ...(reason.trim() ? { reason: reason.trim() } : {}) } })),
    onSuccess: () => {
      setDate("");
      setReason("");
      setErrors({});
      void refresh();
    },
    onError: (e) => setErrors(fieldErrors(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/days-off/{dayOffId}", { params: { path: { dayOffId: id } } })),
    onSuccess: () => {
      setRemoving(null);
      void refresh();
    },
  });
  return (
    <section className="card" aria-labelledby="ngay-nghi">
      <h2 id="ngay-nghi">Ngày nghỉ riêng của phường năm {year}</h2>
      <QueryState query={days} what="ngày nghỉ" />
      {days.data && (
        <>
          {days.data.localDaysOff.length === 0 ? (
            <p className="muted">Chưa có ngày nghỉ riêng.</p>
          ) : (
            <ul className="days-off">
              {days.data.localDaysOff.map((d) => (
                <li key={d.id}>
                  {dayText(d.date)}
                  {d.reason ? ` — ${d.reason}` : ""}{" "}
                  <button type="button" className="secondary small" onClick={() => setRemoving(d)} aria-label={`Bỏ ngày nghỉ ${dayText(d.date)}`}>
                    Bỏ
                  </button>
                </li>
              ))}
            </ul>
          )}
          <details>
            <summary>Ngày lễ toàn quốc năm {year} ({days.data.publicHolidays.length} ngày)</summary>
            <ul>
              {days.data.publicHolidays.map((h) => (
                <li key={h.date}>
                  {dayText(h.date)} — {h.name}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!readDay(date)) return setErrors({ date: "Xin nhập ngày nghỉ theo ngày/tháng/năm, ví dụ 02/09/2026." });
          add.mutate();
        }}
      >
        <Field label="Ngày nghỉ" hint="ngày/tháng/năm, ví dụ 02/09/2026" error={errors.date}>
          {(c) => <input {...c} inputMode="numeric" autoComplete="off" placeholder="dd/mm/yyyy" value={date} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Field label="Lý do nghỉ" hint="Không bắt buộc, ví dụ: Lễ hội truyền thống của phường" error={errors.reason}>
          {(c) => <input {...c} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />}
        </Field>
        <div className="row">
          <button type="submit" disabled={add.isPending}>
            Thêm ngày nghỉ
          </button>
        </div>
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
      </form>
      {removing && (
        <ConfirmDialog
          title={`Bỏ ngày nghỉ ${dayText(removing.date)}?`}
          confirm="Bỏ ngày nghỉ này"
          pending={remove.isPending}
          error={remove.isError ? problemText(remove.error) : null}
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove.mutate(removing.id)}
        >
          <p>Ngày {dayText(removing.date)} sẽ thành ngày làm việc bình thường: lịch mở kỳ, nhắc và gửi tổng hợp sẽ chạy vào ngày này.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
