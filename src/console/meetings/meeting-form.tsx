import type { Role } from "../../core/roles.js";
import { ROLE_LABELS } from "../labels";
import { readDay, readTime } from "../schedule/human";
import { Field, type Schemas } from "../ui";
import { UNIT_LABELS, fromDuration, joinLocal, offsetProblem, splitLocal, toDuration, type Offset, type Unit } from "./reminders";

export const KIND_LABELS: Record<Schemas["MeetingCreate"]["kind"], string> = {
  so_ket: "Hội nghị sơ kết",
  tong_ket: "Hội nghị tổng kết",
  ky_ket: "Lễ ký kết",
  other: "Cuộc họp khác",
};

export interface MeetingDraft {
  title: string;
  kind: Schemas["MeetingCreate"]["kind"];
  day: string;
  time: string;
  location: string;
  reminders: { amount: string; unit: Unit }[];
  roles: Role[];
  /** Empty: every group. */
  groupIds: string[];
}

export function newMeetingDraft(): MeetingDraft {
  return { title: "", kind: "so_ket", day: "", time: "14:00", location: "", reminders: [{ amount: "3", unit: "day" }, { amount: "2", unit: "hour" }], roles: ["leader"], groupIds: [] };
}

export function draftOf(m: Schemas["Meeting"]): MeetingDraft {
  const { day, time } = splitLocal(m.startsAt);
  const reminders = m.remindBefore.map(fromDuration).filter((o): o is Offset => !!o).map((o) => ({ amount: String(o.amount), unit: o.unit }));
  return { title: m.title, kind: (m.kind in KIND_LABELS ? m.kind : "other") as MeetingDraft["kind"], day, time, location: m.location, reminders, roles: m.invitees.roles, groupIds: m.invitees.groupIds ?? [] };
}

/** The browser's own check, by the API's field names; `startsAt` and `remindBefore` ready when none. */
export function checkMeeting(d: MeetingDraft): { problems: Record<string, string>; startsAt?: string; remindBefore: string[] } {
  const problems: Record<string, string> = {};
  if (!d.title.trim()) problems.title = "Xin nhập tên hội nghị.";
  if (!d.location.trim()) problems.location = "Xin nhập địa điểm.";
  const day = readDay(d.day);
  const time = readTime(d.time);
  if (!day) problems.day = "Xin nhập ngày theo ngày/tháng/năm, ví dụ 29/11/2026.";
  if (!time) problems.time = "Xin nhập giờ theo 24 giờ, ví dụ 14:00.";
  if (!d.roles.length) problems["invitees.roles"] = "Xin chọn ít nhất một vai trò được mời.";
  const remindBefore: string[] = [];
  d.reminders.forEach((r, i) => {
    const offset = { amount: Number(r.amount), unit: r.unit };
    const problem = offsetProblem(offset);
    if (problem) problems[`remindBefore.${i}`] = problem;
    else remindBefore.push(toDuration(offset));
  });
  return { problems, remindBefore, ...(day && time ? { startsAt: joinLocal(day, time) } : {}) };
}

/** The server's word on the date: a meeting in the past is said next to the date. */
export function meetingErrors(fields: Record<string, string>): Record<string, string> {
  const out = { ...fields };
  if (out.startsAt) {
    out.day = "Thời gian hội nghị phải ở tương lai, theo ngày/tháng/năm và 24 giờ.";
    delete out.startsAt;
  }
  return out;
}

