import { listScope, type Principal } from "../core/access.js";
import { invalidFields } from "../core/errors.js";
import { pageOf, readCursor, type PageRequest } from "../core/pagination.js";
import type { ServiceContext } from "./context.js";
import { placementOfUnit, wardIdsInScope } from "./placement.js";

/** The audit trail read back: who changed what, when, with the values before and after. */

export interface AuditQuery extends PageRequest {
  unitId?: string;
  actor?: string;
  from?: string;
  to?: string;
}

function instant(field: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalidFields([{ field, code: "invalid_date", message: `${field === "from" ? "Từ ngày" : field === "to" ? "Đến ngày" : field} chưa đúng: cần ngày hoặc ngày giờ, ví dụ 2026-12-01 hoặc 2026-12-01T08:00:00+07:00.` }]);
  return at;
}

/**
 * Newest first, keyset pages on (at, id). Cut to the wards the principal administers; changes
 * that belong to no ward (a new province) are the owner's to read.
 */
export async function listAudit(ctx: ServiceContext, principal: Principal, query: AuditQuery) {
  const from = instant("from", query.from);
  const to = instant("to", query.to);
  const after = readCursor(query.cursor, 2);
  const scope = listScope(principal, "admin");
  let wardIds = scope.all ? undefined : await wardIdsInScope(ctx.db, scope);
  if (query.unitId) {
    // The access check has made sure the unit is inside the scope.
    const placement = (await placementOfUnit(ctx.db, query.unitId)) ?? [];
    const inUnit = await wardIdsInScope(ctx.db, { all: false, unitIds: [query.unitId] });
    const ofUnit = inUnit.length ? inUnit : placement.slice(1, 2); // a group or khu phố: its ward
    wardIds = wardIds ? ofUnit.filter((w) => wardIds!.includes(w)) : ofUnit;
  }
  const rows = await ctx.db.auditLog.findMany({
    where: {
      ...(wardIds ? { wardId: { in: wardIds } } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
      ...(after ? { OR: [{ at: { lt: new Date(after[0]!) } }, { at: new Date(after[0]!), id: { lt: after[1]! } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, (r) => [r.at.toISOString(), r.id]);
  return {
    ...page,
    items: page.items.map((r) => {
      const details = (r.details ?? null) as Record<string, unknown> | null;
      return {
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        wardId: r.wardId,
        before: details && "before" in details ? details.before : null,
        after: details && "after" in details ? details.after : null,
        details,
      };
    }),
  };
}
