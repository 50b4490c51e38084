import { STAFF_ROLES, type Grant, type Principal, type StaffRole } from "../core/access.js";
import { base64url } from "../core/base64.js";
import { constantTimeEqual, randomBytes, sha256Hex } from "../core/crypto.js";
import { AppError, invalidFields } from "../core/errors.js";
import { normalizeLandline, normalizePhone } from "../core/phone.js";
import { reachOf } from "../core/reach.js";
import { SIGN_IN, afterWrongCode, codeMessage, isLocked, lockedMessage, signInLink, sixDigitCode } from "../core/sign-in.js";
import { capabilitiesOf, isChannelName } from "../channels/registry.js";
import type { Database } from "../db/types.js";
import { uuidv7 } from "../db/ids.js";
import { commitBatch } from "./batch.js";
import { auditRow, type ServiceContext } from "./context.js";
import { hit } from "./rate-limit.js";
import { queueKeyedInBatch } from "./outbox-queue.js";
import { changedOrFail } from "../db/guard.js";

/**
 * Sign-in through the bot: a code to the staff member's bound chat, exchanged for a session.
 * The answers never tell whether a phone number belongs to anyone.
 */

/** What every sign-in request is answered, whoever the number belongs to. */
export const SIGN_IN_SENT =
  "Nếu số điện thoại này là của cán bộ phường đã kết nối với bot, mã đăng nhập vừa được gửi vào cuộc trò chuyện với bot. Mã dùng được trong 5 phút.";

const wrongCode = () =>
  invalidFields([{ field: "code", code: "not_accepted", message: "Mã không đúng, đã dùng hoặc đã hết hạn. Xin kiểm tra lại, hoặc yêu cầu mã mới." }]);
const locked = () =>
  new AppError("rate_limited", "Đăng nhập bằng số điện thoại này đang tạm khóa 15 phút vì nhập sai mã nhiều lần. Xin thử lại sau.");
const tooMany = () => new AppError("rate_limited", "Có quá nhiều yêu cầu đăng nhập từ mạng này. Xin thử lại sau ít phút.");

function phoneOf(text: string): string {
  const phone = normalizePhone(text) ?? normalizeLandline(text);
  if (!phone) throw invalidFields([{ field: "phone", code: "invalid_phone", message: "Số điện thoại không hợp lệ: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678)." }]);
  return phone;
}

/** Staff holding this number (in use, with a staff role), with their chats. Usually one person. */
async function staffByPhone(db: Database, phone: string) {
  return db.member.findMany({
    where: { phone, archivedAt: null, roles: { some: { role: { in: [...STAFF_ROLES] } } } },
    include: { identities: true },
  });
}

const failKey = async (phone: string) => `signin-fail:${await sha256Hex(phone)}`;
/** The network address is hashed too: nothing personal is kept in clear for counting. */
const ipKey = async (ip: string) => `signin-ip:${await sha256Hex(ip)}`;

async function countRequest(db: Database, ip: string, now: Date) {
  if (!(await hit(db, await ipKey(ip), now, SIGN_IN.requestsPerIp, SIGN_IN.windowMs))) throw tooMany();
}

const codeHash = (memberId: string, code: string) => sha256Hex(`${memberId}:${code}`);

/** Sends a code to each staff member holding the number (to the one chat that reaches them). */
export async function requestSignIn(ctx: ServiceContext, input: { phone: string }, ip: string) {
  const now = ctx.now();
  const phone = phoneOf(input.phone);
  await countRequest(ctx.db, ip, now);
  const fails = await ctx.db.rateLimit.findUnique({ where: { key: await failKey(phone) } });
  if (isLocked(fails, now)) return { message: SIGN_IN_SENT };
  for (const member of await staffByPhone(ctx.db, phone)) {
    const identity = reachOf(member.identities, member);
    if (!identity || !isChannelName(identity.channel)) continue;
    if (!(await hit(ctx.db, `signin-send:${member.id}`, now, SIGN_IN.codesPerWindow, SIGN_IN.windowMs))) continue;
    const code = sixDigitCode(randomBytes);
    const link = ctx.publicUrl && capabilitiesOf(identity.channel).oneTapLinks ? signInLink(ctx.publicUrl, phone, code) : undefined;
    const id = uuidv7();
    await commitBatch(
      ctx.db,
      [
        ctx.db.signInCode.create({ data: { id, memberId: member.id, codeHash: await codeHash(member.id, code), expiresAt: new Date(now.getTime() + SIGN_IN.codeTtlMs), createdAt: now } }),
        // A reply: the person is waiting on the sign-in page for it.
        queueKeyedInBatch(ctx.db, now, [{ address: identity.address, message: codeMessage(code, link) }], () => `signin:${id}`, "reply"),
      ],
      "sign-in code",
    );
    ctx.delivery?.wake();
  }
  return { message: SIGN_IN_SENT };
}

export interface NewSession {
  /** The cookie's value; only its hash is stored. */
  secret: string;
  expiresAt: Date;
  memberId: string;
}

/**
 * Exchanges the newest code of the number for a session. The code is consumed by an update
 * guarded by `usedAt IS NULL` in the same batch that makes the session: a code used twice at
 * once makes one session, the other batch fails as a whole.
 */
