import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { formatDayDateTime } from "../format";
import { fieldErrors } from "../messages";
import { DaysOff, dayText, useDaysOff } from "../schedule/days-off";
import { DEFAULT_SCHEDULE, describeSchedule, fromCrons, orderWarnings, toCrons, type HumanSchedule } from "../schedule/human";
import { MomentPicker } from "../schedule/moment-picker";
import { QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";

/** Lịch: when a cycle opens, reminds, is due and is summed up, in days and hours, not cron. */
export function ScheduleScreen() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="lich">
      <h1 id="lich">Lịch báo cáo</h1>
      <QueryState query={wards} what="danh sách phường/xã" />
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <WardSchedule ward={ward} key={ward.id} />
        </>
      )}
    </section>
  );
}

function WardSchedule({ ward }: { ward: Schemas["Ward"] }) {
  const schedule = useQuery({
    queryKey: ["schedule", ward.id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/wards/{wardId}/schedule", { params: { path: { wardId: ward.id } } })).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  const year = new Date().getFullYear();
  if (schedule.data === undefined) return <QueryState query={schedule} what="lịch báo cáo" />;
  return (
    <>
      <Editor wardId={ward.id} saved={schedule.data} />
      <DaysOff wardId={ward.id} year={year} />
    </>
  );
}

function Editor({ wardId, saved }: { wardId: string; saved: Schemas["Schedule"] | null }) {
  const queries = useQueryClient();
  const read = saved ? fromCrons(saved) : null;
  const [draft, setDraft] = useState<HumanSchedule>(read && "schedule" in read ? read.schedule : DEFAULT_SCHEDULE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT("/api/v1/wards/{wardId}/schedule", { params: { path: { wardId } }, body: toCrons(draft) })),
    onSuccess: (s) => {
      setErrors({});
      setDone(true);
      queries.setQueryData(["schedule", wardId], s);
    },
    // What was chosen stays; the problem is said under the form.
    onError: (e) => setErrors(fieldErrors(e)),
  });
  const set = (patch: Partial<HumanSchedule>) => {
    setDone(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const missingTime = [draft.opens, draft.due, draft.summary, ...draft.reminders].some((m) => !/^\d\d:\d\d$/.test(m.time));
  const warnings = orderWarnings(draft);
  return (
    <>
      <form
        className="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (missingTime) return setErrors({ form: "Xin chọn đủ giờ cho mỗi mốc (24 giờ, ví dụ 17:00)." });
          save.mutate();
        }}
      >
        <h2>Lịch hằng tuần</h2>
        {read && "unreadable" in read && (
          <p className="note" role="note">
            Lịch đang lưu có mốc không phải một thời điểm trong tuần ({read.unreadable.join(", ")}), được đặt qua API. Lưu ở đây sẽ thay bằng lịch hằng tuần dưới đây.
          </p>
        )}
        <p className="schedule-sentence" aria-live="polite">
          Lịch: <strong>{describeSchedule(draft)}</strong>.
        </p>
        <MomentPicker label="Mở kỳ báo cáo" value={draft.opens} onChange={(opens) => set({ opens })} />
        <fieldset className="reminders">
          <legend>Nhắc những tổ chưa báo cáo</legend>
          {draft.reminders.length === 0 && <p className="muted">Không nhắc tự động.</p>}
          {draft.reminders.map((r, i) => (
            <div key={`${i}-${draft.reminders.length}`} className="row">
              <MomentPicker label={`Lần nhắc ${i + 1}`} value={r} onChange={(m) => set({ reminders: draft.reminders.map((x, j) => (j === i ? m : x)) })} />
              <button type="button" className="secondary small" onClick={() => set({ reminders: draft.reminders.filter((_, j) => j !== i) })} aria-label={`Bỏ lần nhắc ${i + 1}`}>
                Bỏ
              </button>
            </div>
          ))}
          <button type="button" className="secondary small" onClick={() => set({ reminders: [...draft.reminders, { ...draft.due, time: "08:00" }] })}>
            Thêm lần nhắc
          </button>
        </fieldset>
        <MomentPicker label="Hạn nộp báo cáo" value={draft.due} onChange={(due) => set({ due })} />
        <MomentPicker label="Gửi tổng hợp" value={draft.summary} onChange={(summary) => set({ summary })} />
        <label className="check">
          <input type="checkbox" checked={draft.skipHolidays} onChange={(e) => set({ skipHolidays: e.target.checked })} />
          Không chạy vào ngày lễ và ngày nghỉ riêng của phường
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Bật lịch tự động (bỏ chọn để tạm dừng: không tự mở kỳ, không nhắc)
        </label>
        {warnings.map((w) => (
          <p key={w} className="note">
            Lưu ý: {w}
          </p>
        ))}
        <div className="row">
          <button type="submit" disabled={save.isPending}>
            Lưu lịch
          </button>
        </div>
        {Object.values(errors).length > 0 && (
          <p className="error" role="alert">
            Chưa lưu. {Object.values(errors).join(" ")}
          </p>
        )}
        {done && (
          <p className="success" role="status">
            Đã lưu lịch: {describeSchedule(draft)}.
          </p>
        )}
      </form>
      {saved && <NextRuns wardId={wardId} schedule={saved} />}
    </>
  );
}

const KINDS: { key: keyof Schemas["Schedule"]["nextRuns"]; label: string }[] = [
  { key: "opensAt", label: "Mở kỳ báo cáo" },
  { key: "remindAt", label: "Nhắc" },
  { key: "dueAt", label: "Hạn nộp" },
  { key: "summaryAt", label: "Gửi tổng hợp" },
];

/** The next runs the server computed from the saved schedule, days off marked where skipped. */
function NextRuns({ wardId, schedule }: { wardId: string; schedule: Schemas["Schedule"] }) {
  const year = new Date().getFullYear();
  const thisYear = useDaysOff(wardId, year);
  const nextYear = useDaysOff(wardId, year + 1);
  const off = new Map<string, string>();
  for (const d of [thisYear.data, nextYear.data]) {
    d?.publicHolidays.forEach((h) => off.set(h.date, h.name));
    d?.localDaysOff.forEach((l) => off.set(l.date, l.reason ?? "ngày nghỉ riêng của phường"));
  }
  return (
    <section className="card" aria-labelledby="lan-chay-toi">
      <h2 id="lan-chay-toi">Các lần chạy tới (theo lịch đã lưu)</h2>
      {!schedule.enabled && <p className="note">Lịch đang tạm dừng: các mốc dưới đây sẽ không chạy cho đến khi bật lại.</p>}
      <div className="grid">
        {KINDS.map((k) => (
          <div key={k.key}>
            <h3>{k.label}</h3>
            <ul aria-label={`Các lần ${k.label.toLowerCase()} tới`}>
              {schedule.nextRuns[k.key].map((at) => {
                const holiday = schedule.skipHolidays ? off.get(at.slice(0, 10)) : undefined;
                return (
                  <li key={at} className={holiday ? "skipped" : undefined}>
                    {formatDayDateTime(at, schedule.timezone)}
                    {holiday ? ` — bỏ qua (${holiday}, ${dayText(at.slice(0, 10))})` : ""}
                  </li>
                );
              })}
              {schedule.nextRuns[k.key].length === 0 && <li className="muted">Không có</li>}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
