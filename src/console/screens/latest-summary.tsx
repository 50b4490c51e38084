import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, unwrap } from "../api/client";
import { QueryState } from "../ui";
import { LIVE_REFRESH_MS } from "./open-cycle";

/** The newest summary: of the last closed cycle, else the open one (provisional), with its chart. */
export function LatestSummary({ wardId }: { wardId: string }) {
  const cycles = useQuery({
    queryKey: ["cycles", wardId],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/cycles", { params: { path: { wardId } } })),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const cycle = cycles.data?.find((c) => c.status !== "open") ?? cycles.data?.[0];
  if (!cycle) return null;
  // Read again (and the chart drawn again) only when a report has come in since.
  return <Summary cycleId={cycle.id} version={cycle.reports.submitted} />;
}

function Summary({ cycleId, version }: { cycleId: string; version: number }) {
  const summary = useQuery({
    queryKey: ["summary", cycleId, version],
    queryFn: () => unwrap(api.GET("/api/v1/cycles/{cycleId}/summary", { params: { path: { cycleId } } })),
    placeholderData: (previous) => previous,
  });
  return (
    <section aria-labelledby={`tong-hop-${cycleId}`}>
      <h3 id={`tong-hop-${cycleId}`}>Tổng hợp gần nhất{summary.data ? `: ${summary.data.label}${summary.data.provisional ? " (tạm tính)" : ""}` : ""}</h3>
      <QueryState query={summary} what="bản tổng hợp" />
      {summary.data && (
        <details>
          <summary>Xem nội dung tổng hợp</summary>
          <pre className="summary-text">{summary.data.text}</pre>
        </details>
      )}
      <Chart cycleId={cycleId} version={version} label={summary.data?.label} />
    </section>
  );
}

/** The chart needs the token, so it is fetched as a blob and shown from memory. */
export function Chart({ cycleId, version, label }: { cycleId: string; version: number; label: string | undefined }) {
  const png = useQuery({
    queryKey: ["chart", cycleId, version],
    queryFn: () => unwrap(api.GET("/api/v1/cycles/{cycleId}/summary.png", { params: { path: { cycleId } }, parseAs: "blob" })),
    placeholderData: (previous) => previous,
  });
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!(png.data instanceof Blob)) return;
    const made = URL.createObjectURL(png.data);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [png.data]);
  if (png.isError) return <p className="muted">Chưa vẽ được biểu đồ của kỳ này.</p>;
  return url ? <img className="chart" src={url} alt={`Biểu đồ tổng hợp ${label ?? ""}: các tổ đã báo cáo và số liệu chính`} width={960} height={540} /> : null;
}
