import { createRoute, z } from "@hono/zod-openapi";
import { createWard, getWard, listWards, updateWard } from "../../services/wards.js";
import { createGroup, listGroups } from "../../services/groups.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { Group, GroupCreate, Ward, WardCreate, WardParams, WardPatch } from "../schemas.js";

const tags = ["Wards"];

export const wardRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards", tags, security: SECURED, summary: "Create a ward (phường/xã)",
      request: { body: jsonBody(WardCreate) },
      responses: { 201: json(Ward, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createWard(c.var.services, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards", tags, security: SECURED, summary: "List wards",
      responses: { 200: json(z.array(Ward)), ...ERRORS },
    }),
    async (c) => c.json(await listWards(c.var.services), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}", tags, security: SECURED, summary: "Get a ward",
      request: { params: WardParams },
      responses: { 200: json(Ward), ...ERRORS },
    }),
    async (c) => c.json(await getWard(c.var.services, c.req.valid("param").wardId), 200),
  )
  .openapi(
    createRoute({
      method: "patch", path: "/wards/{wardId}", tags, security: SECURED, summary: "Rename a ward or change its time zone",
      request: { params: WardParams, body: jsonBody(WardPatch) },
      responses: { 200: json(Ward), ...ERRORS },
    }),
    async (c) => c.json(await updateWard(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/groups", tags: ["Groups"], security: SECURED,
      summary: "Add a residential group (tổ dân phố)",
      request: { params: WardParams, body: jsonBody(GroupCreate) },
      responses: { 201: json(Group, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createGroup(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/groups", tags: ["Groups"], security: SECURED, summary: "List a ward's groups",
      request: { params: WardParams },
      responses: { 200: json(z.array(Group)), ...ERRORS },
    }),
    async (c) => c.json(await listGroups(c.var.services, c.req.valid("param").wardId), 200),
  );
