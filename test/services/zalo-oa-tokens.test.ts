import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { startZaloOaFake, type ZaloOaFake } from "../../src/dev/zalo-oa-fake.js";
import { oaAccessToken, OaTokenRefused, type OaTokenEnv } from "../../src/services/zalo-oa/tokens.js";
import { secretBox } from "../../src/services/zalo-oa/secret-box.js";
import { freshDatabase } from "../support/database.js";

let fake: ZaloOaFake;
let db: Awaited<ReturnType<typeof freshDatabase>>["db"];
afterEach(async () => {
  await fake?.stop();
  await db?.$disconnect();
});

/** A ward whose OA connection holds a refresh token of the fake and an access token about to run out. */
async function setup(tokenDelayMs = 150) {
  fake = await startZaloOaFake({ tokenDelayMs });
  ({ db } = await freshDatabase());
  const ward = await db.unit.create({ data: { kind: "ward", name: "Phường Ngọc Lâm" } });
  const env: OaTokenEnv = { db, now: () => new Date(), log: createLogger("error", () => {}), roots: { apiRoot: fake.apiRoot, oauthRoot: fake.oauthRoot } };
  const box = await secretBox(env);
  await db.zaloOaConnection.create({
    data: {
      wardId: ward.id, appId: fake.appId, oaId: fake.oaId,
      secretKeyEnc: await box.seal(fake.secretKey), refreshTokenEnc: await box.seal(fake.issueRefreshToken()),
      accessTokenEnc: await box.seal("at_old"), accessExpiresAt: new Date(Date.now() + 60_000),
    },
  });
  // A second process: its own environment on the same database.
  const other: OaTokenEnv = { ...env, log: createLogger("error", () => {}) };
  return { wardId: ward.id, env, other, box };
}

describe("the OA access token", () => {
  it("is refreshed once when two callers need it at the same time; both get the new token and the newest refresh token is stored", async () => {
    const { wardId, env, other, box } = await setup();
    const [a, b] = await Promise.all([oaAccessToken(env, wardId), oaAccessToken(other, wardId)]);
    expect(a).toBe(b);
    expect(a).toMatch(/^at_/);
    expect(fake.state.refreshCalls).toBe(1);
    expect(fake.state.refusedRefreshes).toBe(0);
    const row = await db.zaloOaConnection.findUniqueOrThrow({ where: { wardId } });
    expect(fake.isValidRefreshToken(await box.open(row.refreshTokenEnc))).toBe(true);
    expect(row).toMatchObject({ tokenVersion: 1, refreshLease: null, status: "connected" });
    // Fresh now: a later call uses it without refreshing.
    expect(await oaAccessToken(env, wardId)).toBe(a);
    expect(fake.state.refreshCalls).toBe(1);
  });

  it("a token Zalo refused is refreshed once, however many callers saw it refused", async () => {
    const { wardId, env, other } = await setup();
    const first = await oaAccessToken(env, wardId);
    fake.expireAccessTokens();
    const [a, b] = await Promise.all([oaAccessToken(env, wardId, first), oaAccessToken(other, wardId, first)]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(fake.state.refreshCalls).toBe(2);
    expect(fake.state.refusedRefreshes).toBe(0);
  });

  it("a refresh that fails leaves the connection marked for admins and refuses further use until reconnected", async () => {
    const { wardId, env, other } = await setup(0);
    fake.state.refuseAllRefreshes = true;
    const results = await Promise.allSettled([oaAccessToken(env, wardId), oaAccessToken(other, wardId)]);
    for (const r of results) expect(r.status === "rejected" && r.reason instanceof OaTokenRefused).toBe(true);
    expect(fake.state.refreshCalls).toBe(1);
    const row = await db.zaloOaConnection.findUniqueOrThrow({ where: { wardId } });
    expect(row).toMatchObject({ status: "refresh_failed", refreshLease: null, tokenVersion: 0 });
    expect(row.lastError).toContain("lỗi -14014");
    await expect(oaAccessToken(env, wardId)).rejects.toBeInstanceOf(OaTokenRefused);
    expect(fake.state.refreshCalls).toBe(1);
  });
});
