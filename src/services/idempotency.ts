import { base64ToBytes, bytesToBase64 } from "../core/base64.js";
import { sha256Hex } from "../core/crypto.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Database } from "../db/types.js";

/** An Idempotency-Key answers retries for this long, then it is forgotten. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** A first request that has not finished after this long crashed: a retry may run again. */
const ABANDONED_MS = 5 * 60_000;

export interface StoredAnswer {
  status: number;
  body: string;
  contentType: string | null;
}

export type Claim =
  | { kind: "run" }
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

interface KeyRef {
  actor: string;
  /** The Idempotency-Key as the client sent it. */
  key: string;
}

/**
 * Looks an admin's key up, and claims it for this request when it is new (or expired, or left
 * by a request that crashed). The claim is one batch: drop expired keys, insert this one; its
 * primary key (actor, key hash) is the guard, so of two requests racing with one key only one
 * runs and the other is told that the first is in progress.
 */
export async function claimIdempotencyKey(db: Database, now: Date, ref: KeyRef, requestHash: string): Promise<Claim> {
  const keyHash = await sha256Hex(ref.key);
  const id = { actor_keyHash: { actor: ref.actor, keyHash } };
  const existing = await db.idempotencyKey.findUnique({ where: id });
  const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
  if (existing && existing.createdAt >= expiredBefore) {
    if (existing.requestHash !== requestHash) return { kind: "mismatch" };
    if (existing.status !== 0) {
      const body = existing.body === null ? "" : await decrypt(ref.key, existing.body);
      return { kind: "replay", answer: { status: existing.status, body, contentType: existing.contentType } };
    }
    if (existing.createdAt.getTime() > now.getTime() - ABANDONED_MS) return { kind: "in_progress" };
  }
  try {
    await db.$transaction([
      db.idempotencyKey.deleteMany({
        where: { OR: [{ createdAt: { lt: expiredBefore } }, ...(existing ? [{ actor: ref.actor, keyHash, createdAt: existing.createdAt }] : [])] },
      }),
      db.idempotencyKey.create({ data: { actor: ref.actor, keyHash, requestHash, createdAt: now } }),
    ]);
    return { kind: "run" };
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: "in_progress" };
    throw error;
  }
}

/** Keeps the answer of a claimed key for the retries to come. */
export async function storeIdempotentAnswer(db: Database, ref: KeyRef, answer: StoredAnswer) {
  const keyHash = await sha256Hex(ref.key);
  await db.idempotencyKey.updateMany({
    where: { actor: ref.actor, keyHash, status: 0 },
    data: { status: answer.status, body: await encrypt(ref.key, answer.body), contentType: answer.contentType },
  });
}

/** Frees a claimed key whose request failed, so that a retry with it runs afresh. */
export async function releaseIdempotencyKey(db: Database, ref: KeyRef) {
  await db.idempotencyKey.deleteMany({ where: { actor: ref.actor, keyHash: await sha256Hex(ref.key), status: 0 } });
}

// AES-GCM with a key derived from the Idempotency-Key (a different hash than the stored one).
async function cipherKey(idempotencyKey: string) {
  const material = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`wardbot idempotency body\n${idempotencyKey}`));
  return crypto.subtle.importKey("raw", material, "AES-GCM", false, ["encrypt", "decrypt"]);
}

async function encrypt(idempotencyKey: string, text: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await cipherKey(idempotencyKey), new TextEncoder().encode(text)));
  return `${bytesToBase64(iv)}.${bytesToBase64(sealed)}`;
}

async function decrypt(idempotencyKey: string, stored: string): Promise<string> {
  const [iv, sealed] = stored.split(".");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64ToBytes(iv!) as Uint8Array<ArrayBuffer> }, await cipherKey(idempotencyKey), base64ToBytes(sealed!) as Uint8Array<ArrayBuffer>);
  return new TextDecoder().decode(plain);
}
