import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, errorText, unwrap } from "../api/client";
import { formatDateTime } from "../format";
import { ROLE_LABELS } from "../labels";
import { QrCode } from "../qr";
import { Field, QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";
import { groupsKey } from "./groups";

type Sheet = Schemas["Invitations"];
type Invitation = Sheet["invitations"][number];

/** Giấy mời kết nối: A4 sheets, one block per person, to hand out at a meeting. */
export function Invitations() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="giay-moi">
      <div className="no-print">
        <h1 id="giay-moi">Giấy mời kết nối</h1>
        <QueryState query={wards} what="danh sách phường/xã" />
        {ward && <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />}
      </div>
      {ward && <SheetMaker ward={ward} key={ward.id} />}
    </section>
  );
}

function SheetMaker({ ward }: { ward: Schemas["Ward"] }) {
  const groups = useQuery({
    queryKey: groupsKey(ward.id),
    queryFn: () => unwrap(api.GET("/api/v1/wards/{wardId}/groups", { params: { path: { wardId: ward.id } } })),
  });
  const [groupId, setGroupId] = useState("");
  const [include, setInclude] = useState<"unbound" | "all">("unbound");
  const [confirming, setConfirming] = useState(false);
  const make = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/wards/{wardId}/invitations", { params: { path: { wardId: ward.id } }, body: { ...(groupId ? { groupId } : {}), include } })),
    onSettled: () => setConfirming(false),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setConfirming(true);
  }
  const who = groupId ? (groups.data?.find((g) => g.id === groupId)?.name ?? "") : "cả phường";
  return (
    <>
      <form className="card no-print" onSubmit={submit} aria-label="Tạo giấy mời">
        <div className="form-grid">
          <Field label="In cho">
            {(c) => (
              <select {...c} value={groupId} onChange={(e) => setGroupId(e.target.value)}>
                <option value="">Cả phường (mỗi tổ một trang)</option>
                {groups.data?.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Những ai">
            {(c) => (
              <select {...c} value={include} onChange={(e) => setInclude(e.target.value as "unbound" | "all")}>
                <option value="unbound">Người chưa kết nối</option>
                <option value="all">Tất cả mọi người</option>
              </select>
            )}
          </Field>
        </div>
        {confirming ? (
          <div role="alert">
            <p>Mỗi người trong giấy mời ({who}) sẽ được cấp mã kết nối mới; mã cũ chưa dùng sẽ không dùng được nữa. Tiếp tục?</p>
            <div className="row">
              <button type="button" onClick={() => make.mutate()} disabled={make.isPending}>
                Cấp mã và tạo giấy mời
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                Thôi
              </button>
            </div>
          </div>
        ) : (
          <button type="submit">Tạo giấy mời</button>
        )}
        {make.isError && (
          <p className="error" role="alert">
            {errorText(make.error)}
          </p>
        )}
        {make.data && (
          <div className="row" role="status">
            <p>{make.data.invitations.length ? `Đã tạo giấy mời cho ${make.data.invitations.length} người.` : "Không có ai cần giấy mời (mọi người đã kết nối)."}</p>
            {make.data.invitations.length > 0 && (
              <button type="button" onClick={() => window.print()}>
                In giấy mời
              </button>
            )}
          </div>
        )}
      </form>
      {make.data && <Sheets sheet={make.data} zone={ward.timezone ?? undefined} />}
    </>
  );
}

/** One A4 sheet per group (ward-level people on their own), a block per person that never splits. */
function Sheets({ sheet, zone }: { sheet: Sheet; zone: string | undefined }) {
  const pages = new Map<string, Invitation[]>();
  for (const i of sheet.invitations) {
    const key = i.groupName ?? "Cấp phường";
    pages.set(key, [...(pages.get(key) ?? []), i]);
  }
  return (
    <>
      {[...pages].map(([group, people]) => (
        <section className="sheet card" key={group} aria-label={`Giấy mời ${group}`}>
          <header className="sheet-head">
            <h2>Giấy mời kết nối với trợ lý báo cáo của {sheet.wardName}</h2>
            <p>{group}</p>
          </header>
          {people.map((p) => (
            <InvitationBlock key={p.memberId} person={p} zone={zone} />
          ))}
        </section>
      ))}
    </>
  );
}

function InvitationBlock({ person, zone }: { person: Invitation; zone: string | undefined }) {
  const { code, telegramLink, expiresAt } = person.invite;
  return (
    <article className="invite" aria-label={`Giấy mời của ${person.name}`}>
      <div>
        <h3>Kính gửi ông/bà {person.name}</h3>
        <p>
          {person.role ? ROLE_LABELS[person.role] : ""}
          {person.groupName ? ` — ${person.groupName}` : ""}
        </p>
        <p>
          Mã kết nối: <strong className="code">{code}</strong> (dùng một lần, trước {formatDateTime(expiresAt, zone)})
        </p>
        <ol>
          {telegramLink && <li>Telegram: mở camera điện thoại và quét mã QR bên cạnh, rồi bấm “Bắt đầu” (Start).</li>}
          <li>Zalo: nhắn mã kết nối ở trên cho tài khoản Zalo của phường.</li>
          <li>Khi trợ lý chào ông/bà bằng tên, việc kết nối đã xong. Từ đó trợ lý sẽ gửi câu hỏi báo cáo hằng tuần và lịch họp.</li>
        </ol>
      </div>
      {telegramLink && (
        <div className="qr">
          <QrCode text={telegramLink} label={`Mã QR mở Telegram cho ${person.name}`} />
        </div>
      )}
    </article>
  );
}
