import { ROLE_SHORT_LABELS, type Role } from "./roles.js";

/**
 * Whether a residential group has reported in a cycle: the one rule that the summary (text,
 * chart, Excel, official document), /tinhhinh and the roll-up all apply, so that they never
 * disagree about who reported.
 *
 * A form may be answered by several roles of the group (the tổ trưởng and the trưởng ban công tác
 * Mặt trận). A ward chair reads "đã báo cáo" as "the group has sent what it owes", so:
 *   - done / late ("đã báo cáo đủ"): every role the form asks for has submitted (late: one of
 *     them after the deadline);
 *   - partial ("báo cáo chưa đủ"): some roles have submitted, not all; the others are owed;
 *   - absent ("vắng"): nobody has submitted and everyone still owing is away;
 *   - missing ("chưa báo cáo"): nobody of the group has submitted.
 * Whatever a group has submitted counts in the figures, under its real standing. With a single
 * role a group is never partial, and the words are the ones the ward always had.
 */
export type GroupStanding = "done" | "late" | "partial" | "missing" | "absent";

/** One role's report of the group, as the rule needs it. */
export interface RoleReport {
  role: Role;
  /** Submitted, on time or late. */
  submitted: boolean;
  late: boolean;
  /** Its reporter is away (marked absent) for the cycle. */
  absent: boolean;
}

export interface GroupReporting {
  standing: GroupStanding;
  /** The roles that have not submitted yet (all of them when nobody has). */
  owed: Role[];
}

export function groupReporting(reports: readonly RoleReport[]): GroupReporting {
  const owing = reports.filter((r) => !r.submitted);
  const owed = [...new Set(owing.map((r) => r.role))];
  if (reports.length && !owing.length) return { standing: reports.some((r) => r.late) ? "late" : "done", owed };
  if (owing.length < reports.length) return { standing: "partial", owed };
  return { standing: owing.length && owing.every((r) => r.absent) ? "absent" : "missing", owed };
}

/** Complete: counted as "đã báo cáo (đủ)". */
export const isComplete = (standing: GroupStanding) => standing === "done" || standing === "late";

/** How a standing is named; "đủ" is said only when the form has several roles to be complete in. */
export function standingLabel(standing: GroupStanding, severalRoles: boolean): string {
  switch (standing) {
    case "done":
      return severalRoles ? "Đã báo cáo đủ" : "Đã báo cáo";
    case "late":
      return "Nộp muộn";
    case "partial":
      return "Báo cáo chưa đủ";
    case "missing":
      return "Chưa báo cáo";
    case "absent":
      return "Vắng";
  }
}

/** A group's standing in a table cell: "Báo cáo chưa đủ (thiếu Trưởng ban CTMT)". */
export function standingInWords(g: GroupReporting, severalRoles: boolean): string {
  return standingLabel(g.standing, severalRoles) + (g.standing === "partial" ? ` (thiếu ${rolesInWords(g.owed)})` : "");
}

/** "Tổ trưởng và Trưởng ban CTMT": roles in a sentence. */
export function rolesInWords(roles: readonly Role[], labels: Record<Role, string> = ROLE_SHORT_LABELS): string {
  const words = roles.map((r) => labels[r]);
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} và ${words.at(-1)}`;
}
