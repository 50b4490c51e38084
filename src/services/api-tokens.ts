import { listScope, mayGrant, type Principal, type StaffRole } from "../core/access.js";
import { base64url } from "../core/base64.js";
import { sha256Hex, randomBytes } from "../core/crypto.js";
import { invalidFields, notFound } from "../core/errors.js";
import { cleanName } from "../core/names.js";
import { pageOf, readCursor, type PageRequest } from "../core/pagination.js";
import type { ApiToken } from "../db/generated/prisma/client.js";
import { uuidv7 } from "../db/ids.js";
import { commitBatch } from "./batch.js";
import { auditRow, type ServiceContext } from "./context.js";
import { placementOfUnit, wardIdsInScope } from "./placement.js";
import type { Database } from "../db/types.js";
import { changedOrFail } from "../db/guard.js";

/**
 * API tokens for integrations and scripts: each acts within one unit's subtree with one role.
 * The token is shown once when made; only its SHA-256 is stored.
 */

/** Recognisable in a leaked config file or a secret scanner, and not confused with the owner's token. */
export const API_TOKEN_PREFIX = "wbt_";
const TOKEN_FORMAT = /^wbt_[A-Za-z0-9_-]{43}$/;
/** Using a token writes its last-used time at most this often, so a request costs no write. */
export const LAST_USED_EVERY_MS = 60_000;

export const isApiTokenFormat = (token: string) => TOKEN_FORMAT.test(token);

export function toTokenDto(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    unitId: t.unitId,
    role: t.role as StaffRole,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
  };
}

export interface TokenInput {
  name: string;
  unitId: string;
  role: StaffRole;
  expiresAt?: string;
}

export async function createApiToken(ctx: ServiceContext, principal: Principal, input: TokenInput) {
  const now = ctx.now();
  const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw invalidFields([{ field: "expiresAt", code: "not_in_future", message: "Ngày hết hạn phải ở tương lai." }]);
  const placement = await placementOfUnit(ctx.db, input.unitId);
  // A unit outside the scope is answered like one that does not exist.
  if (!placement || !mayGrant(principal, placement, input.role))
    throw invalidFields([{ field: "unitId", code: "unknown_reference", message: "Đơn vị không phải phường/xã hay tỉnh/thành phố bạn quản trị." }]);
  const unit = await ctx.db.unit.findUniqueOrThrow({ where: { id: input.unitId } });
  if (!["province", "ward", "commune", "special_zone"].includes(unit.kind))
    throw invalidFields([{ field: "unitId", code: "invalid_value", message: "Đơn vị phải là một phường/xã hoặc một tỉnh/thành phố." }]);
  const token = API_TOKEN_PREFIX + base64url(randomBytes(32));
  const id = uuidv7();
  const name = cleanName(input.name);
  const wardId = unit.kind === "province" ? null : unit.id;
  await commitBatch(
    ctx.db,
    [
      ctx.db.apiToken.create({
        data: { id, name, tokenHash: await sha256Hex(token), unitId: input.unitId, role: input.role, expiresAt, createdBy: ctx.actor, createdAt: now },
      }),
      ctx.db.auditLog.create({
        data: auditRow(ctx, { action: "token.create", entity: "token", entityId: id, wardId, change: { before: {}, after: { name, unitId: input.unitId, role: input.role, expiresAt: expiresAt?.toISOString() ?? null } } }),
      }),
    ],
    "token",
  );
  const dto = toTokenDto(await ctx.db.apiToken.findUniqueOrThrow({ where: { id } }));
  return { id: dto.id, token, name: dto.name, unitId: dto.unitId, role: dto.role, expiresAt: dto.expiresAt, createdAt: dto.createdAt };
}

/** Tokens made within the principal's admin scope, newest first (revoked ones too, marked). */
export async function listApiTokens(ctx: ServiceContext, principal: Principal, page: PageRequest) {
  const after = readCursor(page.cursor, 1);
  const scope = listScope(principal, "admin");
  const unitIds = scope.all ? undefined : [...scope.unitIds, ...(await wardIdsInScope(ctx.db, scope))];
  const rows = await ctx.db.apiToken.findMany({
    where: { ...(unitIds ? { unitId: { in: unitIds } } : {}), ...(after ? { id: { lt: after[0] } } : {}) },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });
  const cut = pageOf(rows, page.limit, (t) => [t.id]);
  return { ...cut, items: cut.items.map(toTokenDto) };
}

/** Revokes at once: the next request with the token is refused. Revoking twice is harmless. */
export async function revokeApiToken(ctx: ServiceContext, tokenId: string) {
  const token = await ctx.db.apiToken.findUnique({ where: { id: tokenId } });
  if (!token) throw notFound("token", tokenId);
  if (token.revokedAt) return toTokenDto(token);
  const placement = await placementOfUnit(ctx.db, token.unitId);
  await commitBatch(
    ctx.db,
    [
      // Revoked meanwhile: the batch fails (409), its audit row with it.
      ctx.db.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: ctx.now() } }),
      changedOrFail(ctx.db),
      ctx.db.auditLog.create({
        data: auditRow(ctx, {
          action: "token.revoke", entity: "token", entityId: tokenId, wardId: placement && placement.length > 1 ? placement[0] : null,
          change: { before: { revokedAt: null }, after: { revokedAt: ctx.now().toISOString() } },
        }),
      }),
    ],
    "token",
  );
  return toTokenDto(await ctx.db.apiToken.findUniqueOrThrow({ where: { id: tokenId } }));
}

/** The principal of a presented API token, or null: unknown, revoked or expired. */
export async function apiTokenPrincipal(db: Database, token: string, now: Date): Promise<Principal | null> {
  if (!isApiTokenFormat(token)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: await sha256Hex(token) } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    // Guarded so that concurrent requests of the same minute write once between them.
    const threshold = new Date(now.getTime() - LAST_USED_EVERY_MS);
    await db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: threshold } }] },
      data: { lastUsedAt: now },
    });
  }
  return { kind: "token", actor: `token:${row.id}`, tokenId: row.id, grants: [{ unitId: row.unitId, role: row.role as StaffRole }] };
}
