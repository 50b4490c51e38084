import type { ListScope, Placement } from "../core/access.js";
import type { Thing } from "../core/errors.js";
import type { Database } from "../db/types.js";
import { WARD_KINDS } from "./wards.js";
import { REAL_CYCLE, realCycle } from "./real-cycles.js";

/**
 * Where a resource sits in the unit tree, for the access check: one loader per kind of id a
 * route names in its path. Null when there is no such resource (the caller answers 404 alike
 * for "does not exist" and "not yours").
 */

const WARD = [...WARD_KINDS] as string[];

/** A ward and its province, or null when the id is not a ward. */
async function placementOfWard(db: Database, wardId: string | null): Promise<Placement | null> {
  if (!wardId) return null;
  const ward = await db.unit.findUnique({ where: { id: wardId }, select: { id: true, kind: true, parentId: true } });
  if (!ward || !WARD.includes(ward.kind)) return null;
  return ward.parentId ? [ward.id, ward.parentId] : [ward.id];
}

/** Any unit: a province is its own placement; a ward its own and its province's; below a ward, its ward's. */
export async function placementOfUnit(db: Database, unitId: string): Promise<Placement | null> {
  const unit = await db.unit.findUnique({ where: { id: unitId }, select: { id: true, kind: true, parentId: true, wardId: true } });
  if (!unit) return null;
  if (WARD.includes(unit.kind)) return unit.parentId ? [unit.id, unit.parentId] : [unit.id];
  if (unit.wardId) {
    const ward = await placementOfWard(db, unit.wardId);
    return ward ? [unit.id, ...ward] : null;
  }
  return [unit.id];
}

const wardOf = (row: { wardId: string } | null) => row?.wardId ?? null;

/**
 * The ward an outgoing message belongs to, from its address: a person's chat (their ward), a
 * summary chat (its destination's ward), a webhook (its ward). Null for a chat nobody in any ward
 * is behind (a stranger's): only the owner sees those.
 */
export async function wardOfAddress(db: Database, address: string): Promise<string | null> {
  const identity = await db.channelIdentity.findFirst({ where: { address }, select: { member: { select: { wardId: true } } } });
  if (identity) return identity.member.wardId;
  const webhook = /^webhook:(.+)$/.exec(address);
  if (webhook) return wardOf(await db.webhook.findUnique({ where: { id: webhook[1]! }, select: { wardId: true } }));
  const split = address.indexOf(":");
  const destination = await db.destination.findFirst({ where: { channel: address.slice(0, split), chatId: address.slice(split + 1) }, select: { wardId: true } });
  return wardOf(destination);
}

/** The loaders, by the name of the path parameter. A route whose parameter is not here is refused. */
export const PLACEMENT_BY_PARAM: Record<string, { what: Thing; load(db: Database, id: string): Promise<Placement | null> }> = {
  wardId: { what: "ward", load: (db, id) => placementOfWard(db, id) },
  unitId: { what: "unit", load: placementOfUnit },
  groupId: {
    what: "group",
    load: async (db, id) => {
      const group = await db.unit.findFirst({ where: { id, kind: "group" }, select: { wardId: true } });
      return group?.wardId ? placementOfWard(db, group.wardId) : null;
    },
  },
  memberId: { what: "member", load: async (db, id) => placementOfWard(db, wardOf(await db.member.findUnique({ where: { id }, select: { wardId: true } }))) },
  // A preview cycle (the chat simulator's) is no cycle of the ward: unknown to the cycle API.
  cycleId: { what: "cycle", load: async (db, id) => placementOfWard(db, wardOf(await db.cycle.findUnique({ where: realCycle({ id }), select: { wardId: true } }))) },
  reportId: {
    what: "report",
    load: async (db, id) =>
      placementOfWard(db, wardOf((await db.report.findUnique({ where: { id, cycle: REAL_CYCLE }, select: { cycle: { select: { wardId: true } } } }))?.cycle ?? null)),
  },
  sessionId: {
    what: "simulator session",
    load: async (db, id) => placementOfWard(db, wardOf(await db.simulatorSession.findUnique({ where: { id }, select: { wardId: true } }))),
  },
  meetingId: { what: "meeting", load: async (db, id) => placementOfWard(db, wardOf(await db.meeting.findUnique({ where: { id }, select: { wardId: true } }))) },
  destinationId: {
    what: "destination",
    load: async (db, id) => placementOfWard(db, wardOf(await db.destination.findUnique({ where: { id }, select: { wardId: true } }))),
  },
  dayOffId: { what: "day off", load: async (db, id) => placementOfWard(db, wardOf(await db.dayOff.findUnique({ where: { id }, select: { wardId: true } }))) },
  webhookId: { what: "webhook", load: async (db, id) => placementOfWard(db, wardOf(await db.webhook.findUnique({ where: { id }, select: { wardId: true } }))) },
  deliveryId: {
    what: "delivery",
    load: async (db, id) => {
      const message = await db.outboxMessage.findUnique({ where: { id }, select: { address: true } });
      return message ? placementOfWard(db, await wardOfAddress(db, message.address)) : null;
    },
  },
  tokenId: {
    what: "token",
    load: async (db, id) => {
      const token = await db.apiToken.findUnique({ where: { id }, select: { unitId: true } });
      return token ? placementOfUnit(db, token.unitId) : null;
    },
  },
};

/** The ids of the wards a list scope covers (its wards, and the wards of its provinces). */
export async function wardIdsInScope(db: Database, scope: Extract<ListScope, { all: false }>): Promise<string[]> {
  if (!scope.unitIds.length) return [];
  const wards = await db.unit.findMany({
    where: { kind: { in: WARD }, OR: [{ id: { in: scope.unitIds } }, { parentId: { in: scope.unitIds } }] },
    select: { id: true },
  });
  return wards.map((w) => w.id);
}
