import type { TestApp } from "./app.js";
import { reportingWard } from "./reporting-ward.js";

/**
 * A province with ward A (set up: form, schedule, groups, people, a chair, a summary chat, a day
 * off, a meeting, an open cycle, a chat simulator session) and ward B (top level), through the owner's API; and API tokens
 * for each (admin and chair of A, admin of B, admin of the province).
 */
export async function twoWards(t: TestApp) {
  const provinceId = (await t.call("POST", "/api/v1/units", { name: "Thành phố Hà Nội", kind: "province" })).body.id;
  const a = await reportingWard(t, { groupCount: 2 });
  await t.call("PATCH", `/api/v1/wards/${a.wardId}`, { parentId: provinceId });
  const wardB = (await t.call("POST", "/api/v1/wards", { name: "Phường Bồ Đề" })).body.id;
  const groupB = (await t.call("POST", `/api/v1/wards/${wardB}/groups`, { name: "Tổ 1" })).body.id;
  await t.call("PUT", `/api/v1/wards/${a.wardId}/schedule`, { enabled: true, opensAt: "0 8 * * 1", remindAt: ["0 18 * * 3"], dueAt: "0 17 * * 5", summaryAt: "0 8 * * 6" });
  const chair = (await t.call("POST", `/api/v1/wards/${a.wardId}/members`, { name: "Phạm Minh Đức", role: "chair", phone: "0987 654 321" })).body;
  const destination = (await t.call("POST", `/api/v1/wards/${a.wardId}/destinations`, { channel: "telegram", chatId: "-1001", purpose: "summary", title: "Nhóm lãnh đạo" })).body;
  const dayOff = (await t.call("POST", `/api/v1/wards/${a.wardId}/days-off`, { date: "2026-09-03", reason: "Lễ hội" })).body;
  const meeting = (
    await t.call("POST", `/api/v1/wards/${a.wardId}/meetings`, {
      title: "Hội nghị sơ kết", kind: "so_ket", startsAt: "2030-11-29T14:00", location: "Nhà văn hóa", remindBefore: ["P3D"], invitees: { roles: ["leader"] },
    })
  ).body;
  const cycle = (await t.call("POST", `/api/v1/wards/${a.wardId}/cycles`, {})).body;
  const webhook = (await t.call("POST", `/api/v1/wards/${a.wardId}/webhooks`, { url: "https://hooks.example.org/ngoc-lam" })).body;
  // A summary that did not go to ward A's summary chat (as the deliverer would have marked it).
  const delivery = await t.db.outboxMessage.create({
    data: { address: "telegram:-1001", channel: "telegram", payload: { text: "Tổng hợp" }, status: "failed", lastError: "403 Forbidden: bot was kicked from the supergroup chat", attempts: 1, nextAttemptAt: new Date(), createdAt: new Date() },
  });
  // A chat simulator session in ward A, as its first leader (its preview cycle is no cycle of the ward).
  const simulatorSession = (await t.call("POST", `/api/v1/wards/${a.wardId}/simulator`, { memberId: a.leaders[0]!.id })).body;
  const token = async (unitId: string, role: "admin" | "chair", name: string) =>
    (await t.call("POST", "/api/v1/tokens", { name, unitId, role })).body as { id: string; token: string };
  const tokens = {
    adminA: await token(a.wardId, "admin", "Quản trị A"),
    chairA: await token(a.wardId, "chair", "Chủ tịch A"),
    adminB: await token(wardB, "admin", "Quản trị B"),
    province: await token(provinceId, "admin", "Quản trị thành phố"),
  };
  return {
    provinceId,
    wardA: a.wardId,
    wardB,
    groupB,
    a,
    tokens,
    /** Ids of ward A's resources, by the path parameter that names them. */
    idsOfA: {
      wardId: a.wardId,
      groupId: a.groups[0]!,
      memberId: chair.id as string,
      cycleId: cycle.id as string,
      reportId: cycle.groups[0].reports[0].id as string,
      meetingId: meeting.id as string,
      destinationId: destination.id as string,
      dayOffId: dayOff.id as string,
      unitId: a.wardId,
      tokenId: tokens.chairA.id,
      webhookId: webhook.id as string,
      deliveryId: delivery.id,
      sessionId: simulatorSession.id as string,
    } as Record<string, string>,
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
