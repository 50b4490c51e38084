import { createRoute } from "@hono/zod-openapi";
import { createUnit, getUnit } from "../../services/units.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { Unit, UnitCreate, UnitParams, UnitWithChildren } from "../schemas.js";

const tags = ["Units"];

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
  );
