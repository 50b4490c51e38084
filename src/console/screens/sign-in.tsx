import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ApiError, api, errorText, unwrap } from "../api/client";
import { session } from "../session";

/**
 * Ward staff sign in with their phone number: the bot sends a 6-digit code to their chat (on
 * Telegram also a link that opens this page with the code filled in), and the code becomes a
 * session cookie. The instance owner may still sign in with the admin token.
 */
export function SignIn() {
  return (
    <main className="sign-in">
      <h1>Đăng nhập bảng điều khiển phường</h1>
      <StaffSignIn />
      <OwnerSignIn />
    </main>
  );
}

/** The code and phone of the one-tap link (`/#/sign-in?phone=…&code=…`), read once and cleared from the address bar. */
function linkParams(): { phone: string; code: string } | null {
  const match = /^#\/sign-in\?(.*)$/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, "", location.pathname + location.search);
  const params = new URLSearchParams(match[1]);
  const phone = params.get("phone");
  const code = params.get("code");
  return phone && code ? { phone, code } : null;
}

function codeError(error: unknown): string {
  // The server says it in Vietnamese (wrong or expired code, a locked number).
  return errorText(error);
}

function StaffSignIn() {
  const id = useId();
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fromLink = useRef(linkParams());
  const codeInput = useRef<HTMLInputElement>(null);

  async function verify(phoneNumber: string, typed: string) {
    setBusy(true);
    setError(null);
    try {
      const me = await unwrap(api.POST("/api/v1/auth/verify", { body: { phone: phoneNumber, code: typed } }));
      session.signInAsStaff(me.csrfToken!, me.name);
    } catch (err) {
      setError(codeError(err));
      setBusy(false);
    }
  }

  useEffect(() => {
    const link = fromLink.current;
    if (!link) return;
    fromLink.current = null;
    setPhone(link.phone);
    setCode(link.code);
    setSent("Đang đăng nhập bằng liên kết trong tin nhắn của bot…");
    void verify(link.phone, link.code);
  }, []);

  async function requestCode(e: FormEvent) {
    e.preventDefault();
    if (!phone.trim()) return setError("Xin nhập số điện thoại.");
    setBusy(true);
    setError(null);
    try {
      const answer = await unwrap(api.POST("/api/v1/auth/sign-in", { body: { phone: phone.trim() } }));
      setSent(answer.message);
      setBusy(false);
      setTimeout(() => codeInput.current?.focus());
    } catch (err) {
      setError(codeError(err));
      setBusy(false);
    }
  }

  function submitCode(e: FormEvent) {
    e.preventDefault();
    const typed = code.replace(/\s/g, "");
    if (!/^\d{6}$/.test(typed)) return setError("Mã gồm 6 chữ số, trong tin nhắn bot vừa gửi.");
    void verify(phone.trim(), typed);
  }

  const errorBox = error && (
    <p id={`${id}-error`} className="field-error" role="alert">
      {error}
    </p>
  );

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Cán bộ phường</h2>
      <p>Nhập số điện thoại đã đăng ký với phường. Bot sẽ gửi mã đăng nhập vào cuộc trò chuyện của anh/chị với bot trên Telegram hoặc Zalo.</p>
      {sent === null ? (
        <form onSubmit={requestCode} noValidate>
          <div className="field">
            <label htmlFor={`${id}-phone`}>Số điện thoại</label>
            <input
              id={`${id}-phone`}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            {errorBox}
          </div>
          <button type="submit" disabled={busy}>
            {busy ? "Đang gửi…" : "Gửi mã"}
          </button>
        </form>
      ) : (
        <form onSubmit={submitCode} noValidate>
          <p role="status">{sent}</p>
          <div className="field">
            <label htmlFor={`${id}-code`}>Mã 6 chữ số</label>
            <input
              id={`${id}-code`}
              ref={codeInput}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            {errorBox}
          </div>
          <button type="submit" disabled={busy}>
            {busy ? "Đang kiểm tra…" : "Xác nhận mã"}
          </button>{" "}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setSent(null);
              setCode("");
              setError(null);
            }}
          >
            Đổi số hoặc gửi lại mã
          </button>
        </form>
      )}
    </section>
  );
}

/** The instance owner's admin token (ADMIN_TOKEN), checked before it is kept for this tab. */
function OwnerSignIn() {
  const id = useId();
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const typed = token.trim();
    if (!typed) return setError("Xin nhập mã quản trị.");
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.GET("/api/v1/wards", { headers: { authorization: `Bearer ${typed}` } }));
      session.signInAsOwner(typed);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Chủ máy chủ</h2>
      <p>Người cài đặt máy chủ có thể đăng nhập bằng mã quản trị (ADMIN_TOKEN). Mã chỉ được giữ trong thẻ trình duyệt này và mất khi đóng thẻ.</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-token`}>Mã quản trị</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="current-password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            required
          />
          {error && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Đang kiểm tra…" : "Đăng nhập"}
        </button>
      </form>
    </section>
  );
}
