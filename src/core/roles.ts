import { foldVietnamese } from "./text.js";

/** What a member does: on a residential group (leader, front_head) or on the ward (chair, admin). */
export const ROLES = ["leader", "front_head", "chair", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to a residential group and report about it. */
export const GROUP_ROLES: readonly Role[] = ["leader", "front_head"];

export function isGroupRole(role: Role): boolean {
  return GROUP_ROLES.includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  leader: "Tổ trưởng tổ dân phố",
  front_head: "Trưởng ban công tác Mặt trận",
  chair: "Lãnh đạo phường",
  admin: "Quản trị viên",
};

/** The names a ward uses in a headline or a chart, where the full title would not fit. */
export const ROLE_SHORT_LABELS: Record<Role, string> = {
  leader: "Tổ trưởng",
  front_head: "Trưởng ban CTMT",
  chair: "Lãnh đạo phường",
  admin: "Quản trị viên",
};

/** Words ward staff write in a spreadsheet for each role, compared without diacritics. */
const ROLE_WORDS: Record<Role, string[]> = {
  leader: ["leader", "to truong", "to truong tdp", "to truong to dan pho", "truong thon", "tt"],
  front_head: [
    "front_head",
    "front head",
    "truong ban",
    "truong ban ctmt",
    "truong ban cong tac mat tran",
    "mat tran",
    "mttq",
  ],
  chair: [
    "chair",
    "chu tich",
    "chu tich ubnd",
    "chu tich ub mttq",
    "chu tich ubmttq",
    "chu tich mttq",
    "lanh dao",
    "lanh dao phuong",
  ],
  admin: ["admin", "quan tri", "quan tri vien", "can bo", "can bo phuong"],
};

const ROLE_BY_WORD = new Map(
  Object.entries(ROLE_WORDS).flatMap(([role, words]) => words.map((w) => [w, role as Role])),
);

/** "Tổ trưởng" → "leader"; undefined when the word is not a known role. */
export function parseRole(word: string): Role | undefined {
  return ROLE_BY_WORD.get(foldVietnamese(word).replace(/\./g, ""));
}
