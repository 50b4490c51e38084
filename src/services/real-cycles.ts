/**
 * The one rule that keeps the chat simulator out of the ward's records: a preview cycle
 * (Cycle.preview, made for a simulator session) is not a cycle of the ward. Every read that
 * lists, counts, summarises, reminds, closes, exports or posts cycles or their reports filters
 * with `realCycle` (Prisma) or `REAL_CYCLE_SQL` (raw SQL); a cycle looked up by id through them
 * is "not found". test/services/preview-isolation.test.ts checks each use, and that no read of
 * cycles in src/ goes without it.
 */
export const REAL_CYCLE = { preview: false } as const;

/** A Prisma `where` on Cycle, narrowed to the ward's real cycles. */
export const realCycle = <W extends object>(where: W): W & typeof REAL_CYCLE => ({ ...where, ...REAL_CYCLE });
