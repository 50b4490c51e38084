import { createRoute, z } from "@hono/zod-openapi";
import { archiveWard, createWard, getWard, listWards, updateWard } from "../../services/wards.js";
import { archiveGroup, createGroup, getGroup, listGroups, updateGroup } from "../../services/groups.js";
import { ArchivedQuery, PageQuery, paged, pagedJson } from "../pagination.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { Group, GroupCreate, GroupParams, GroupPatch, Ward, WardCreate, WardParams, WardPatch } from "../schemas.js";

const tags = ["Wards"];
const ARCHIVING =
  "Archiving keeps the history (cycles, reports, summaries) and hides the record from lists " +
  "(`?archived=true` shows it); PATCH with `archived: false` restores it.";

export const wardRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards", tags, security: SECURED, summary: "Create a ward (phường/xã)",
      description: "Names are unique without regard to case, spacing or invisible characters (archived wards included).",
      request: { body: jsonBody(WardCreate) },
      responses: { 201: json(Ward, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createWard(c.var.services, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards", tags, security: SECURED, summary: "List wards, by name",
      request: { query: z.object({ ...PageQuery, ...ArchivedQuery, parentId: z.string().optional().openapi({ description: "only the wards of this province" }) }) },
      responses: { 200: pagedJson(Ward), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return paged(c, await listWards(c.var.services, { ...q, archived: q.archived === "true" }));
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}", tags, security: SECURED, summary: "Get a ward (archived ones too)",
      request: { params: WardParams },
      responses: { 200: json(Ward), ...ERRORS },
    }),
    async (c) => c.json(await getWard(c.var.services, c.req.valid("param").wardId), 200),
  )
  .openapi(
    createRoute({
      method: "patch", path: "/wards/{wardId}", tags, security: SECURED,
      summary: "Change a ward's name, time zone, kind or province; archive or restore it",
      description: ARCHIVING,
      request: { params: WardParams, body: jsonBody(WardPatch) },
      responses: { 200: json(Ward), ...ERRORS },
    }),
    async (c) => c.json(await updateWard(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/wards/{wardId}", tags, security: SECURED, summary: "Archive a ward",
      description: `${ARCHIVING} The scheduler leaves an archived ward alone: no cycles, reminders, summaries or meeting reminders.`,
      request: { params: WardParams },
      responses: { 200: json(Ward, "Archived"), ...ERRORS },
    }),
    async (c) => c.json(await archiveWard(c.var.services, c.req.valid("param").wardId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/groups", tags: ["Groups"], security: SECURED,
      summary: "Add a residential group (tổ dân phố)",
      description: "Names are unique in the ward without regard to case, spacing or invisible characters; a clash is a 409 with the existing group's id in `details.id`.",
      request: { params: WardParams, body: jsonBody(GroupCreate) },
      responses: { 201: json(Group, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createGroup(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/groups", tags: ["Groups"], security: SECURED,
      summary: "List a ward's groups in natural order (Tổ 2 before Tổ 10)",
      request: { params: WardParams, query: z.object({ ...PageQuery, ...ArchivedQuery, parentId: z.string().optional().openapi({ description: "only the groups under this khu phố" }) }) },
      responses: { 200: pagedJson(Group), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return paged(c, await listGroups(c.var.services, c.req.valid("param").wardId, { ...q, archived: q.archived === "true" }));
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/groups/{groupId}", tags: ["Groups"], security: SECURED, summary: "Get a group (archived ones too)",
      request: { params: GroupParams },
      responses: { 200: json(Group), ...ERRORS },
    }),
    async (c) => c.json(await getGroup(c.var.services, c.req.valid("param").groupId), 200),
  )
  .openapi(
    createRoute({
      method: "patch", path: "/groups/{groupId}", tags: ["Groups"], security: SECURED,
      summary: "Rename or move a group; archive or restore it",
      description: ARCHIVING,
      request: { params: GroupParams, body: jsonBody(GroupPatch) },
      responses: { 200: json(Group), ...ERRORS },
    }),
    async (c) => c.json(await updateGroup(c.var.services, c.req.valid("param").groupId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/groups/{groupId}", tags: ["Groups"], security: SECURED, summary: "Archive a group",
      description:
        `${ARCHIVING} New cycles make no report for an archived group, so nobody is prompted or reminded for it; ` +
        "its members stay as they are (move or archive them).",
      request: { params: GroupParams },
      responses: { 200: json(Group, "Archived"), ...ERRORS },
    }),
    async (c) => c.json(await archiveGroup(c.var.services, c.req.valid("param").groupId), 200),
  );
