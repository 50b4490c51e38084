/**
 * Who is signed in to this tab. Staff sign in with a code the bot sends them: the server keeps
 * the session in an httpOnly cookie the page cannot read, and the page holds only the session's
 * CSRF token, in memory. The instance owner may still sign in with the admin token, which is
 * then kept in this tab's sessionStorage (gone when the tab closes), never in localStorage.
 */
const KEY = "wardbot.adminToken";

export type Auth =
  | { kind: "checking" }
  | { kind: "signed-out" }
  | { kind: "owner"; token: string }
  | { kind: "staff"; csrf: string; name: string | null };

const listeners = new Set<() => void>();
const stored = sessionStorage.getItem(KEY);
let current: Auth = stored ? { kind: "owner", token: stored } : { kind: "checking" };

function set(next: Auth) {
  current = next;
  listeners.forEach((l) => l());
}

/** Whether a session cookie is already there (a reload, another tab): asked once on start. */
async function resume() {
  try {
    const res = await fetch("/api/v1/auth/me", { credentials: "same-origin" });
    const me = res.ok ? ((await res.json()) as { kind: string; name: string | null; csrfToken: string | null }) : null;
    if (current.kind !== "checking") return;
    set(me?.kind === "person" && me.csrfToken ? { kind: "staff", csrf: me.csrfToken, name: me.name } : { kind: "signed-out" });
  } catch {
    if (current.kind === "checking") set({ kind: "signed-out" });
  }
}
if (current.kind === "checking") void resume();

export const session = {
  state: (): Auth => current,
  /** The bearer token of an owner sign-in; null when signed in by cookie (the browser sends it). */
  token: (): string | null => (current.kind === "owner" ? current.token : null),
  /** The CSRF token of a staff session, for the changes the page makes. */
  csrf: (): string | null => (current.kind === "staff" ? current.csrf : null),
  signedIn: () => current.kind === "owner" || current.kind === "staff",
  signInAsOwner(token: string) {
    sessionStorage.setItem(KEY, token);
    set({ kind: "owner", token });
  },
  signInAsStaff(csrf: string, name: string | null) {
    // Nothing of the owner's is kept once a person signs in.
    sessionStorage.removeItem(KEY);
    set({ kind: "staff", csrf, name });
  },
  /** Forgets the sign-in here; `server` also ends the cookie session on the server. */
  signOut({ server = false } = {}) {
    if (current.kind === "signed-out") return;
    const csrf = session.csrf();
    if (server && csrf) void fetch("/api/v1/auth/sign-out", { method: "POST", credentials: "same-origin", headers: { "x-csrf-token": csrf } }).catch(() => undefined);
    sessionStorage.removeItem(KEY);
    set({ kind: "signed-out" });
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};
