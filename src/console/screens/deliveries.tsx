import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { STATUS_TEXT } from "../deliveries/status";
import { ChannelStatusCard } from "./channel-status";
import { ConfirmDialog } from "../dialog";
import { formatDateTime } from "../format";
import { CHANNELS } from "../labels";
import { fieldErrors, problemText } from "../messages";
import { Field, QueryState, WardPicker, useChosenWard, useWards, type Schemas, TableWrap } from "../ui";

const PROBLEMS = ["failed", "dead", "undeliverable"] as const;
const channelLabel = (c: string) => CHANNELS.find((x) => x.channel === c)?.label ?? c;

/** Gửi tin và kết nối: messages that did not go and why, in words; where summaries go. */
export function Deliveries() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="gui-tin">
      <h1 id="gui-tin">Gửi tin và kết nối</h1>
      <QueryState query={wards} what="danh sách phường/xã" />
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <Problems ward={ward} key={`p-${ward.id}`} />
          <ChannelStatusCard ward={ward} key={`c-${ward.id}`} />
          <Destinations ward={ward} key={`d-${ward.id}`} />
        </>
      )}
    </section>
  );
}

function useDestinations(wardId: string) {
  return useQuery({
    queryKey: ["destinations", wardId],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/destinations", { params: { path: { wardId } } })),
  });
}

/** A message that did not go, with a retry where one can help (not for a channel still to be connected). */
const retryable = (d: Schemas["Delivery"]) => d.status === "failed" || d.status === "dead";

