import type { SignatureFirstId } from "../../channels/zalo-oa/verify.js";
import { AppError } from "../../core/errors.js";
import type { Database } from "../../db/types.js";
import { auditWrite, type ServiceContext } from "../context.js";
import { requireWard } from "../wards.js";
import { secretBox } from "./secret-box.js";
import { oaAccessToken, OaTokenRefused, OaTokenUnavailable } from "./tokens.js";

/**
 * A ward's Zalo OA connection, as admins set and read it. The secret key and the tokens are
 * stored encrypted and never returned or logged; what admins see is whether it works.
 */

export interface ZaloOaConnect {
  appId: string;
  oaId: string;
  secretKey: string;
  refreshToken: string;
  signatureFirstId?: SignatureFirstId;
}

export interface ZaloOaStatus {
  wardId: string;
  appId: string | null;
  oaId: string | null;
  signatureFirstId: SignatureFirstId;
  connected: boolean;
  status: "connected" | "refresh_failed" | "not_connected";
  accessTokenExpiresAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  webhookPath: string;
}

export const ZALO_OA_WEBHOOK_PATH = "/webhooks/zalo-oa";

const connectionOf = (db: Database, wardId: string) => db.zaloOaConnection.findUnique({ where: { wardId } });

function toStatus(row: NonNullable<Awaited<ReturnType<typeof connectionOf>>>): ZaloOaStatus {
  return {
    wardId: row.wardId,
    appId: row.appId,
    oaId: row.oaId,
    signatureFirstId: row.signatureFirstId === "oa_id" ? "oa_id" : "app_id",
    connected: row.status === "connected",
    status: row.status === "refresh_failed" ? "refresh_failed" : "connected",
    accessTokenExpiresAt: row.accessExpiresAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    webhookPath: ZALO_OA_WEBHOOK_PATH,
  };
}

export async function getZaloOa(ctx: ServiceContext, wardId: string): Promise<ZaloOaStatus> {
  await requireWard(ctx.db, wardId);
  const row = await connectionOf(ctx.db, wardId);
  if (!row)
    return {
      wardId, appId: null, oaId: null, signatureFirstId: "app_id", connected: false, status: "not_connected",
      accessTokenExpiresAt: null, lastError: null, lastErrorAt: null, webhookPath: ZALO_OA_WEBHOOK_PATH,
    };
  return toStatus(row);
}

/**
 * Connects (or connects again) the ward's OA, in one batch with its audit entry: the token
 * version goes up, so a refresh in flight with the old refresh token never overwrites the new
 * one. The refresh token is spent at once for a first access token, which proves the keys and
 * gives admins an answer now (connected, or why not); the OA's waiting messages are then due.
 */
export async function putZaloOa(ctx: ServiceContext, wardId: string, input: ZaloOaConnect): Promise<ZaloOaStatus> {
  await requireWard(ctx.db, wardId);
  const taken = await ctx.db.zaloOaConnection.findUnique({ where: { oaId: input.oaId }, select: { wardId: true } });
  if (taken && taken.wardId !== wardId) throw new AppError("conflict", "Zalo OA này đã được kết nối với một phường/xã khác.");
  const box = await secretBox(ctx);
  const secrets = { secretKeyEnc: await box.seal(input.secretKey), refreshTokenEnc: await box.seal(input.refreshToken) };
  const fields = { appId: input.appId, oaId: input.oaId, signatureFirstId: input.signatureFirstId ?? "app_id", ...secrets };
  const reset = { accessTokenEnc: null, accessExpiresAt: null, refreshLease: null, status: "connected", lastError: null, lastErrorAt: null };
  await ctx.db.$transaction([
    ctx.db.zaloOaConnection.upsert({
      where: { wardId },
      create: { wardId, ...fields, ...reset },
      update: { ...fields, ...reset, tokenVersion: { increment: 1 } },
    }),
    // The audit says what was connected, never the secret or the token.
    auditWrite(ctx, ctx.db, { action: "zalo_oa.connect", entity: "ward", entityId: wardId, wardId, details: { appId: input.appId, oaId: input.oaId, signatureFirstId: fields.signatureFirstId } }),
  ]);
  if (ctx.zaloOa) {
    try {
      await oaAccessToken({ db: ctx.db, linkSigningKey: ctx.linkSigningKey, now: ctx.now, log: ctx.log, roots: ctx.zaloOa }, wardId);
    } catch (error) {
      if (!(error instanceof OaTokenRefused || error instanceof OaTokenUnavailable)) throw error;
    }
    await ctx.db.$executeRaw`
      UPDATE "OutboxMessage" SET "nextAttemptAt" = ${ctx.now()}
      WHERE "status" = 'pending' AND "channel" = 'zalo_oa' AND "address" LIKE ${`zalo_oa:${input.oaId}:%`}`;
    ctx.delivery?.wake();
  }
  return getZaloOa(ctx, wardId);
}

/**
 * Disconnects the ward's OA: its secrets are deleted; its followers' bindings stay (they may
 * come back). Disconnecting what is not connected changes nothing and is not an error.
 */
export async function deleteZaloOa(ctx: ServiceContext, wardId: string): Promise<void> {
  await requireWard(ctx.db, wardId);
  const row = await connectionOf(ctx.db, wardId);
  if (!row) return;
  await ctx.db.$transaction([
    ctx.db.zaloOaConnection.deleteMany({ where: { wardId } }),
    auditWrite(ctx, ctx.db, { action: "zalo_oa.disconnect", entity: "ward", entityId: wardId, wardId, details: { oaId: row.oaId } }),
  ]);
}

/** What the webhook needs to check a request for this OA: its ward, ids and secret key (decrypted). */
export async function webhookKeysOf(ctx: Pick<ServiceContext, "db" | "linkSigningKey">, oaId: string) {
  const row = await ctx.db.zaloOaConnection.findUnique({ where: { oaId }, select: { wardId: true, appId: true, oaId: true, signatureFirstId: true, secretKeyEnc: true } });
  if (!row) return undefined;
  const box = await secretBox(ctx);
  return { wardId: row.wardId, appId: row.appId, oaId: row.oaId, signatureFirstId: (row.signatureFirstId === "oa_id" ? "oa_id" : "app_id") as SignatureFirstId, secretKey: await box.open(row.secretKeyEnc) };
}

/** The ward whose OA has this id, for the sender. */
export async function wardOfOa(db: Database, oaId: string): Promise<string | undefined> {
  return (await db.zaloOaConnection.findUnique({ where: { oaId }, select: { wardId: true } }))?.wardId;
}
