import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { formatDateTime } from "../format";
import { QueryState, type Schemas } from "../ui";

const MODE: Record<string, string> = { webhook: "Webhook (nền tảng gọi tới máy chủ)", polling: "Polling (máy chủ hỏi nền tảng định kỳ)" };

/** Tình trạng kết nối: each channel as the ward sees it (the API says the state in words: statusText). */
export function ChannelStatusCard({ ward }: { ward: Schemas["Ward"] }) {
  const channels = useQuery({
    queryKey: ["channels", ward.id],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/channels", { params: { path: { wardId: ward.id } } })),
    refetchInterval: 15_000,
  });
  const zone = ward.timezone ?? undefined;
  return (
    <section className="card" aria-labelledby="tinh-trang-ket-noi">
      <h2 id="tinh-trang-ket-noi">Tình trạng kết nối</h2>
      <QueryState query={channels} what="tình trạng các kênh" />
      {channels.data && (
        <ul className="channel-list">
          {channels.data.map((c) => (
            <li key={c.channel} aria-label={c.label}>
              <h3>
                {c.label}{" "}
                <span className={`badge ${c.connected && !c.down ? "status-submitted" : "status-missing"}`}>
                  {!c.connected ? "Chưa kết nối" : c.down ? "Đang gặp sự cố" : "Đã kết nối"}
                </span>
              </h3>
              <p>{c.statusText}</p>
              <dl className="facts">
                {c.account && (
                  <>
                    <dt>Tài khoản</dt>
                    <dd>{c.account}</dd>
                  </>
                )}
                {c.mode && (
                  <>
                    <dt>Cách nhận tin</dt>
                    <dd>{MODE[c.mode] ?? c.mode}</dd>
                  </>
                )}
                <dt>Tin của phường/xã</dt>
                <dd>
                  {c.queue.pending} đang chờ, {c.queue.failed} bị từ chối, {c.queue.dead} không gửi được
                </dd>
                {c.lastError && (
                  <>
                    <dt>Lỗi gần nhất</dt>
                    <dd>
                      {formatDateTime(c.lastError.at, zone)}: {c.lastError.reasonText}
                    </dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