function Problems({ ward }: { ward: Schemas["Ward"] }) {
  const queries = useQueryClient();
  const [retrying, setRetrying] = useState<Schemas["Delivery"] | "all" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => Promise.all([queries.invalidateQueries({ queryKey: ["deliveries"] }), queries.invalidateQueries({ queryKey: ["channels", ward.id] })]);
  const retry = useMutation({
    mutationFn: async (target: Schemas["Delivery"] | "all") =>
      target === "all"
        ? (await unwrap(api.POST("/api/v1/wards/{wardId}/deliveries/retry", { params: { path: { wardId: ward.id } }, body: {} }))).retried
        : (await unwrap(api.POST("/api/v1/deliveries/{deliveryId}/retry", { params: { path: { deliveryId: target.id } } })), 1),
    onSuccess: (count) => {
      setRetrying(null);
      setDone(count ? `Đã đưa ${count} tin nhắn vào hàng chờ gửi lại.` : "Không còn tin nào cần gửi lại.");
      void refresh();
    },
  });
  const results = useQueries({
    queries: PROBLEMS.map((status) => ({
      queryKey: ["deliveries", status],
      queryFn: () => unwrap(api.GET("/api/v1/deliveries", { params: { query: { status } } })),
      refetchInterval: 15_000,
    })),
  });
  const destinations = useDestinations(ward.id);
  const titles = new Map((destinations.data ?? []).map((d) => [`${d.channel}:${d.chatId}`, d.title ?? `nhóm ${d.chatId}`]));
  // Messages of this ward's people, and of chats no person is behind (its summary groups).
  const rows = results
    .flatMap((r) => r.data ?? [])
    .filter((d) => !d.member || d.member.wardId === ward.id)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const failed = results.find((r) => r.isError);
  const recipient = (d: Schemas["Delivery"]) => (d.member ? d.member.name : (titles.get(`${d.channel}:${d.chatId}`) ?? `Cuộc trò chuyện ${d.chatId}`));
  const bulk = rows.filter(retryable).length;
  return (
    <section className="card" aria-labelledby="tin-chua-gui">
      <h2 id="tin-chua-gui">Tin nhắn chưa gửi được</h2>
      {failed && <QueryState query={failed} what="các tin chưa gửi được" />}
      {results.some((r) => r.isPending) && <p className="muted">Đang tải…</p>}
      {results.every((r) => r.isSuccess) && rows.length === 0 && <p className="success">Mọi tin nhắn đều đã gửi được.</p>}
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {rows.filter(retryable).length > 1 && (
        <div className="row">
          <button type="button" className="secondary" onClick={() => setRetrying("all")}>
            Gửi lại tất cả tin bị lỗi
          </button>
        </div>
      )}
      {rows.length > 0 && (
        <TableWrap label="Tin nhắn chưa gửi được">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">Người nhận</th>
                <th scope="col">Kênh</th>
                <th scope="col">Tạo lúc</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Lý do</th>
                <th scope="col">
                  <span className="visually-hidden">Thao tác</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {recipient(d)}
                    {d.member?.unreachable && <span className="badge status-missing"> không liên lạc được</span>}
                  </th>
                  <td data-label="Kênh">{channelLabel(d.channel)}</td>
                  <td data-label="Tạo lúc">{formatDateTime(d.createdAt, ward.timezone ?? undefined)}</td>
                  <td data-label="Tình trạng">
                    {STATUS_TEXT[d.status] ?? d.status}
                    {d.attempts > 1 ? ` (${d.attempts} lần thử)` : ""}
                  </td>
                  <td data-label="Lý do">
                    {d.reasonText ?? "Không rõ lý do."}
                    {d.lastError && (
                      <details className="small-text">
                        <summary>Chi tiết kỹ thuật</summary>
                        <code>{d.lastError}</code>
                      </details>
                    )}
                  </td>
                  <td data-label="Thao tác">
                    {retryable(d) && (
                      <button type="button" className="secondary small" onClick={() => setRetrying(d)} aria-label={`Gửi lại tin tới ${recipient(d)}`}>
                        Gửi lại
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {retrying && (
        <ConfirmDialog
          title={retrying === "all" ? `Gửi lại ${bulk} tin nhắn bị lỗi?` : `Gửi lại tin tới ${recipient(retrying)}?`}
          confirm="Gửi lại"
          pending={retry.isPending}
          error={retry.isError ? problemText(retry.error) : null}
          onCancel={() => setRetrying(null)}
          onConfirm={() => retry.mutate(retrying)}
        >
          <p>
            {retrying === "all"
              ? "Các tin nhắn bị từ chối hoặc đã thử nhiều lần không được sẽ được gửi lại từ đầu."
              : `Tin nhắn sẽ được gửi lại qua ${channelLabel(retrying.channel)}.`}{" "}
            Nếu nguyên nhân chưa được khắc phục (ví dụ người nhận vẫn chặn bot), tin sẽ lại báo lỗi.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function Destinations({ ward }: { ward: Schemas["Ward"] }) {
  const queries = useQueryClient();
  const destinations = useDestinations(ward.id);
  const [channel, setChannel] = useState<"telegram" | "zalo">("telegram");
  const [chatId, setChatId] = useState("");
  const [title, setTitle] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<Schemas["Destination"] | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ["destinations", ward.id] });
  const add = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/wards/{wardId}/destinations", { params: { path: { wardId: ward.id } }, body: { channel, chatId: chatId.trim(), purpose: "summary", ...(title.trim() ? { title: title.trim() } : {}) } })),
    onSuccess: () => {
      setChatId("");
      setTitle("");
      setErrors({});
      void refresh();
    },
    onError: (e) => setErrors(fieldErrors(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/destinations/{destinationId}", { params: { path: { destinationId: id } } })),
    onSuccess: () => {
      setRemoving(null);
      void refresh();
    },
  });
  const name = (d: Schemas["Destination"]) => d.title ?? `nhóm ${d.chatId}`;
  return (
    <section className="card" aria-labelledby="noi-nhan">
      <h2 id="noi-nhan">Nơi nhận bản tổng hợp</h2>
      <QueryState query={destinations} what="nơi nhận" />
      {destinations.data?.length === 0 && <p className="muted">Chưa có nhóm nào: bản tổng hợp được gửi riêng tới từng lãnh đạo phường.</p>}
      {destinations.data && destinations.data.length > 0 && (
        <ul className="destinations">
          {destinations.data.map((d) => (
            <li key={d.id}>
              {name(d)} — {channelLabel(d.channel)}, mã {d.chatId}{" "}
              <button type="button" className="secondary small" onClick={() => setRemoving(d)} aria-label={`Bỏ nơi nhận ${name(d)}`}>
                Bỏ
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!chatId.trim()) return setErrors({ chatId: "Xin nhập mã nhóm chat (ví dụ -1001234567890 trên Telegram)." });
          add.mutate();
        }}
      >
        <Field label="Kênh" error={errors.channel}>
          {(c) => (
            <select {...c} value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)}>
              {CHANNELS.map((x) => (
                <option key={x.channel} value={x.channel}>
                  {x.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Mã nhóm chat" hint="Mã cuộc trò chuyện nhóm: trên Telegram thường bắt đầu bằng -100." error={errors.chatId}>
          {(c) => <input {...c} value={chatId} onChange={(e) => setChatId(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label="Tên gọi nơi nhận" hint="Không bắt buộc, ví dụ: Nhóm lãnh đạo phường" error={errors.title}>
          {(c) => <input {...c} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} />}
        </Field>
        <div className="row">
          <button type="submit" disabled={add.isPending}>
            Thêm nơi nhận
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
          title={`Bỏ nơi nhận “${name(removing)}”?`}
          confirm="Bỏ nơi nhận này"
          pending={remove.isPending}
          error={remove.isError ? problemText(remove.error) : null}
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove.mutate(removing.id)}
        >
          <p>
            Bản tổng hợp sẽ không gửi vào {name(removing)} ({channelLabel(removing.channel)}) nữa.
            {destinations.data?.length === 1 ? " Đây là nơi nhận cuối cùng: từ nay bản tổng hợp được gửi riêng tới từng lãnh đạo phường." : ""}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
