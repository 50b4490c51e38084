import type { MiddlewareHandler } from "hono";
import { decide, type Need, type Principal } from "../core/access.js";
import { AppError, invalidFields, notFound } from "../core/errors.js";
import type { Database } from "../db/types.js";
import { PLACEMENT_BY_PARAM, placementOfUnit } from "../services/placement.js";
import type { AppEnv } from "./env.js";

/**
 * The one access check every admin API request passes through. The operation is found in the
 * OpenAPI document itself (method and path template); the resource is the one its path
 * parameters name (wardId, memberId, cycleId…), placed in the unit tree by PLACEMENT_BY_PARAM;
 * the principal may act on it when one of its grants covers it and the role allows the
 * operation. Outside the scope the answer is the 404 of an unknown id. Routes with no path
 * parameter need a rule below; without one only the instance owner may use them (closed by default).
 */

/** A unit named in the body (or the query) that must be inside the principal's scope. */
interface UnitField {
  field: string;
  /** When the field is absent: nothing to check, or only the owner may (a ward at the top). */
  absent: "skip" | "owner";
}

export interface AccessRule {
  /** Default: `read` for GET, `admin` for every other method. `any`: every signed-in principal. */
  need?: Need | "any";
  /** A path without ids whose service cuts its answer to the scope (lists). */
  list?: true;
  body?: UnitField;
  query?: UnitField;
}

/** Keyed by "METHOD /api/v1/path/{param}" as in the OpenAPI document. */
export const ACCESS_RULES: Record<string, AccessRule> = {
  // The actions chairs have in chat: a nudge, posting the summary, an absence.
  "POST /api/v1/cycles/{cycleId}/reminders": { need: "chair" },
  "POST /api/v1/wards/{wardId}/summaries": { need: "chair" },
  "PUT /api/v1/members/{memberId}/absence": { need: "chair" },
  // Lists, cut to the scope by their services.
  "GET /api/v1/wards": { list: true },
  "GET /api/v1/deliveries": { list: true },
  "GET /api/v1/tokens": { need: "admin", list: true },
  "GET /api/v1/audit": { need: "admin", list: true, query: { field: "unitId", absent: "skip" } },
  // A ward joins a province its creator administers; a ward at the top is the owner's.
  "POST /api/v1/wards": { need: "admin", body: { field: "parentId", absent: "owner" } },
  "PATCH /api/v1/wards/{wardId}": { need: "admin", body: { field: "parentId", absent: "skip" } },
  "POST /api/v1/tokens": { need: "admin", body: { field: "unitId", absent: "skip" } },
  "POST /api/v1/units": { need: "owner" },
  "GET /api/v1/auth/me": { need: "any" },
  // A person's data, all of it: admins only (chairs read the ward, not everything about a person).
  "GET /api/v1/members/{memberId}/export": { need: "admin" },
  "POST /api/v1/auth/sign-out": { need: "any" },
};

export interface Operation {
  key: string;
  method: string;
  pattern: RegExp;
  params: string[];
}

/** Every operation of the document, as matchers. */
export function operationsOf(paths: Record<string, Record<string, unknown> | undefined>): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const params: string[] = [];
    const source = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a, b) => {
      params.push(a ?? b);
      return "([^/]+)";
    });
    for (const method of Object.keys(item ?? {}))
      if (["get", "post", "put", "patch", "delete"].includes(method))
        ops.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), params });
  }
  return ops;
}

const forbidden = () => new AppError("forbidden", "Vai trò của bạn không được làm việc này ở đây: lãnh đạo phường xem, nhắc báo cáo, gửi bản tổng hợp và ghi vắng mặt; các thay đổi khác do quản trị viên làm.");

const outOfScopeField = (field: string) =>
  // The same answer for a unit that does not exist and one outside the scope.
  invalidFields([{ field, code: "unknown_reference", message: "Đơn vị đã chọn không phải đơn vị bạn quản trị." }]);

async function checkUnitField(db: Database, principal: Principal, value: unknown, spec: UnitField, hidden: (value: string) => AppError) {
  if (value === undefined || value === "") {
    if (spec.absent === "owner" && principal.kind !== "owner") throw outOfScopeField(spec.field);
    return;
  }
  if (value === null) {
    // Moving to the top of the tree leaves every province's scope.
    if (principal.kind !== "owner") throw outOfScopeField(spec.field);
    return;
  }
  if (typeof value !== "string") return; // the route's validation names it
  const decision = decide(principal, await placementOfUnit(db, value), "admin");
  if (decision === "hidden") throw hidden(value);
  if (decision === "forbidden") throw forbidden();
}

async function bodyField(read: () => Promise<unknown>, field: string) {
  try {
    const body = await read();
    return body && typeof body === "object" ? (body as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined; // not JSON: the route's validation answers it
  }
}

/** The access middleware, for the operations of `document()` (read once, on first use). */
export function accessControl(db: Database, document: () => Record<string, Record<string, unknown> | undefined>): MiddlewareHandler<AppEnv> {
  let operations: Operation[] | undefined;
  return async (c, next) => {
    operations ??= operationsOf(document());
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const path = c.req.path;
    const op = operations.find((o) => o.method === method && o.pattern.test(path));
    if (!op) return next(); // no such operation: the router's 404
    const principal = c.var.principal;
    const rule = ACCESS_RULES[op.key] ?? {};
    const need = rule.need ?? (method === "GET" ? "read" : "admin");
    const values = op.pattern.exec(path)!.slice(1).map(decodeURIComponent);

    if (need !== "any" && principal.kind !== "owner") {
      if (op.params.length) {
        for (const [i, name] of op.params.entries()) {
          const loader = PLACEMENT_BY_PARAM[name];
          // A parameter nobody taught the check to place: only the owner (closed by default).
          const placement = loader ? await loader.load(db, values[i]!) : null;
          const decision = decide(principal, placement, need);
          if (decision === "hidden") throw notFound(loader?.what ?? "unit", values[i]!);
          if (decision === "forbidden") throw forbidden();
        }
      } else if (!rule.list && !rule.body) {
        throw forbidden();
      } else if (need === "admin" && !principal.grants.some((g) => g.role === "admin")) {
        throw forbidden();
      }
      const { body, query } = rule;
      if (body) await checkUnitField(db, principal, await bodyField(() => c.req.json(), body.field), body, () => outOfScopeField(body.field));
      // A unit in the query is a resource like one in the path: outside the scope it does not exist.
      if (query) await checkUnitField(db, principal, c.req.query(query.field), query, (id) => notFound("unit", id));
    }
    await next();
  };
}
