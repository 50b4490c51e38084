import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorText, unwrap } from "../api/client";
import { formatDate } from "../format";
import { CHANNELS, ROLE_LABELS } from "../labels";
import type { Schemas } from "../ui";
import { InviteBox } from "./invite-box";
import { ArchivePerson, EditPerson } from "./person-edit";

/**
 * Everyone in the ward: role, group, phone, whether they are bound on each channel; edit, move,
 * deactivate or restore, and a new invitation on demand. On a phone each row stacks into a card
 * (styles.css, .stack) rather than scrolling sideways.
 */
export function PeopleTable(props: { members: Schemas["Member"][]; groups: Schemas["Group"][]; zone: string | undefined }) {
  if (!props.members.length) return <p className="muted">Chưa có ai. Thêm từng người hoặc nhập từ tệp CSV ở dưới.</p>;
  const groupName = (id: string | null) => (id ? (props.groups.find((g) => g.id === id)?.name ?? "") : "Cấp phường");
  return (
    // Explicit roles: a table whose rows are laid out as cards (display: block) keeps its table semantics for screen readers.
    <table className="stack" role="table">
      <caption className="muted" style={{ textAlign: "left" }}>
        Tình trạng kết nối với bot theo từng kênh
      </caption>
      <thead>
        <tr role="row">
          <th scope="col">Họ tên</th>
          <th scope="col">Vai trò</th>
          <th scope="col">Tổ</th>
          <th scope="col">Số điện thoại</th>
          {CHANNELS.map((c) => (
            <th scope="col" key={c.channel}>
              {c.label}
            </th>
          ))}
          <th scope="col">Thao tác</th>
        </tr>
      </thead>
      <tbody>
        {props.members.map((m) => (
          <PersonRow key={m.id} member={m} group={groupName(m.groupId)} groups={props.groups} zone={props.zone} />
        ))}
      </tbody>
    </table>
  );
}

function PersonRow({ member, group, groups, zone }: { member: Schemas["Member"]; group: string; groups: Schemas["Group"][]; zone: string | undefined }) {
  const [open, setOpen] = useState<"invite" | "edit" | "archive" | null>(null);
  const close = () => setOpen(null);
  const invite = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/members/{memberId}/invite", { params: { path: { memberId: member.id } } })),
    onSettled: close,
  });
  const bound = (channel: string) => member.channels.find((c) => c.channel === channel);
  const archived = !!member.archivedAt;
  return (
    <>
      <tr role="row" className={archived ? "archived" : undefined}>
        <th scope="row" role="rowheader">
          {member.name}
          {archived && <span className="badge status-absent"> Đã ngừng hoạt động</span>}
        </th>
        <td role="cell" data-label="Vai trò">{member.role ? ROLE_LABELS[member.role] : ""}</td>
        <td role="cell" data-label="Tổ">{group}</td>
        <td role="cell" data-label="Số điện thoại">{member.phone ?? ""}</td>
        {CHANNELS.map((c) => {
          const b = bound(c.channel);
          return (
            <td role="cell" key={c.channel} data-label={c.label}>
              {b ? <span className="badge status-submitted">Đã kết nối {formatDate(b.boundAt, zone)}</span> : <span className="badge status-missing">Chưa kết nối</span>}
            </td>
          );
        })}
        <td role="cell" data-label="Thao tác">
          {open === "invite" ? (
            <div role="group" aria-label={`Xác nhận tạo mã mời mới cho ${member.name}`}>
              <p>Mã mời cũ của {member.name} sẽ không dùng được nữa. Tạo mã mới?</p>
              <div className="row">
                <button type="button" onClick={() => invite.mutate()} disabled={invite.isPending}>
                  Tạo mã mới
                </button>
                <button type="button" className="secondary" onClick={close}>
                  Thôi
                </button>
              </div>
            </div>
          ) : (
            <div className="actions">
              {!archived && (
                <>
                  <button type="button" className="secondary small" onClick={() => setOpen("edit")} aria-label={`Sửa thông tin ${member.name}`}>
                    Sửa
                  </button>
                  <button type="button" className="secondary small" onClick={() => setOpen("invite")} aria-label={`Tạo mã mời mới cho ${member.name}`}>
                    Tạo mã mời mới
                  </button>
                </>
              )}
              <button type="button" className="secondary small" onClick={() => setOpen("archive")} aria-label={`${archived ? "Khôi phục" : "Ngừng hoạt động"} ${member.name}`}>
                {archived ? "Khôi phục" : "Ngừng hoạt động"}
              </button>
            </div>
          )}
          {invite.isError && (
            <p className="error" role="alert">
              {errorText(invite.error)}
            </p>
          )}
          {open === "edit" && <EditPerson member={member} groups={groups} onClose={close} />}
          {open === "archive" && <ArchivePerson member={member} onClose={close} />}
        </td>
      </tr>
      {invite.data && (
        <tr role="row" className="invite-row">
          <td role="cell" colSpan={5 + CHANNELS.length}>
            <InviteBox invite={invite.data} name={member.name} zone={zone} />
          </td>
        </tr>
      )}
    </>
  );
}
