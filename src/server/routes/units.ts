import { createRoute, z } from "@hono/zod-openapi";
import { rollupUnit } from "../../services/rollup.js";
import { createUnit, getUnit } from "../../services/units.js";
import { ERRORS, SECURED, XLSX, apiRouter, file, fileHeaders, json, jsonBody } from "../route.js";
import { Rollup, RollupQuery, Unit, UnitCreate, UnitParams, UnitWithChildren } from "../schemas-units.js";

const tags = ["Units"];
const ROLLUP_DESCRIPTION =
  "Every ward/commune/special zone at or under the unit (a province or the ward itself; a khu phố or a group is refused), " +
  "with the cycles that opened within [from, to] in the ward's local time: reports expected, submitted (late included), late and missing, " +
  "and per role; groups complete (every role the form asks for has submitted), partly reported and missing; " +
  "the submission rate (groups complete / groups expected), and the sum of every submitted numeric answer by question key.";

export const unitRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/units", tags, security: SECURED,
      summary: "Create a province (tỉnh / thành phố); wards join it with parentId",
      request: { body: jsonBody(UnitCreate) },
      responses: { 201: json(Unit, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createUnit(c.var.services, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/units/{unitId}", tags, security: SECURED, summary: "Get a unit with its direct children",
      request: { params: UnitParams },
      responses: { 200: json(UnitWithChildren), ...ERRORS },
    }),
    async (c) => c.json(await getUnit(c.var.services, c.req.valid("param").unitId), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/units/{unitId}/rollup", tags, security: SECURED,
      summary: "Reports rolled up per ward over a period", description: ROLLUP_DESCRIPTION,
      request: { params: UnitParams, query: RollupQuery },
      responses: { 200: json(Rollup), ...ERRORS },
    }),
    async (c) => c.json(await rollupUnit(c.var.services, c.req.valid("param").unitId, c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/units/{unitId}/rollup.xlsx", tags, security: SECURED,
      summary: "The roll-up as an Excel workbook: one row per ward, a totals row", description: ROLLUP_DESCRIPTION,
      request: { params: UnitParams, query: RollupQuery },
      responses: { 200: file(XLSX, "The workbook"), ...ERRORS },
    }),
    async (c) => {
      // exceljs is loaded on first use only: it is large and most processes never export.
      const { rollupWorkbook } = await import("../../services/exports/rollup-xlsx.js");
      const { filename, data } = await rollupWorkbook(c.var.services, c.req.valid("param").unitId, c.req.valid("query"));
      return c.body(data as Uint8Array<ArrayBuffer>, 200, fileHeaders(XLSX, filename));
    },
  );
