import { constantTimeEqual } from "../../core/crypto.js";

/** Zalo signs each OA webhook request in this header: `mac=<hex>`. */
export const ZALO_OA_SIGNATURE_HEADER = "x-zevent-signature";

/** Which id starts the signed string; sources disagree, so each ward's connection says. */
export type SignatureFirstId = "app_id" | "oa_id";

const encoder = new TextEncoder();

/**
 * The documented signature: plain SHA-256 (not HMAC) of first id + raw body + timestamp + the
 * OA secret key, in lower-case hex, over the body's bytes exactly as received (never a
 * re-serialised JSON, which would reorder or re-escape).
 */
export async function zaloOaMac(firstId: string, rawBody: Uint8Array | string, timestamp: string, secretKey: string): Promise<string> {
  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  const head = encoder.encode(firstId);
  const tail = encoder.encode(`${timestamp}${secretKey}`);
  const all = new Uint8Array(head.length + body.length + tail.length);
  all.set(head, 0);
  all.set(body, head.length);
  all.set(tail, head.length + body.length);
  const digest = await crypto.subtle.digest("SHA-256", all);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether a presented header carries the expected mac, compared in constant time. */
export function macMatches(header: string | undefined, expectedHex: string): boolean {
  const presented = /^\s*mac=([0-9a-fA-F]+)\s*$/.exec(header ?? "")?.[1]?.toLowerCase();
  return presented !== undefined && constantTimeEqual(presented, expectedHex);
}
