import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError, errorText, unwrap } from "../api/client";
import { Field, QueryState, useWards, type Schemas } from "../ui";
import { OpenCycle } from "./open-cycle";
import { LatestSummary } from "./latest-summary";
import { UpcomingMeetings } from "./upcoming-meetings";

/** Tổng quan: each ward's open cycle, its latest summary and its coming meetings. */
export function Dashboard() {
  const wards = useWards();
  return (
    <section aria-labelledby="tong-quan">
      <h1 id="tong-quan">Tổng quan</h1>
      <QueryState query={wards} what="danh sách phường/xã" />
      {wards.data?.length === 0 && <FirstWard />}
      {wards.data?.map((ward) => <WardOverview key={ward.id} ward={ward} showName={wards.data.length > 1} />)}
    </section>
  );
}

function WardOverview({ ward, showName }: { ward: Schemas["Ward"]; showName: boolean }) {
  const zone = ward.timezone ?? undefined;
  return (
    <article className="card" aria-label={ward.name}>
      {showName ? <h2>{ward.name}</h2> : <p className="muted">{ward.name}</p>}
      <OpenCycle wardId={ward.id} zone={zone} />
      <LatestSummary wardId={ward.id} />
      <UpcomingMeetings wardId={ward.id} zone={zone} />
    </article>
  );
}

/** A fresh installation has no ward: the first one is created here. */
function FirstWard() {
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (wardName: string) => unwrap(api.POST("/api/v1/wards", { body: { name: wardName } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["wards"] }),
    onError: (e) => setError(e instanceof ApiError && e.fields.some((f) => f.field === "name") ? "Tên phường/xã chưa hợp lệ (1–120 ký tự)." : errorText(e)),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError("Xin nhập tên phường/xã.");
    setError(null);
    create.mutate(name.trim());
  }
  return (
    <div className="card">
      <h2>Chưa có phường/xã nào</h2>
      <p>Tạo phường/xã đầu tiên để bắt đầu: sau đó thêm tổ dân phố và người phụ trách.</p>
      <form onSubmit={submit} noValidate>
        <Field label="Tên phường/xã" hint="Ví dụ: Phường Ngọc Lâm" error={error}>
          {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />}
        </Field>
        <button type="submit" disabled={create.isPending}>
          Tạo phường/xã
        </button>
      </form>
    </div>
  );
}
