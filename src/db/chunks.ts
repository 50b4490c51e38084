/**
 * Values per `in` list that a query splits itself: D1 binds at most 100 parameters to a
 * statement. Prisma splits a single long `in` list over several statements, but not a query
 * with two lists (or a list beside other parameters past the limit): those are read here in
 * slices, leaving room for the query's other parameters.
 */
export const IN_LIST_SLICE = 80;

/** `read` over `items` in slices of IN_LIST_SLICE, its rows put together in the order of the slices. */
export async function readInSlices<T, R>(items: T[], read: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (let i = 0; i < items.length; i += IN_LIST_SLICE) rows.push(...(await read(items.slice(i, i + IN_LIST_SLICE))));
  return rows;
}
