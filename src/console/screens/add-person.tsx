import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError, errorText, unwrap } from "../api/client";
import type { Schemas } from "../ui";
import { GROUP_ROLES, PersonFields } from "./person-fields";
import { InviteBox } from "./invite-box";
import { membersKey } from "./groups";

type Role = Schemas["MemberCreate"]["role"];
/** A Vietnamese phone number as the server accepts it (it has the final word). */
const PHONE = /^(\+?84|0)[\d\s.-]{8,13}$/;

type Errors = Partial<Record<"name" | "role" | "groupId" | "phone" | "form", string>>;

/** The form's fields the server may name (its messages are shown as it says them). */
const FIELDS = new Set<keyof Errors>(["name", "role", "groupId", "phone"]);
/** What the console checks itself before sending (the server has the final word). */
const MESSAGES: Record<Exclude<keyof Errors, "form">, string> = {
  name: "Xin nhập họ tên (tối đa 120 ký tự).",
  role: "Xin chọn vai trò.",
  groupId: "Tổ trưởng và trưởng ban công tác Mặt trận cần chọn tổ dân phố; lãnh đạo phường và quản trị viên thì không.",
  phone: "Số điện thoại chưa đúng (ví dụ 0912 345 678).",
};

/** Adds one person; what was typed stays when the server refuses it, with the reason next to the field. */
export function AddPerson({ wardId, groups }: { wardId: string; groups: Schemas["Group"][] }) {
  const queries = useQueryClient();
  const [form, setForm] = useState({ name: "", role: "leader" as Role, groupId: "", phone: "" });
  const [errors, setErrors] = useState<Errors>({});
  const needsGroup = GROUP_ROLES.includes(form.role);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/wards/{wardId}/members", {
          params: { path: { wardId } },
          body: { name: form.name.trim(), role: form.role, groupId: needsGroup ? form.groupId : null, phone: form.phone.trim() || null },
        }),
      ),
    onSuccess: () => {
      setForm((f) => ({ ...f, name: "", phone: "" }));
      return queries.invalidateQueries({ queryKey: membersKey(wardId) });
    },
    onError: (e) => {
      const fields = e instanceof ApiError ? e.fields.filter((f) => FIELDS.has(f.field as keyof Errors)) : [];
      setErrors(fields.length ? Object.fromEntries(fields.map((f) => [f.field, f.message])) : { form: errorText(e) });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Errors = {};
    if (!form.name.trim() || form.name.trim().length > 120) problems.name = MESSAGES.name;
    if (needsGroup && !form.groupId) problems.groupId = "Xin chọn tổ dân phố của người này.";
    if (form.phone.trim() && !PHONE.test(form.phone.trim())) problems.phone = MESSAGES.phone;
    setErrors(problems);
    if (Object.keys(problems).length) return;
    add.mutate();
  }

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="them-nguoi">
      <h2 id="them-nguoi">Thêm người phụ trách</h2>
      <div className="form-grid">
        <PersonFields form={form} set={set} errors={errors} needsGroup={needsGroup} groups={groups} />
      </div>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" disabled={add.isPending}>
        Thêm người
      </button>
      {add.data && <InviteBox invite={add.data.invite} name={add.data.name} zone={undefined} />}
    </form>
  );
}
