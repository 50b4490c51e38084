import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, unwrap } from "../api/client";
import { ConfirmDialog, Dialog } from "../dialog";
import { problemText } from "../messages";
import { Field, type Schemas } from "../ui";

const NAME_TAKEN = "Phường đã có tổ dân phố trùng tên này (kể cả tổ đã ngừng hoạt động).";

/** The ward's groups, each with rename, deactivate (archive) and restore. */
export function GroupList(props: { groups: Schemas["Group"][]; members: Schemas["Member"][] }) {
  if (!props.groups.length) return <p className="muted">Phường chưa có tổ dân phố nào.</p>;
  return (
    <ul className="group-list">
      {props.groups.map((g) => (
        <GroupItem key={g.id} group={g} people={props.members.filter((m) => m.groupId === g.id && !m.archivedAt).length} />
      ))}
    </ul>
  );
}

function usePatchGroup(group: Schemas["Group"], done: () => void) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["GroupPatch"]) => unwrap(api.PATCH("/api/v1/groups/{groupId}", { params: { path: { groupId: group.id } }, body })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ["groups", group.wardId] });
      done();
    },
  });
}

function GroupItem({ group, people }: { group: Schemas["Group"]; people: number }) {
  const [open, setOpen] = useState<"rename" | "archive" | "restore" | null>(null);
  const close = () => setOpen(null);
  const patch = usePatchGroup(group, close);
  const cancel = () => {
    patch.reset();
    close();
  };
  return (
    <li className={group.archivedAt ? "archived" : undefined}>
      <span>
        {group.name} <span className="muted">— {people} người</span>
        {group.archivedAt && <span className="badge status-absent"> Đã ngừng hoạt động</span>}
      </span>{" "}
      <span className="actions">
        {group.archivedAt ? (
          <button type="button" className="secondary small" onClick={() => setOpen("restore")} aria-label={`Khôi phục ${group.name}`}>
            Khôi phục
          </button>
        ) : (
          <>
            <button type="button" className="secondary small" onClick={() => setOpen("rename")} aria-label={`Đổi tên ${group.name}`}>
              Đổi tên
            </button>
            <button type="button" className="secondary small" onClick={() => setOpen("archive")} aria-label={`Ngừng hoạt động ${group.name}`}>
              Ngừng hoạt động
            </button>
          </>
        )}
      </span>
      {open === "rename" && <RenameGroup group={group} patch={patch} onCancel={cancel} />}
      {open === "archive" && (
        <ConfirmDialog
          title={`Ngừng hoạt động ${group.name}?`}
          confirm="Ngừng hoạt động tổ"
          onConfirm={() => patch.mutate({ archived: true })}
          onCancel={cancel}
          pending={patch.isPending}
          error={patch.isError ? problemText(patch.error) : null}
        >
          <p>Từ kỳ báo cáo sau, {group.name} không còn phải báo cáo: bot không hỏi và không nhắc tổ này nữa.</p>
          <p>Các báo cáo cũ và bản tổng hợp đã có vẫn giữ nguyên.</p>
          {people > 0 && (
            <p>
              {people} người của tổ vẫn giữ nguyên: hãy chuyển họ sang tổ khác hoặc cho ngừng hoạt động.
            </p>
          )}
          <p>Có thể khôi phục tổ bất cứ lúc nào.</p>
        </ConfirmDialog>
      )}
      {open === "restore" && (
        <ConfirmDialog
          title={`Khôi phục ${group.name}?`}
          confirm="Khôi phục tổ"
          onConfirm={() => patch.mutate({ archived: false })}
          onCancel={cancel}
          pending={patch.isPending}
          error={patch.isError ? problemText(patch.error, NAME_TAKEN) : null}
        >
          <p>Từ kỳ báo cáo sau, {group.name} lại phải báo cáo như các tổ khác.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}

function RenameGroup({ group, patch, onCancel }: { group: Schemas["Group"]; patch: ReturnType<typeof usePatchGroup>; onCancel: () => void }) {
  const [name, setName] = useState(group.name);
  const [error, setError] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError("Xin nhập tên tổ dân phố.");
    setError(null);
    patch.mutate({ name: name.trim() });
  }
  return (
    <Dialog title={`Đổi tên ${group.name}`} onClose={onCancel}>
      <form onSubmit={submit} noValidate>
        <Field label="Tên mới của tổ" error={error ?? (patch.isError ? problemText(patch.error, NAME_TAKEN) : null)}>
          {(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoFocus />}
        </Field>
        <div className="row dialog-actions">
          <button type="submit" disabled={patch.isPending}>
            Lưu tên mới
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Thôi, không làm
          </button>
        </div>
      </form>
    </Dialog>
  );
}
