import { z } from "@hono/zod-openapi";
import { PARENT_KINDS } from "../services/units.js";
import { id, name } from "./schemas.js";
import { isoDate } from "./schemas-dates.js";

/** The administrative tree above wards, and the roll-up of reports over it. */

export const UnitParams = z.object({ unitId: id.openapi({ param: { name: "unitId", in: "path" } }) });

export const UnitCreate = z
  .object({
    name: name(120).openapi({ example: "Thành phố Đà Nẵng" }),
    kind: z.enum(PARENT_KINDS),
  })
  .strict()
  .openapi("UnitCreate");

export const Unit = z
  .object({ id, name: z.string(), kind: z.string(), parentId: z.string().nullable(), createdAt: z.string() })
  .openapi("Unit");
export const UnitWithChildren = Unit.extend({
  children: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
}).openapi("UnitWithChildren");

const day = (example: string, description: string) => isoDate(example).optional().openapi({ description });
export const RollupQuery = z.object({
  from: day("2026-11-01", "first local day, YYYY-MM-DD; defaults to four weeks before `to`"),
  to: day("2026-11-28", "last local day (inclusive); defaults to today"),
});

const counts = {
  expected: z.number().int(),
  submitted: z.number().int().openapi({ description: "late submissions included" }),
  late: z.number().int(),
  missing: z.number().int().openapi({ description: "expected − submitted" }),
};
const groups = z
  .object({
    expected: z.number().int().openapi({ description: "each group once per cycle" }),
    complete: z.number().int().openapi({ description: "every role the form asks for has submitted (late included)" }),
    late: z.number().int().openapi({ description: "complete, with a report after the deadline" }),
    partial: z.number().int().openapi({ description: "some roles have submitted, not all (only with several roles)" }),
    missing: z.number().int().openapi({ description: "no role of the group has submitted" }),
  })
  .openapi({ description: "Groups per cycle: a group has reported when every role the form asks for (tổ trưởng, trưởng ban CTMT) has" });
const byRole = z
  .record(z.string(), z.object({ expected: z.number().int(), submitted: z.number().int() }))
  .openapi({ description: "reports per role (leader, front_head): expected and submitted, late included" });
const rate = z.number().nullable().openapi({ description: "groups complete / groups expected to 3 decimals; null when nothing was expected" });
const sums = z.record(z.string(), z.number()).openapi({ description: "sum of submitted answers by question key" });

export const Rollup = z
  .object({
    unit: z.object({ id, name: z.string(), kind: z.string() }),
    from: z.string(),
    to: z.string(),
    questions: z.array(z.object({ key: z.string(), text: z.string(), type: z.string() })),
    wards: z.array(
      z.object({
        wardId: z.string(), name: z.string(), cycles: z.number().int(), reports: z.object(counts), groups, byRole, submissionRate: rate, totals: sums,
      }),
    ),
    totals: z.object({ cycles: z.number().int(), ...counts, groups, byRole, submissionRate: rate, totals: sums }),
  })
  .openapi("Rollup");
