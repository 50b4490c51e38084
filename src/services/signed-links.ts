import { randomBytes } from "../core/crypto.js";
import { base64url } from "../core/base64.js";
import { signedQuery } from "../core/signed-link.js";
import type { ServiceContext } from "./context.js";
import { isUniqueViolation } from "../db/errors.js";

/**
 * Signed links to files, for chairs to open without an admin token and for channels that can
 * send a link but not a file (Zalo). They work for LINK_LIFETIME_SECONDS.
 */

export const LINK_LIFETIME_SECONDS = 7 * 24 * 3600;
const KEY_NAME = "link_signing_key";

/**
 * LINK_SIGNING_KEY, or the key this installation generated on first use and keeps in the
 * database (so links survive restarts and work across instances on the same database).
 */
export async function linkSigningKey(ctx: Pick<ServiceContext, "db" | "linkSigningKey">): Promise<string> {
  if (ctx.linkSigningKey) return ctx.linkSigningKey;
  const stored = await ctx.db.appSecret.findUnique({ where: { name: KEY_NAME } });
  if (stored) return stored.value;
  try {
    return (await ctx.db.appSecret.create({ data: { name: KEY_NAME, value: base64url(randomBytes(32)) } })).value;
  } catch (error) {
    // Another process made it at the same moment: use theirs.
    if (isUniqueViolation(error)) return (await ctx.db.appSecret.findUniqueOrThrow({ where: { name: KEY_NAME } })).value;
    throw error;
  }
}

export const cycleChartPath = (cycleId: string) => `/files/cycles/${encodeURIComponent(cycleId)}/summary.png`;

/** The signed link to a cycle's chart, or undefined when PUBLIC_URL is not configured. */
export async function cycleChartUrl(ctx: ServiceContext, cycleId: string): Promise<string | undefined> {
  if (!ctx.publicUrl) return undefined;
  const path = cycleChartPath(cycleId);
  return `${ctx.publicUrl}${path}?${await signedQuery(await linkSigningKey(ctx), path, ctx.now(), LINK_LIFETIME_SECONDS)}`;
}
