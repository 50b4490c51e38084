import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError, errorText, unwrap } from "../api/client";
import { Field, QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";
import { AddPerson } from "./add-person";
import { ImportPeople } from "./import-people";
import { GroupList } from "./group-list";
import { PeopleTable } from "./people-table";

export const groupsKey = (wardId: string) => ["groups", wardId];
export const membersKey = (wardId: string) => ["members", wardId];

/** Tổ dân phố và người phụ trách: the ward's groups and people, added by hand or from a CSV file. */
export function GroupsAndPeople() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="to-dan-pho">
      <h1 id="to-dan-pho">Tổ dân phố và người phụ trách</h1>
      <QueryState query={wards} what="danh sách phường/xã" />
      {wards.data?.length === 0 && <p>Chưa có phường/xã nào: tạo phường/xã ở trang Tổng quan trước.</p>}
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <WardPeople ward={ward} key={ward.id} />
        </>
      )}
    </section>
  );
}

function WardPeople({ ward }: { ward: Schemas["Ward"] }) {
  // Archived groups and people are read too, so that they can be shown and restored on demand.
  const groups = useQuery({
    queryKey: [...groupsKey(ward.id), "all"],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/groups", { params: { path: { wardId: ward.id }, query: { archived: "true", limit: 1000 } } })),
  });
  const members = useQuery({
    queryKey: [...membersKey(ward.id), "all"],
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/members", { params: { path: { wardId: ward.id }, query: { archived: "true", limit: 1000 } } })),
  });
  const [showArchived, setShowArchived] = useState(false);
  const shownGroups = groups.data?.filter((g) => showArchived || !g.archivedAt);
  const shownMembers = members.data?.filter((m) => showArchived || !m.archivedAt);
  const activeGroups = groups.data?.filter((g) => !g.archivedAt);
  const archivedCount = (groups.data?.filter((g) => g.archivedAt).length ?? 0) + (members.data?.filter((m) => m.archivedAt).length ?? 0);
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        Hiện cả tổ và người đã ngừng hoạt động ({archivedCount})
      </label>
      <div className="card">
        <h2>Tổ dân phố ({activeGroups?.length ?? "…"})</h2>
        <QueryState query={groups} what="các tổ dân phố" />
        {shownGroups && <GroupList groups={shownGroups} members={members.data ?? []} />}
        <AddGroup wardId={ward.id} />
      </div>
      <div className="card">
        <h2>Người phụ trách ({members.data?.filter((m) => !m.archivedAt).length ?? "…"})</h2>
        <QueryState query={members} what="danh sách người phụ trách" />
        {shownMembers && groups.data && <PeopleTable members={shownMembers} groups={groups.data} zone={ward.timezone ?? undefined} />}
      </div>
      {activeGroups && <AddPerson wardId={ward.id} groups={activeGroups} />}
      <ImportPeople wardId={ward.id} />
    </>
  );
}

function AddGroup({ wardId }: { wardId: string }) {
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (groupName: string) => unwrap(api.POST("/api/v1/wards/{wardId}/groups", { params: { path: { wardId } }, body: { name: groupName } })),
    onSuccess: (group) => {
      setAdded(`Đã thêm ${group.name}.`);
      setName("");
      return queries.invalidateQueries({ queryKey: groupsKey(wardId) });
    },
    onError: (e) =>
      setError(
        e instanceof ApiError && e.code === "conflict"
          ? "Phường đã có tổ dân phố trùng tên này."
          : e instanceof ApiError && e.fields.some((f) => f.field === "name")
            ? "Tên tổ chưa hợp lệ (1–120 ký tự)."
            : errorText(e),
      ),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    if (!name.trim()) return setError("Xin nhập tên tổ dân phố.");
    setError(null);
    add.mutate(name.trim());
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Thêm tổ dân phố">
      <h3>Thêm tổ dân phố</h3>
      <div className="row">
        <Field label="Tên tổ dân phố" hint="Ví dụ: Tổ dân phố số 7" error={error}>
          {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />}
        </Field>
        <button type="submit" disabled={add.isPending}>
          Thêm tổ
        </button>
      </div>
      <p role="status" className="success">
        {added}
      </p>
    </form>
  );
}