/** The fields of a meeting; invitees only when creating (the API keeps who was invited). */
export function MeetingFields(props: {
  draft: MeetingDraft;
  onChange: (d: MeetingDraft) => void;
  errors: Record<string, string>;
  groups?: Schemas["Group"][];
}) {
  const { draft: d, errors } = props;
  const set = (patch: Partial<MeetingDraft>) => props.onChange({ ...d, ...patch });
  return (
    <>
      <Field label="Tên hội nghị" error={errors.title}>
        {(c) => <input {...c} value={d.title} onChange={(e) => set({ title: e.target.value })} maxLength={200} />}
      </Field>
      <div className="form-grid">
        <Field label="Loại" error={errors.kind}>
          {(c) => (
            <select {...c} value={d.kind} onChange={(e) => set({ kind: e.target.value as MeetingDraft["kind"] })} disabled={!props.groups}>
              {Object.entries(KIND_LABELS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Địa điểm" error={errors.location}>
          {(c) => <input {...c} value={d.location} onChange={(e) => set({ location: e.target.value })} maxLength={200} />}
        </Field>
        <Field label="Ngày họp" hint="ngày/tháng/năm, ví dụ 29/11/2026" error={errors.day}>
          {(c) => <input {...c} inputMode="numeric" autoComplete="off" value={d.day} onChange={(e) => set({ day: e.target.value })} />}
        </Field>
        <Field label="Giờ họp" hint="24 giờ, ví dụ 14:00" error={errors.time}>
          {(c) => <input {...c} inputMode="numeric" autoComplete="off" value={d.time} onChange={(e) => set({ time: e.target.value })} />}
        </Field>
      </div>
      <fieldset className="reminders">
        <legend>Nhắc người được mời</legend>
        {d.reminders.length === 0 && <p className="muted">Không nhắc.</p>}
        {d.reminders.map((r, i) => (
          <div className="row" key={`${i}-${d.reminders.length}`}>
            <Field label={`Lần nhắc ${i + 1}: nhắc trước`} error={errors[`remindBefore.${i}`]}>
              {(c) => (
                <input
                  {...c}
                  inputMode="numeric"
                  size={4}
                  value={r.amount}
                  onChange={(e) => set({ reminders: d.reminders.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)) })}
                />
              )}
            </Field>
            <Field label={`Đơn vị lần nhắc ${i + 1}`}>
              {(c) => (
                <select {...c} value={r.unit} onChange={(e) => set({ reminders: d.reminders.map((x, j) => (j === i ? { ...x, unit: e.target.value as Unit } : x)) })}>
                  {(["week", "day", "hour", "minute"] as const).map((u) => (
                    <option key={u} value={u}>
                      {UNIT_LABELS[u]} trước
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="button" className="secondary small" onClick={() => set({ reminders: d.reminders.filter((_, j) => j !== i) })} aria-label={`Bỏ lần nhắc ${i + 1}`}>
              Bỏ
            </button>
          </div>
        ))}
        <button type="button" className="secondary small" onClick={() => set({ reminders: [...d.reminders, { amount: "1", unit: "day" }] })}>
          Thêm lần nhắc
        </button>
      </fieldset>
      {props.groups ? (
        <fieldset className="reminders">
          <legend>Người được mời</legend>
          <p className="hint">
            Chọn vai trò; nếu chỉ mời một số tổ, chọn thêm các tổ (không chọn tổ nào là mời mọi tổ).
          </p>
          {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
            <label className="check" key={role}>
              <input
                type="checkbox"
                checked={d.roles.includes(role)}
                onChange={(e) => set({ roles: e.target.checked ? [...d.roles, role] : d.roles.filter((r) => r !== role) })}
              />
              Mời {ROLE_LABELS[role].toLowerCase()}
            </label>
          ))}
          {errors["invitees.roles"] && (
            <p className="field-error" role="alert">
              {errors["invitees.roles"]}
            </p>
          )}
          {props.groups.length > 0 && (
            <details open={d.groupIds.length > 0}>
              <summary>Chỉ mời một số tổ ({d.groupIds.length ? `${d.groupIds.length} tổ đã chọn` : "đang mời mọi tổ"})</summary>
              {props.groups.map((g) => (
                <label className="check" key={g.id}>
                  <input
                    type="checkbox"
                    checked={d.groupIds.includes(g.id)}
                    onChange={(e) => set({ groupIds: e.target.checked ? [...d.groupIds, g.id] : d.groupIds.filter((x) => x !== g.id) })}
                  />
                  Mời {g.name}
                </label>
              ))}
            </details>
          )}
        </fieldset>
      ) : (
        <p className="muted">Danh sách người được mời giữ nguyên khi sửa (những người đã được nhắc sẽ được báo thay đổi).</p>
      )}
    </>
  );
}
