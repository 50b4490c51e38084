import type { Schemas } from "../ui";
import { formatDateTime } from "../format";

/** A fresh invitation as the officer passes it on: the code, the Telegram link, until when it works. */
export function InviteBox({ invite, name, zone }: { invite: Schemas["Invite"]; name: string; zone: string | undefined }) {
  return (
    <div className="invite-box" role="status" aria-label={`Mã mời của ${name}`}>
      <p>
        Mã kết nối của <strong>{name}</strong>: <span className="code">{invite.code}</span> (dùng được đến {formatDateTime(invite.expiresAt, zone)})
      </p>
      {invite.telegramLink ? (
        <p>
          Liên kết Telegram: <a href={invite.telegramLink}>{invite.telegramLink}</a>
        </p>
      ) : (
        <p className="muted">Máy chủ chưa kết nối bot Telegram nên chưa có liên kết; người nhận gửi mã này cho bot.</p>
      )}
    </div>
  );
}
