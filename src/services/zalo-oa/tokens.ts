import { refreshAccessToken, ZaloOaApiError, type ZaloOaRoots } from "../../channels/zalo-oa/client.js";
import { OaTokenRefused, OaTokenUnavailable } from "../../channels/zalo-oa/errors.js";

export { OaTokenRefused, OaTokenUnavailable };
import type { Logger } from "../../core/logger.js";
import { uuidv7 } from "../../db/ids.js";
import type { Database } from "../../db/types.js";
import type { ServiceContext } from "../context.js";
import { secretBox } from "./secret-box.js";

/**
 * The ward's OA access token, refreshed before it runs out with the single-use, rotating
 * refresh token. Refreshes are serialised across processes by a lease on the connection row,
 * claimed with one conditional UPDATE (compare-and-set on the lease value read: D1 has no
 * interactive transactions); the new token pair is stored — refresh token first in importance:
 * it is the only way back in — in one conditional UPDATE on the token version before the new
 * access token is used. Whoever did not hold the lease waits and uses the stored result.
 */

export interface OaTokenEnv extends Pick<ServiceContext, "db" | "linkSigningKey"> {
  now: () => Date;
  log: Logger;
  roots: ZaloOaRoots;
}

export const TOKEN_TIMING = {
  /** Refreshed this long before Zalo's expiry (the access token lives ~25 h). */
  refreshAheadMs: 30 * 60_000,
  /** A lease older than this belongs to a process that died mid-refresh. */
  leaseMs: 30_000,
  /** How often a waiting caller looks whether the holder finished. */
  pollMs: 100,
  /** How long a caller waits for another's refresh before giving up for now (transient). */
  waitMs: 35_000,
};

interface Row {
  wardId: string;
  appId: string;
  secretKeyEnc: string;
  refreshTokenEnc: string;
  accessTokenEnc: string | null;
  accessExpiresAt: Date | null;
  tokenVersion: number;
  refreshLease: string | null;
  status: string;
  lastError: string | null;
}

async function readRow(db: Database, wardId: string): Promise<Row | null> {
  return db.zaloOaConnection.findUnique({
    where: { wardId },
    select: { wardId: true, appId: true, secretKeyEnc: true, refreshTokenEnc: true, accessTokenEnc: true, accessExpiresAt: true, tokenVersion: true, refreshLease: true, status: true, lastError: true },
  });
}

const leaseExpired = (lease: string | null, nowMs: number) => lease === null || Number(lease.split(":")[0]) <= nowMs;

/** The refusal admins read, in Vietnamese, with Zalo's code (never a token). */
export const refusedReason = (error: ZaloOaApiError) =>
  `Zalo từ chối làm mới mã truy cập của OA (lỗi ${error.code}: ${error.description}). Xin quản trị phường kết nối lại OA với mã làm mới (refresh token) mới`;

/**
 * A valid access token of the ward's OA. `rejected`: the token Zalo just refused (-216): a
 * refresh is forced unless another caller already stored a newer one.
 */
export async function oaAccessToken(env: OaTokenEnv, wardId: string, rejected?: string): Promise<string> {
  const box = await secretBox(env);
  const deadline = Date.now() + TOKEN_TIMING.waitMs;
  for (;;) {
    const row = await readRow(env.db, wardId);
    if (!row) throw new OaTokenRefused("OA của phường chưa được kết nối (hoặc đã bị ngắt kết nối)");
    const nowMs = env.now().getTime();
    const current = row.accessTokenEnc ? await box.open(row.accessTokenEnc) : undefined;
    const fresh = current !== undefined && row.accessExpiresAt !== null && row.accessExpiresAt.getTime() - TOKEN_TIMING.refreshAheadMs > nowMs;
    if (fresh && current !== rejected) return current;
    if (row.status === "refresh_failed") throw new OaTokenRefused(row.lastError ?? "Zalo từ chối làm mới mã truy cập của OA");
    if (leaseExpired(row.refreshLease, nowMs)) {
      const lease = `${nowMs + TOKEN_TIMING.leaseMs}:${uuidv7()}`;
      const claimed = await env.db.$executeRaw`
        UPDATE "ZaloOaConnection" SET "refreshLease" = ${lease}
        WHERE "wardId" = ${wardId} AND "tokenVersion" = ${row.tokenVersion} AND "refreshLease" IS ${row.refreshLease}`;
      if (claimed === 1) return refreshHolding(env, row, lease);
    }
    if (Date.now() > deadline) throw new OaTokenUnavailable("Đang chờ làm mới mã truy cập của OA quá lâu; sẽ thử lại");
    await new Promise((resolve) => setTimeout(resolve, TOKEN_TIMING.pollMs));
  }
}

/** The refresh itself, by the holder of the lease on version `row.tokenVersion`. */
async function refreshHolding(env: OaTokenEnv, row: Row, lease: string): Promise<string> {
  const box = await secretBox(env);
  const { db, log } = env;
  let pair;
  try {
    pair = await refreshAccessToken(env.roots, row.appId, await box.open(row.secretKeyEnc), await box.open(row.refreshTokenEnc));
  } catch (error) {
    const refused = error instanceof ZaloOaApiError;
    const reason = refused ? refusedReason(error) : `Không gọi được máy chủ cấp mã của Zalo (${(error as Error).message}); sẽ thử lại`;
    // Refused: the refresh token is spent or revoked, and only an admin can give a new one.
    // No answer: the token may or may not have been spent; the lease is freed to try again.
    await db.$executeRaw`
      UPDATE "ZaloOaConnection" SET "refreshLease" = NULL, "status" = ${refused ? "refresh_failed" : row.status},
        "lastError" = ${reason}, "lastErrorAt" = ${env.now()}, "updatedAt" = ${env.now()}
      WHERE "wardId" = ${row.wardId} AND "tokenVersion" = ${row.tokenVersion} AND "refreshLease" = ${lease}`;
    log.warn("zalo oa: token refresh failed", { wardId: row.wardId, code: refused ? error.code : undefined, refused });
    throw refused ? new OaTokenRefused(reason) : new OaTokenUnavailable(reason);
  }
  const expiresAt = new Date(env.now().getTime() + pair.expiresIn * 1000);
  const stored = await db.$executeRaw`
    UPDATE "ZaloOaConnection" SET "refreshTokenEnc" = ${await box.seal(pair.refreshToken)}, "accessTokenEnc" = ${await box.seal(pair.accessToken)},
      "accessExpiresAt" = ${expiresAt}, "tokenVersion" = "tokenVersion" + 1, "refreshLease" = NULL,
      "status" = 'connected', "lastError" = NULL, "lastErrorAt" = NULL, "updatedAt" = ${env.now()}
    WHERE "wardId" = ${row.wardId} AND "tokenVersion" = ${row.tokenVersion}`;
  if (stored !== 1) {
    // An admin connected the OA again meanwhile (their tokens win). The pair we got is valid
    // for this one call, but was not stored: it is used once and forgotten.
    log.warn("zalo oa: the connection changed during a token refresh; the new tokens were not stored", { wardId: row.wardId });
  }
  return pair.accessToken;
}