export async function verifySignIn(ctx: ServiceContext, input: { phone: string; code: string }, ip: string): Promise<NewSession> {
  const now = ctx.now();
  const phone = phoneOf(input.phone);
  await countRequest(ctx.db, ip, now);
  const key = await failKey(phone);
  const fails = await ctx.db.rateLimit.findUnique({ where: { key } });
  if (isLocked(fails, now)) throw locked();
  const staff = await staffByPhone(ctx.db, phone);
  for (const member of staff) {
    const latest = await ctx.db.signInCode.findFirst({ where: { memberId: member.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    if (!latest || latest.usedAt || latest.expiresAt.getTime() <= now.getTime()) continue;
    if (!constantTimeEqual(latest.codeHash, await codeHash(member.id, input.code.trim()))) continue;
    const secret = base64url(randomBytes(32));
    const expiresAt = new Date(now.getTime() + SIGN_IN.sessionIdleMs);
    const sessionId = uuidv7();
    try {
      await ctx.db.$transaction([
        ctx.db.signInCode.updateMany({ where: { id: latest.id, usedAt: null }, data: { usedAt: now } }),
        changedOrFail(ctx.db), // consumed meanwhile: the whole batch fails
        ctx.db.staffSession.create({ data: { id: sessionId, memberId: member.id, tokenHash: await sha256Hex(secret), createdAt: now, expiresAt, lastSeenAt: now } }),
        ctx.db.rateLimit.deleteMany({ where: { key } }),
        ctx.db.auditLog.create({
          data: auditRow({ ...ctx, actor: `member:${member.id}` }, { action: "session.create", entity: "session", entityId: sessionId, wardId: member.wardId }),
        }),
      ]);
    } catch {
      // The code was consumed meanwhile by another request.
      throw wrongCode();
    }
    return { secret, expiresAt, memberId: member.id };
  }
  const next = afterWrongCode(fails, now);
  await ctx.db.rateLimit.upsert({ where: { key }, create: { key, windowStart: next.windowStart, count: next.count }, update: { windowStart: next.windowStart, count: next.count } });
  if (next.lockedNow) {
    const addresses = staff.flatMap((m) => reachOf(m.identities, m)?.address ?? []);
    if (addresses.length) {
      await queueKeyedInBatch(ctx.db, now, addresses.map((address) => ({ address, message: lockedMessage() })), (item) => `signin-lock:${item.address}:${now.toISOString()}`, "reply");
      ctx.delivery?.wake();
    }
    throw locked();
  }
  throw wrongCode();
}

/** The staff grants of a member: their admin and chair roles (on a ward, or a province). */
export async function staffGrants(db: Database, memberId: string): Promise<Grant[]> {
  const roles = await db.memberRole.findMany({ where: { memberId, role: { in: [...STAFF_ROLES] } }, select: { unitId: true, role: true } });
  return roles.map((r) => ({ unitId: r.unitId, role: r.role as StaffRole }));
}

export interface SessionCheck {
  principal: Principal;
  /** Set when the expiry moved (the cookie is sent again with it). */
  renewedUntil?: Date;
}

/** The principal of a session cookie, or null: unknown (another instance, tampered), ended or expired. */
export async function sessionPrincipal(db: Database, secret: string, now: Date): Promise<SessionCheck | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  const session = await db.staffSession.findUnique({ where: { tokenHash: await sha256Hex(secret) } });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= now.getTime()) return null;
  const member = await db.member.findUnique({ where: { id: session.memberId }, select: { archivedAt: true } });
  const grants = member && !member.archivedAt ? await staffGrants(db, session.memberId) : [];
  // Roles are read on every request: someone who is no longer staff is out at once.
  if (!grants.length) return null;
  const principal: Principal = { kind: "person", actor: `member:${session.memberId}`, memberId: session.memberId, sessionId: session.id, grants };
  if (now.getTime() - session.lastSeenAt.getTime() < SIGN_IN.sessionTouchMs) return { principal };
  const renewedUntil = new Date(Math.min(now.getTime() + SIGN_IN.sessionIdleMs, session.createdAt.getTime() + SIGN_IN.sessionMaxMs));
  await db.staffSession.updateMany({ where: { id: session.id, lastSeenAt: session.lastSeenAt }, data: { lastSeenAt: now, expiresAt: renewedUntil } });
  return { principal, renewedUntil };
}

/** The CSRF token of a session: derived from the cookie's secret, which only the server and the cookie hold. */
export const csrfTokenOf = (secret: string) => sha256Hex(`csrf:${secret}`);

/** Ends one session (signing out). */
export async function endSession(ctx: ServiceContext, sessionId: string) {
  await ctx.db.staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: ctx.now() } });
}

/** Ends every session of a member (an admin's action, e.g. a lost phone): audited. */
export async function endSessionsOf(ctx: ServiceContext, memberId: string) {
  const member = await ctx.db.member.findUniqueOrThrow({ where: { id: memberId }, select: { wardId: true } });
  const live = { memberId, revokedAt: null, expiresAt: { gt: ctx.now() } };
  // Counted before the batch: a batch's results are not read back (on D1 there are none).
  const ended = await ctx.db.staffSession.count({ where: live });
  await ctx.db.$transaction([
    ctx.db.staffSession.updateMany({ where: live, data: { revokedAt: ctx.now() } }),
    ctx.db.auditLog.create({ data: auditRow(ctx, { action: "session.end_all", entity: "member", entityId: memberId, wardId: member.wardId }) }),
  ]);
  return { memberId, ended };
}

/** Who is signed in, for the console. */
export async function whoAmI(db: Database, principal: Principal) {
  if (principal.kind === "owner") return { kind: "owner" as const, name: null, memberId: null, grants: [] };
  if (principal.kind === "token") return { kind: "token" as const, name: null, memberId: null, grants: principal.grants };
  const member = await db.member.findUniqueOrThrow({ where: { id: principal.memberId }, select: { name: true } });
  return { kind: "person" as const, name: member.name, memberId: principal.memberId, grants: principal.grants };
}
