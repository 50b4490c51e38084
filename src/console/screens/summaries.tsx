import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { problemText } from "../messages";
import { Field, QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";
import { CYCLE_STATUS } from "./cycles";
import { Chart } from "./latest-summary";
import { LIVE_REFRESH_MS } from "./open-cycle";

/** Tổng hợp: a cycle's summary as chairs will read it, its chart, the downloads, and "gửi ngay". */
export function Summaries() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="tong-hop">
      <h1 id="tong-hop">Tổng hợp</h1>
      <QueryState query={wards} what="danh sách phường/xã" />
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <WardSummaries ward={ward} key={ward.id} />
        </>
      )}
    </section>
  );
}

function WardSummaries({ ward }: { ward: Schemas["Ward"] }) {
  const cycles = useQuery({
    queryKey: ["cycles", ward.id],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/cycles", { params: { path: { wardId: ward.id } } })),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const [chosen, setChosen] = useState("");
  // By default the newest closed cycle, else the open one: what "gửi ngay" would send.
  const cycle = cycles.data?.find((c) => c.id === chosen) ?? cycles.data?.find((c) => c.status !== "open") ?? cycles.data?.[0];
  if (!cycles.data) return <QueryState query={cycles} what="các kỳ báo cáo" />;
  if (!cycle) return <p>Phường chưa có kỳ báo cáo nào: chưa có gì để tổng hợp.</p>;
  return (
    <>
      <Field label="Kỳ báo cáo">
        {(c) => (
          <select {...c} value={cycle.id} onChange={(e) => setChosen(e.target.value)}>
            {cycles.data.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label} ({CYCLE_STATUS[x.status]?.toLowerCase() ?? x.status})
              </option>
            ))}
          </select>
        )}
      </Field>
      <CycleSummary wardId={ward.id} cycle={cycle} key={cycle.id} />
    </>
  );
}

function CycleSummary({ wardId, cycle }: { wardId: string; cycle: Schemas["CycleListItem"] }) {
  const version = cycle.reports.submitted;
  const summary = useQuery({
    queryKey: ["summary", cycle.id, version],
    queryFn: () => unwrap(api.GET("/api/v1/cycles/{cycleId}/summary", { params: { path: { cycleId: cycle.id } } })),
    placeholderData: (previous) => previous,
  });
  return (
    <>
      <div className="card">
        <h2>
          Nội dung tổng hợp {cycle.label}
          {summary.data?.provisional ? " (tạm tính)" : ""}
        </h2>
        <QueryState query={summary} what="bản tổng hợp" />
        {summary.data && (
          <pre className="summary-text" aria-label={`Nội dung tổng hợp ${cycle.label}`}>
            {summary.data.text}
          </pre>
        )}
      </div>
      <div className="card">
        <h2>Biểu đồ</h2>
        <Chart cycleId={cycle.id} version={version} label={cycle.label} />
      </div>
      <Downloads cycle={cycle} />
      <SendNow wardId={wardId} cycle={cycle} provisional={!!summary.data?.provisional} />
    </>
  );
}

/** "report.xlsx" from `attachment; filename="report.xlsx"`. */
const filenameOf = (response: Response, fallback: string) => /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallback;

/** Saves a file the API returns: fetched with the credentials, then handed to the browser as a download. */
async function saveDownload(call: Promise<{ data?: unknown; error?: unknown; response: Response }>, fallback: string) {
  const result = await call;
  if (!result.response.ok) throw new ApiError(result.response.status, result.response.status === 404 ? "not_found" : "internal", "", undefined);
  const url = URL.createObjectURL(result.data as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filenameOf(result.response, fallback);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function Downloads({ cycle }: { cycle: Schemas["CycleListItem"] }) {
  const path = { params: { path: { cycleId: cycle.id } }, parseAs: "blob" as const };
  const download = useMutation({
    mutationFn: (what: "xlsx" | "ubnd" | "mttq") =>
      what === "xlsx"
        ? saveDownload(api.GET("/api/v1/cycles/{cycleId}/summary.xlsx", path), "tong-hop.xlsx")
        : saveDownload(api.GET("/api/v1/cycles/{cycleId}/summary.docx", { ...path, params: { ...path.params, query: { issuer: what } } }), `bao-cao-${what}.docx`),
  });
  return (
    <div className="card">
      <h2>Tải về</h2>
      <div className="row">
        <button type="button" className="secondary" onClick={() => download.mutate("xlsx")} disabled={download.isPending}>
          Tải bảng Excel
        </button>
        <button type="button" className="secondary" onClick={() => download.mutate("ubnd")} disabled={download.isPending}>
          Tải báo cáo Word (UBND)
        </button>
        <button type="button" className="secondary" onClick={() => download.mutate("mttq")} disabled={download.isPending}>
          Tải báo cáo Word (MTTQ)
        </button>
      </div>
      <p role="status" className={download.isError ? "error" : "muted"}>
        {download.isPending ? "Đang chuẩn bị tệp…" : download.isError ? `Không tải được tệp. ${problemText(download.error)}` : ""}
      </p>
    </div>
  );
}

/** "Gửi ngay": posts the summary to the ward's summary chats (or its chairs), after saying where it goes. */
function SendNow({ wardId, cycle, provisional }: { wardId: string; cycle: Schemas["CycleListItem"]; provisional: boolean }) {
  const [asking, setAsking] = useState(false);
  const send = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/wards/{wardId}/summaries", { params: { path: { wardId } }, body: { cycleId: cycle.id } })),
    onSettled: () => setAsking(false),
  });
  return (
    <div className="card">
      <h2>Gửi tổng hợp</h2>
      <p className="muted">
        Gửi ngay bản tổng hợp {cycle.label} tới các nhóm nhận tổng hợp của phường (nếu chưa khai báo nhóm nào: tới từng lãnh đạo phường đã kết nối).
        {provisional ? " Kỳ này còn mở: bản gửi đi được ghi là tạm tính." : ""} Gửi không làm thay đổi kỳ báo cáo.
      </p>
      {asking ? (
        <div className="row" role="group" aria-label="Xác nhận gửi tổng hợp">
          <button type="button" onClick={() => send.mutate()} disabled={send.isPending}>
            Gửi bản tổng hợp {cycle.label}
          </button>
          <button type="button" className="secondary" onClick={() => setAsking(false)}>
            Thôi
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Gửi ngay
        </button>
      )}
      <p role="status" className={send.isError ? "error" : "success"}>
        {send.isSuccess
          ? send.data.deliveries.length
            ? `Đã gửi tới ${send.data.deliveries.length} nơi nhận.`
            : "Không có nơi nhận nào: phường chưa khai báo nhóm nhận tổng hợp và chưa lãnh đạo nào kết nối với bot."
          : send.isError
            ? problemText(send.error)
            : ""}
      </p>
    </div>
  );
}
