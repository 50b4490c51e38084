import { base64url } from "./base64.js";
import { constantTimeEqual } from "./crypto.js";

/**
 * Links that open one file without an admin token, for a limited time: the query carries the
 * expiry and an HMAC-SHA-256 of the exact path and that expiry. Changing the path (another
 * cycle), the expiry or the signature makes it invalid. Web Crypto only, as in ./crypto.ts.
 */

const encoder = new TextEncoder();

/** The signature of `path` valid until `expires` (unix seconds). The newline cannot occur in a path. */
export async function signPath(key: string, path: string, expires: number): Promise<string> {
  const hmacKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", hmacKey, encoder.encode(`${path}\n${expires}`));
  return base64url(new Uint8Array(mac));
}

/** "exp=…&sig=…" for `path`, valid for `lifetimeSeconds` from `now`. */
export async function signedQuery(key: string, path: string, now: Date, lifetimeSeconds: number): Promise<string> {
  const expires = Math.floor(now.getTime() / 1000) + lifetimeSeconds;
  return `exp=${expires}&sig=${await signPath(key, path, expires)}`;
}

export type LinkCheck = "valid" | "expired" | "invalid";

/**
 * Checks the `exp` and `sig` a request presented for `path`. The signature is compared in
 * constant time; an expired link is told apart only once its signature is right.
 */
export async function checkSignedPath(
  key: string,
  path: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
): Promise<LinkCheck> {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return "invalid";
  const expected = await signPath(key, path, Number(exp));
  if (!constantTimeEqual(expected, sig)) return "invalid";
  return Number(exp) * 1000 <= now.getTime() ? "expired" : "valid";
}
