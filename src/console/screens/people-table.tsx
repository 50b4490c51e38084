import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorText, unwrap } from "../api/client";
import { formatDate } from "../format";
import { CHANNELS, ROLE_LABELS } from "../labels";
import type { Schemas } from "../ui";
import { InviteBox } from "./invite-box";

/** Everyone in the ward: role, group, phone, whether they are bound on each channel; a new invitation on demand. */
export function PeopleTable(props: { members: Schemas["Member"][]; groups: Schemas["Group"][]; zone: string | undefined }) {
  if (!props.members.length) return <p className="muted">Chưa có ai. Thêm từng người hoặc nhập từ tệp CSV ở dưới.</p>;
  const groupName = (id: string | null) => (id ? (props.groups.find((g) => g.id === id)?.name ?? "") : "Cấp phường");
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted" style={{ textAlign: "left" }}>
          Tình trạng kết nối với bot theo từng kênh
        </caption>
        <thead>
          <tr>
            <th scope="col">Họ tên</th>
            <th scope="col">Vai trò</th>
            <th scope="col">Tổ</th>
            <th scope="col">Số điện thoại</th>
            {CHANNELS.map((c) => (
              <th scope="col" key={c.channel}>
                {c.label}
              </th>
            ))}
            <th scope="col">Mã mời</th>
          </tr>
        </thead>
        <tbody>
          {props.members.map((m) => (
            <PersonRow key={m.id} member={m} group={groupName(m.groupId)} zone={props.zone} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PersonRow({ member, group, zone }: { member: Schemas["Member"]; group: string; zone: string | undefined }) {
  const [confirming, setConfirming] = useState(false);
  const invite = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/members/{memberId}/invite", { params: { path: { memberId: member.id } } })),
    onSettled: () => setConfirming(false),
  });
  const bound = (channel: string) => member.channels.find((c) => c.channel === channel);
  return (
    <>
      <tr>
        <th scope="row">{member.name}</th>
        <td>{member.role ? ROLE_LABELS[member.role] : ""}</td>
        <td>{group}</td>
        <td>{member.phone ?? ""}</td>
        {CHANNELS.map((c) => {
          const b = bound(c.channel);
          return (
            <td key={c.channel}>
              {b ? <span className="badge status-submitted">Đã kết nối {formatDate(b.boundAt, zone)}</span> : <span className="badge status-missing">Chưa kết nối</span>}
            </td>
          );
        })}
        <td>
          {confirming ? (
            <div role="group" aria-label={`Xác nhận tạo mã mời mới cho ${member.name}`}>
              <p>Mã mời cũ của {member.name} sẽ không dùng được nữa. Tạo mã mới?</p>
              <div className="row">
                <button type="button" onClick={() => invite.mutate()} disabled={invite.isPending}>
                  Tạo mã mới
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                  Thôi
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="secondary" onClick={() => setConfirming(true)} aria-label={`Tạo mã mời mới cho ${member.name}`}>
              Tạo mã mời mới
            </button>
          )}
          {invite.isError && (
            <p className="error" role="alert">
              {errorText(invite.error)}
            </p>
          )}
        </td>
      </tr>
      {invite.data && (
        <tr>
          <td colSpan={5 + CHANNELS.length}>
            <InviteBox invite={invite.data} name={member.name} zone={zone} />
          </td>
        </tr>
      )}
    </>
  );
}
