import { ROLE_LABELS } from "../labels";
import { Field, type Schemas } from "../ui";

type Role = Schemas["MemberCreate"]["role"];
const ROLES = Object.keys(ROLE_LABELS) as Role[];
/** The roles that belong to a group (the others are ward-level). */
export const GROUP_ROLES: Role[] = ["leader", "front_head"];

export interface PersonForm {
  name: string;
  role: string;
  groupId: string;
  phone: string;
}

/**
 * A person's fields, the same when adding one and when editing one: name, role, group (only for
 * the roles that belong to a group) and phone, each with its error next to it.
 */
export function PersonFields(props: {
  form: PersonForm;
  set: (key: keyof PersonForm) => (e: { target: { value: string } }) => void;
  errors: Partial<Record<keyof PersonForm, string>>;
  needsGroup: boolean;
  groups: { id: string; name: string }[];
}) {
  const { form, set, errors, needsGroup, groups } = props;
  return (
    <>
      <Field label="Họ tên" error={errors.name}>
        {(c) => <input {...c} value={form.name} onChange={set("name")} maxLength={120} autoComplete="off" />}
      </Field>
      <Field label="Vai trò" error={errors.role}>
        {(c) => (
          <select {...c} value={form.role} onChange={set("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Tổ dân phố" hint={needsGroup ? undefined : "Vai trò cấp phường: không thuộc tổ nào."} error={errors.groupId}>
        {(c) => (
          <select {...c} value={needsGroup ? form.groupId : ""} onChange={set("groupId")} disabled={!needsGroup}>
            <option value="">{needsGroup ? "— Chọn tổ —" : "Cấp phường"}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Số điện thoại (không bắt buộc)" hint="Ví dụ: 0912 345 678" error={errors.phone}>
        {(c) => <input {...c} type="tel" value={form.phone} onChange={set("phone")} maxLength={20} autoComplete="off" />}
      </Field>
    </>
  );
}
