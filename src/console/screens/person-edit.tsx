import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { ConfirmDialog, Dialog } from "../dialog";
import { fieldErrors, problemText } from "../messages";
import type { Schemas } from "../ui";
import { GROUP_ROLES, PersonFields } from "./person-fields";

type Role = Schemas["MemberCreate"]["role"];
const SAME_PERSON = "Phường đã có người trùng họ tên và số điện thoại này.";

function usePatchMember(member: Schemas["Member"], done: () => void) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["MemberPatch"]) => unwrap(api.PATCH("/api/v1/members/{memberId}", { params: { path: { memberId: member.id } }, body })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ["members", member.wardId] });
      done();
    },
  });
}

/** Edit (name, role, phone) and move (another group) one person; what was typed stays on a refusal. */
export function EditPerson({ member, groups, onClose }: { member: Schemas["Member"]; groups: Schemas["Group"][]; onClose: () => void }) {
  const [form, setForm] = useState({ name: member.name, role: (member.role ?? "leader") as Role, groupId: member.groupId ?? "", phone: member.phone ?? "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const patch = usePatchMember(member, onClose);
  const needsGroup = GROUP_ROLES.includes(form.role);
  const active = groups.filter((g) => !g.archivedAt || g.id === member.groupId);
  const groupName = (id: string | null) => (id ? (groups.find((g) => g.id === id)?.name ?? "") : "cấp phường");
  const targetGroup = needsGroup ? form.groupId || null : null;
  const moving = targetGroup !== member.groupId;

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!form.name.trim()) problems.name = "Xin nhập họ tên (tối đa 120 ký tự).";
    if (needsGroup && !form.groupId) problems.groupId = "Xin chọn tổ dân phố của người này.";
    setErrors(problems);
    if (Object.keys(problems).length) return;
    patch.mutate(
      { name: form.name.trim(), role: form.role, groupId: targetGroup, phone: form.phone.trim() || null },
      { onError: (err) => setErrors(err instanceof ApiError && err.code === "conflict" ? { form: SAME_PERSON } : fieldErrors(err)) },
    );
  }
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <Dialog title={`Sửa thông tin ${member.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <PersonFields form={form} set={set} errors={errors} needsGroup={needsGroup} groups={active} />
        {moving && (!needsGroup || form.groupId) && (
          <p className="note" role="status">
            {member.name} sẽ chuyển từ {groupName(member.groupId)} sang {groupName(targetGroup)}. Từ kỳ báo cáo sau, người này báo cáo cho{" "}
            {groupName(targetGroup)}; báo cáo đã nộp vẫn thuộc tổ cũ.
          </p>
        )}
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="row dialog-actions">
          <button type="submit" disabled={patch.isPending}>
            Lưu thay đổi
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Thôi, không làm
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Deactivate (archive) or restore one person, after saying what that does. */
export function ArchivePerson({ member, onClose }: { member: Schemas["Member"]; onClose: () => void }) {
  const patch = usePatchMember(member, onClose);
  const restoring = !!member.archivedAt;
  return restoring ? (
    <ConfirmDialog
      title={`Khôi phục ${member.name}?`}
      confirm="Khôi phục người này"
      onConfirm={() => patch.mutate({ archived: false })}
      onCancel={onClose}
      pending={patch.isPending}
      error={patch.isError ? problemText(patch.error, SAME_PERSON) : null}
    >
      <p>{member.name} trở lại danh sách và lại được hỏi báo cáo từ kỳ sau.</p>
      <p>Để nhận tin từ bot, người này cần một mã mời mới (nút “Tạo mã mời mới”).</p>
    </ConfirmDialog>
  ) : (
    <ConfirmDialog
      title={`Ngừng hoạt động ${member.name}?`}
      confirm="Ngừng hoạt động người này"
      onConfirm={() => patch.mutate({ archived: true })}
      onCancel={onClose}
      pending={patch.isPending}
      error={patch.isError ? problemText(patch.error) : null}
    >
      <p>{member.name} sẽ bị ngắt kết nối với bot trên mọi kênh: không nhận câu hỏi, lời nhắc hay tổng hợp nữa; tin đang chờ gửi bị huỷ và mã mời chưa dùng hết hiệu lực.</p>
      <p>Các báo cáo người này đã nộp vẫn giữ nguyên. Có thể khôi phục sau, rồi gửi mã mời mới để kết nối lại.</p>
    </ConfirmDialog>
  );
}
