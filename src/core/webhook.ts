/**
 * Outbound webhooks, the pure parts: the event a ward's system receives, its signature, and
 * which targets are private. Web Crypto only, so it runs on Node and Workers alike.
 */
import { base64ToBytes, bytesToBase64 } from "./base64.js";

export const WEBHOOK_EVENT_TYPES = ["report.submitted", "report.edited", "cycle.closed", "summary.posted"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What is queued and sent as the body: no names or phone numbers, only ids and the group's figures. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  wardId: string;
  data: Record<string, unknown>;
}

export const SIGNATURE_HEADER = "X-Wardbot-Signature";
/** Receivers reject signatures older than this (replays); documented in README. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/** `t=<unix seconds>,v1=<hex HMAC-SHA-256(secret, t + "." + body)>`, as Stripe-style receivers expect. */
export async function signatureHeader(secret: string, body: string, at: Date): Promise<string> {
  const t = Math.floor(at.getTime() / 1000);
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `t=${t},v1=${hex(await crypto.subtle.sign("HMAC", key, encoder.encode(`${t}.${body}`)))}`;
}

/** A webhook's signing secret: "whsec_" and 32 random bytes in hex. */
export function newWebhookSecret(): string {
  return `whsec_${hex(crypto.getRandomValues(new Uint8Array(32)).buffer as ArrayBuffer)}`;
}

/** The AES-GCM key that seals secrets at rest, derived from the server's own key (never stored). */
async function sealingKey(serverKey: string) {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`wardbot webhook secrets\u0000${serverKey}`));
  return crypto.subtle.importKey("raw", digest, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** "v1.<base64 iv>.<base64 ciphertext+tag>" */
export async function sealSecret(serverKey: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await sealingKey(serverKey), encoder.encode(secret));
  return `v1.${bytesToBase64(iv)}.${bytesToBase64(new Uint8Array(sealed))}`;
}

export async function openSecret(serverKey: string, sealed: string): Promise<string> {
  const [version, iv, data] = sealed.split(".");
  if (version !== "v1" || !iv || !data) throw new Error("not a sealed webhook secret");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64ToBytes(iv) as BufferSource }, await sealingKey(serverKey), base64ToBytes(data) as BufferSource);
  return new TextDecoder().decode(plain);
}

/** IPv4 dotted quad to its four numbers, or undefined. */
function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/**
 * Whether an IP address (v4 or v6, as URL hosts and DNS answers write them) is loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified or multicast:
 * a server must not be made to call into its own network on an admin's say.
 */
export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, "").toLowerCase();
  const v4 = ipv4(host);
  if (v4) {
    const [a, b] = v4 as [number, number, number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  if (!host.includes(":")) return false; // a name, not an address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) return isPrivateAddress(mapped[1]!);
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(host)) {
    // ::ffff:7f00:1 is 127.0.0.1 as the URL parser writes it.
    const [hi, lo] = host.slice(7).split(":").map((h) => parseInt(h, 16)) as [number, number];
    return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return host === "::" || host === "::1" || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith("ff");
}

/** A host that names this machine or its network without being an address. */
export const isLocalName = (host: string) => /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i.test(host.replace(/\.$/, ""));
