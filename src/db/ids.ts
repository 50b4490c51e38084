/**
 * UUID version 7 (RFC 9562), the same kind of id Prisma generates for `@default(uuid(7))`, for
 * rows written with raw SQL on the hot paths (Prisma only fills defaults on its own queries).
 *
 * Ids from this generator increase strictly within the process, also within one millisecond
 * (a 12-bit counter in rand_a, seeded at random each millisecond; on overflow the timestamp
 * moves on by one): the outbox sends a chat's messages ordered by (createdAt, id), so two
 * messages queued together must keep the order they were queued in.
 */
let lastMs = -1;
let counter = 0;

/** Random words from a pool refilled 1,024 at a time: a getRandomValues call costs ~7 µs on Node 20. */
const pool = new Uint32Array(1024);
let poolAt = pool.length;
function randomWords(n: number): Uint32Array {
  if (poolAt + n > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

export function uuidv7(nowMs: number = Date.now()): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    // Seeded below half the range, so a burst in one millisecond rarely overflows it.
    counter = randomWords(1)[0]! & 0x7ff;
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  const random = randomWords(2);
  const ms = hex(lastMs, 12);
  const variant = hex(0x8000 | (random[0]! & 0x3fff), 4); // "10" then 14 random bits
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${hex(counter, 3)}-${variant}-${hex(random[0]! >>> 16, 4)}${hex(random[1]!, 8)}`;
}
