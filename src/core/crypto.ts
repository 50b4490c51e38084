/** Hashing and comparison with Web Crypto only, so the same code runs on Node and Workers. */

const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two strings in time that depends only on their lengths, not on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * A check of presented values against one known secret, in time that depends only on the
 * secret's length: where a guess differs, and how long it is, do not show in the timing. No
 * hashing is needed for that, which keeps a check on every webhook request synchronous (Web
 * Crypto's digest goes through a worker thread: ~5 % of a webhook's CPU).
 */
export function secretMatcher(secret: string): (presented: string) => boolean {
  const expected = encoder.encode(secret);
  return (presented) => {
    const given = encoder.encode(presented);
    let diff = given.length ^ expected.length;
    for (let i = 0; i < expected.length; i++) diff |= (i < given.length ? given[i]! : 0) ^ expected[i]!;
    return diff === 0;
  };
}

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
