import type { TestApp } from "./app.js";

/** The weekly form most summary tests use: every question type, a follow-up, two optional ones. */
export const WEEKLY_QUESTIONS = [
  { key: "ho_van_dong", text: "Số hộ được vận động?", type: "integer" },
  { key: "antt", text: "Tình hình an ninh trật tự?", type: "choice", options: ["Ổn định", "Có vụ việc"] },
  { key: "antt_chi_tiet", text: "Mô tả vụ việc", type: "text", showIf: { key: "antt", equals: "Có vụ việc" } },
  { key: "quy", text: "Số tiền ủng hộ Quỹ Vì người nghèo?", type: "money", required: false },
  { key: "ve_sinh", text: "Giữ vệ sinh môi trường?", type: "yes_no" },
  { key: "kien_nghi", text: "Kiến nghị của nhân dân?", type: "text", required: false },
];

export interface ReportingWard {
  wardId: string;
  /** Group ids, "Tổ dân phố số 1" first. */
  groups: string[];
  /** Each group's leader as the API created them (with their invitation). */
  leaders: { id: string; invite: { code: string } }[];
  /** Each group's trưởng ban CTMT, when the form asks for that role too. */
  frontHeads: { id: string; invite: { code: string } }[];
  /**
   * Marks group `n`'s report (1-based) submitted with these answers, as if sent on Telegram: its
   * tổ trưởng's, or that of `role`.
   */
  submit(cycleId: string, group: number, answers: Record<string, unknown>, options?: { late?: boolean; at?: Date | string; role?: "leader" | "front_head" }): Promise<void>;
}

/**
 * "Phường Ngọc Lâm" with a form and `groupCount` groups, each with a bound-able leader (and a
 * trưởng ban CTMT when `roles` asks for both), through the admin API.
 */
export async function reportingWard(
  t: TestApp,
  options: { groupCount?: number; questions?: object[]; roles?: ("leader" | "front_head")[] } = {},
): Promise<ReportingWard> {
  const wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
  await t.call("PUT", `/api/v1/wards/${wardId}/form`, { title: "Báo cáo tuần", questions: options.questions ?? WEEKLY_QUESTIONS, ...(options.roles ? { roles: options.roles } : {}) });
  const groups: string[] = [];
  const leaders: ReportingWard["leaders"] = [];
  const frontHeads: ReportingWard["frontHeads"] = [];
  for (let i = 1; i <= (options.groupCount ?? 4); i++) {
    const groupId = (await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: `Tổ dân phố số ${i}` })).body.id;
    groups.push(groupId);
    leaders.push((await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: `Tổ trưởng ${i}`, role: "leader", groupId })).body);
    if (options.roles?.includes("front_head"))
      frontHeads.push((await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: `Trưởng ban ${i}`, role: "front_head", groupId })).body);
  }
  return {
    wardId,
    groups,
    leaders,
    frontHeads,
    async submit(cycleId, group, answers, { late = false, at = new Date(), role = "leader" } = {}) {
      const member = (role === "leader" ? leaders : frontHeads)[group - 1]!;
      await t.db.report.updateMany({
        where: { cycleId, groupId: groups[group - 1], role },
        data: { status: "submitted", late, answers: answers as object, submittedAt: new Date(at), memberId: member.id, via: "telegram" },
      });
    },
  };
}
