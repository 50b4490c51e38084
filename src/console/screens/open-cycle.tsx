import { useMutation, useQuery } from "@tanstack/react-query";
import { api, errorText, unwrap } from "../api/client";
import { countdown, formatDateTime, formatDayDateTime } from "../format";
import { ROLE_LABELS } from "../labels";
import { TILE_LABELS, TILE_ORDER, groupState, reportState } from "../tiles";
import { QueryState, useNow, type Schemas } from "../ui";

/** The dashboard follows a cycle live: reports arriving on Telegram show within this many ms. */
export const LIVE_REFRESH_MS = 5_000;

/** The ward's open cycle: one tile per group, x/y, the countdown, and a reminder for the late. */
export function OpenCycle({ wardId, zone }: { wardId: string; zone: string | undefined }) {
  const cycles = useQuery({
    queryKey: ["cycles", wardId],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/cycles", { params: { path: { wardId } } })),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const open = cycles.data?.find((c) => c.status === "open");
  return (
    <section aria-label="Kỳ báo cáo đang mở">
      <QueryState query={cycles} what="các kỳ báo cáo" />
      {cycles.data && !open && <p>Phường chưa có kỳ báo cáo nào đang mở.</p>}
      {open && <CycleTiles cycleId={open.id} wardId={wardId} zone={zone} />}
    </section>
  );
}

function CycleTiles({ cycleId, wardId, zone }: { cycleId: string; wardId: string; zone: string | undefined }) {
  const now = useNow();
  const cycle = useQuery({
    queryKey: ["cycle", cycleId],
    queryFn: () => unwrap(api.GET("/api/v1/cycles/{cycleId}", { params: { path: { cycleId } } })),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const members = useQuery({
    queryKey: ["members", wardId],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/members", { params: { path: { wardId } } })),
  });
  if (!cycle.data) return <QueryState query={cycle} what="kỳ báo cáo" />;
  const c = cycle.data;
  const states = c.groups.map(groupState);
  const done = states.filter((s) => s === "submitted" || s === "late").length;
  const left = countdown(c.dueAt, now);
  const holder = (groupId: string, role: string) => members.data?.find((m) => m.groupId === groupId && m.role === role)?.name;
  return (
    <>
      <h3>Kỳ báo cáo: {c.label}</h3>
      <div className="row">
        <p className="progress" aria-label={`${done} trên ${c.groups.length} tổ đã nộp báo cáo`}>
          {done}/{c.groups.length} tổ đã nộp
        </p>
        <p>
          Hạn nộp: {formatDayDateTime(c.dueAt, zone)} (<span className={left.overdue ? "overdue" : undefined}>{left.text}</span>)
        </p>
      </div>
      <ul className="legend" aria-label="Số tổ theo tình trạng">
        {TILE_ORDER.map((s) => (
          <li key={s} className={`badge status-${s}`}>
            {TILE_LABELS[s]}: {states.filter((x) => x === s).length}
          </li>
        ))}
      </ul>
      <Remind cycleId={c.id} awaited={states.filter((s) => s === "missing" || s === "in_progress").length} />
      <ul className="grid" style={{ listStyle: "none", padding: 0 }} aria-label="Các tổ dân phố">
        {c.groups.map((g, i) => (
          <li key={g.groupId} className={`tile status-${states[i]}`} data-testid="group-tile">
            <h3>{g.name}</h3>
            <p>
              <span className={`badge status-${states[i]}`}>{TILE_LABELS[states[i]!]}</span>
            </p>
            {g.reports.map((r) => (
              <p key={r.role} className="muted">
                {ROLE_LABELS[r.role as keyof typeof ROLE_LABELS] ?? r.role}
                {holder(g.groupId, r.role) ? `: ${holder(g.groupId, r.role)}` : ""}
                {g.reports.length > 1 ? ` (${TILE_LABELS[reportState(r)].toLowerCase()})` : ""}
                {r.submittedAt ? ` — nộp lúc ${formatDateTime(r.submittedAt, zone)}` : ""}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}

/** "Nhắc những tổ chưa báo cáo": the reminders endpoint, with what it did in words. */
export function Remind({ cycleId, awaited }: { cycleId: string; awaited: number }) {
  const remind = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/cycles/{cycleId}/reminders", { params: { path: { cycleId } } })),
  });
  const result = remind.isSuccess
    ? remind.data.messages
      ? `Đã gửi ${remind.data.messages} tin nhắc.`
      : "Không có ai để nhắc: các tổ chưa nộp chưa kết nối với bot, hoặc vừa được nhắc."
    : remind.isError
      ? errorText(remind.error)
      : "";
  return (
    <div className="row">
      <button type="button" onClick={() => remind.mutate()} disabled={remind.isPending || awaited === 0}>
        Nhắc những tổ chưa báo cáo
      </button>
      <p role="status" className={remind.isError ? "error" : "success"}>
        {result}
      </p>
    </div>
  );
}
