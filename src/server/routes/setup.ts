import { createRoute, z } from "@hono/zod-openapi";
import { addDestination, deleteDestination, listDestinations, updateDestination } from "../../services/destinations.js";
import { PageQuery, paged, pagedJson } from "../pagination.js";
import { getForm, putForm } from "../../services/form.js";
import { getSchedule, putSchedule } from "../../services/schedule.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { Destination, DestinationCreate, DestinationParams, DestinationPatch, WardParams } from "../schemas.js";
import { Form, FormPut, Schedule, SchedulePut } from "../schemas-setup.js";

/** The ward's report form, its schedule and where its summaries go. */
export const setupRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "put", path: "/wards/{wardId}/form", tags: ["Form"], security: SECURED,
      summary: "Save the report form as a new version",
      description: "Cycles already open keep the version they opened with. `showIf` must point at an earlier question.",
      request: { params: WardParams, body: jsonBody(FormPut) },
      responses: { 200: json(Form), ...ERRORS },
    }),
    async (c) => c.json(await putForm(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/form", tags: ["Form"], security: SECURED, summary: "The current report form",
      request: { params: WardParams },
      responses: { 200: json(Form), ...ERRORS },
    }),
    async (c) => c.json(await getForm(c.var.services, c.req.valid("param").wardId), 200),
  )
  .openapi(
    createRoute({
      method: "put", path: "/wards/{wardId}/schedule", tags: ["Schedule"], security: SECURED,
      summary: "Set the reporting schedule (5-field crons in the ward's time zone)",
      request: { params: WardParams, body: jsonBody(SchedulePut) },
      responses: { 200: json(Schedule), ...ERRORS },
    }),
    async (c) => c.json(await putSchedule(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/schedule", tags: ["Schedule"], security: SECURED,
      summary: "The schedule with its next runs",
      request: { params: WardParams },
      responses: { 200: json(Schedule), ...ERRORS },
    }),
    async (c) => c.json(await getSchedule(c.var.services, c.req.valid("param").wardId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/destinations", tags: ["Destinations"], security: SECURED,
      summary: "Add a chat where summaries are posted",
      request: { params: WardParams, body: jsonBody(DestinationCreate) },
      responses: { 201: json(Destination, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await addDestination(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/destinations", tags: ["Destinations"], security: SECURED,
      summary: "List the ward's summary destinations",
      request: { params: WardParams, query: z.object(PageQuery) },
      responses: { 200: pagedJson(Destination), ...ERRORS },
    }),
    async (c) => paged(c, await listDestinations(c.var.services, c.req.valid("param").wardId, c.req.valid("query"))),
  )
  .openapi(
    createRoute({
      method: "patch", path: "/destinations/{destinationId}", tags: ["Destinations"], security: SECURED,
      summary: "Change a destination's chat id or title",
      request: { params: DestinationParams, body: jsonBody(DestinationPatch) },
      responses: { 200: json(Destination), ...ERRORS },
    }),
    async (c) => c.json(await updateDestination(c.var.services, c.req.valid("param").destinationId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/destinations/{destinationId}", tags: ["Destinations"], security: SECURED,
      summary: "Remove a destination (it has no history: deleted, not archived)",
      request: { params: DestinationParams },
      responses: { 204: { description: "Deleted" }, ...ERRORS },
    }),
    async (c) => {
      await deleteDestination(c.var.services, c.req.valid("param").destinationId);
      return c.body(null, 204);
    },
  );
