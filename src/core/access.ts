/**
 * Who may do what. A principal (the instance owner, an API token, a signed-in staff member) acts
 * within unit subtrees: a grant on a province covers every ward below it, a grant on a ward that
 * ward and everything in it. Pure: the server works out where a resource sits, this decides.
 */

/** The roles that may use the admin API: ward (or province) admins, and ward chairs. */
export const STAFF_ROLES = ["admin", "chair"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Grant {
  /** A ward/commune or a province. */
  unitId: string;
  role: StaffRole;
}

export type Principal =
  /** The instance owner (ADMIN_TOKEN or the generated one): everything, everywhere. */
  | { kind: "owner"; actor: string }
  | { kind: "token"; actor: string; tokenId: string; grants: Grant[] }
  | { kind: "person"; actor: string; memberId: string; sessionId: string; grants: Grant[] };

/**
 * Where a resource sits: the ids of the units a grant may name to cover it, from the resource's
 * ward up to the province (a ward: [ward, province]; a province: [province]).
 */
export type Placement = readonly string[];

/**
 * What an operation needs. `read`: any grant covering the resource; `chair`: the writes chairs
 * also make in chat (a nudge, posting the summary, an absence); `admin`: every other write;
 * `owner`: only the instance owner (e.g. a new province, a ward at the top of the tree).
 */
export type Need = "read" | "chair" | "admin" | "owner";

/**
 * `hidden`: outside the principal's scope, answered as if it did not exist (404, so that ids of
 * other wards cannot even be confirmed); `forbidden`: visible, but the role does not allow it.
 */
export type Decision = "allow" | "hidden" | "forbidden";

export const isOwner = (p: Principal) => p.kind === "owner";

/** The grants of the principal that cover a resource placed at `placement`. */
export function grantsOver(principal: Principal, placement: Placement): Grant[] {
  if (principal.kind === "owner") return [];
  return principal.grants.filter((g) => placement.includes(g.unitId));
}

export function decide(principal: Principal, placement: Placement | null, need: Need): Decision {
  if (principal.kind === "owner") return "allow";
  if (need === "owner") return placement && grantsOver(principal, placement).length ? "forbidden" : "hidden";
  if (!placement) return "hidden";
  const over = grantsOver(principal, placement);
  if (!over.length) return "hidden";
  if (need === "read" || need === "chair") return "allow";
  return over.some((g) => g.role === "admin") ? "allow" : "forbidden";
}

/** What a principal's lists are cut to: every row (owner), or the rows of these units' subtrees. */
export type ListScope = { all: true } | { all: false; unitIds: string[] };

export function listScope(principal: Principal, need: "read" | "admin" = "read"): ListScope {
  if (principal.kind === "owner") return { all: true };
  const grants = need === "admin" ? principal.grants.filter((g) => g.role === "admin") : principal.grants;
  return { all: false, unitIds: [...new Set(grants.map((g) => g.unitId))] };
}

/** Whether a ward (with its province) is in a list scope. */
export const wardInScope = (scope: ListScope, ward: { id: string; parentId: string | null }) =>
  scope.all || scope.unitIds.includes(ward.id) || (ward.parentId !== null && scope.unitIds.includes(ward.parentId));

/**
 * Whether the principal may hand out `grant` (a new API token): within its own scope and role.
 * A chair makes no tokens (chairs do not write outside their chat actions).
 */
export function mayGrant(principal: Principal, placementOfUnit: Placement | null, role: StaffRole): boolean {
  if (principal.kind === "owner") return true;
  if (!placementOfUnit) return false;
  const over = grantsOver(principal, placementOfUnit);
  return over.some((g) => g.role === "admin") && (role === "chair" || over.some((g) => g.role === "admin"));
}
