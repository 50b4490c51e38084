/**
 * The admin token, typed once per browser tab. Kept in sessionStorage (gone when the tab closes),
 * never in localStorage, until the access issue brings a server session cookie.
 */
const KEY = "wardbot.adminToken";
const listeners = new Set<() => void>();

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn(token: string) {
    sessionStorage.setItem(KEY, token);
    listeners.forEach((l) => l());
  },
  signOut() {
    if (sessionStorage.getItem(KEY) === null) return;
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};
