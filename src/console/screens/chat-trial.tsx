import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError, errorText, unwrap } from "../api/client";
import { ConfirmDialog } from "../dialog";
import { ROLE_LABELS } from "../labels";
import { Field, QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";
import { TrialChat } from "../simulator/trial-chat";

/** The value of the person picker that stands for a newcomer (not yet bound, types an invitation code). */
const NEWCOMER = "";

/**
 * Thử trò chuyện: an admin talks to the real bot (the same conversation engine as Telegram and
 * Zalo, on the web channel) as a person of the ward, to try a new form or train staff. The
 * session runs on a preview cycle of its own: nothing typed here reaches the ward's reports.
 */
export function ChatTrial() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="thu-tro-chuyen">
      <h1 id="thu-tro-chuyen">Thử trò chuyện</h1>
      <p className="note" role="note">
        <strong>Chế độ thử — không tính vào báo cáo thật.</strong> Trò chuyện với trợ lý như một người trong phường: báo cáo thử được lưu
        riêng, không vào kỳ báo cáo, tổng hợp hay tin nhắn của ai, và bị xoá khi kết thúc phiên thử (hoặc sau một ngày).
      </p>
      <QueryState query={wards} what="danh sách phường/xã" />
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <WardTrial ward={ward} key={ward.id} />
        </>
      )}
    </section>
  );
}

function WardTrial({ ward }: { ward: Schemas["Ward"] }) {
  const members = useQuery({
    queryKey: ["members", ward.id, "simulator"],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/members", { params: { path: { wardId: ward.id }, query: { limit: 1000 } } })),
  });
  const groups = useQuery({
    queryKey: ["groups", ward.id, "simulator"],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/groups", { params: { path: { wardId: ward.id }, query: { limit: 1000 } } })),
  });
  const [person, setPerson] = useState<string>(NEWCOMER);
  const [session, setSession] = useState<Schemas["SimulatorSession"] | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const start = useMutation({
    mutationFn: async () => {
      // One session at a time: the one shown is ended before another starts.
      if (session) await unwrap(api.DELETE("/api/v1/simulator/{sessionId}", { params: { path: { sessionId: session.id } } })).catch(() => undefined);
      return unwrap(api.POST("/api/v1/wards/{wardId}/simulator", { params: { path: { wardId: ward.id } }, body: person ? { memberId: person } : {} }));
    },
    onSuccess: setSession,
  });
  const end = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/simulator/{sessionId}", { params: { path: { sessionId: session!.id } } })),
    onSuccess: () => {
      setSession(null);
      setConfirmEnd(false);
    },
  });
  const groupName = new Map(groups.data?.map((g) => [g.id, g.name]));
  /** "Nguyễn Văn Tuấn — Tổ trưởng tổ dân phố, Tổ 1" */
  const describe = (m: Schemas["Member"]) =>
    [m.name, [m.role ? ROLE_LABELS[m.role] : null, m.groupId ? groupName.get(m.groupId) : null].filter(Boolean).join(", ")].filter(Boolean).join(" — ");
  return (
    <div className="card chat-trial">
      <QueryState query={members} what="danh sách người phụ trách" />
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate();
        }}
      >
        <Field label="Đóng vai" hint="Trợ lý trả lời như với người này; tài khoản Telegram, Zalo và báo cáo thật của họ không bị đụng tới.">
          {(c) => (
            <select {...c} value={person} onChange={(e) => setPerson(e.target.value)}>
              <option value={NEWCOMER}>Người mới (chưa liên kết: gõ mã mời để thử)</option>
              {members.data?.map((m) => (
                <option key={m.id} value={m.id}>
                  {describe(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" disabled={start.isPending}>
          {session ? "Bắt đầu phiên thử mới" : "Bắt đầu trò chuyện thử"}
        </button>
      </form>
      {start.isError && (
        <p className="error" role="alert">
          {start.error instanceof ApiError && start.error.code === "conflict"
            ? "Phường chưa có mẫu báo cáo: soạn ở trang Mẫu báo cáo trước."
            : `Không bắt đầu được phiên thử. ${errorText(start.error)}`}
        </p>
      )}
      {session && (
        <>
          <TrialChat session={session} key={session.id} onSession={setSession} />
          <div className="row">
            <button type="button" className="secondary" onClick={() => setConfirmEnd(true)}>
              Kết thúc phiên thử
            </button>
          </div>
        </>
      )}
      {confirmEnd && session && (
        <ConfirmDialog
          title="Kết thúc phiên thử?"
          confirm="Kết thúc và xoá"
          onConfirm={() => end.mutate()}
          onCancel={() => setConfirmEnd(false)}
          pending={end.isPending}
          error={end.isError ? errorText(end.error) : null}
        >
          <p>Cuộc trò chuyện và báo cáo thử của phiên này sẽ bị xoá. Báo cáo thật của phường không thay đổi.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
