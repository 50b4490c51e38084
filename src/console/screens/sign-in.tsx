import { useId, useState, type FormEvent } from "react";
import { api, errorText, unwrap } from "../api/client";
import { session } from "../session";

/**
 * Signing in with the admin token until the access issue brings people's own accounts. The token
 * is checked against the API before it is kept (in this tab's sessionStorage only).
 */
export function SignIn() {
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
      session.signIn(typed);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Đăng nhập bảng điều khiển phường</h1>
      <p>Nhập mã quản trị (ADMIN_TOKEN) do người cài đặt máy chủ cung cấp. Mã chỉ được giữ trong thẻ trình duyệt này và mất khi đóng thẻ.</p>
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
    </main>
  );
}
