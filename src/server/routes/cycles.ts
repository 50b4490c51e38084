import { createRoute, z } from "@hono/zod-openapi";
import { closeCycle, lockCycle, nudgeCycle, reopenCycle } from "../../services/cycle-lifecycle.js";
import { openCycle } from "../../services/cycle-opening.js";
import { CYCLE_STATUSES, getCycle, listCycles } from "../../services/cycles.js";
import { PageQuery, paged, pagedJson } from "../pagination.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { Cycle, CycleListItem, CycleOpen, CycleParams, ErrorSchema, WardParams } from "../schemas.js";

const tags = ["Cycles"];

export const cycleRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/cycles", tags, security: SECURED,
      summary: "Open a reporting cycle now and send the first question to every bound reporter",
      description:
        "While a cycle is open in the ward the answer is 409 (`conflict`, with `details.openCycleId` and `details.label`), " +
        'unless the body says `"replaceOpen": true`: then the open cycle is closed first (its unanswered reports become missed). ' +
        "The cycle, its reports, each reporter's first question and their conversation's move to the new report are committed together.",
      request: { params: WardParams, body: jsonBody(CycleOpen) },
      responses: {
        201: json(Cycle, "Created"),
        ...ERRORS,
        409: json(ErrorSchema, "A cycle is open in the ward (`details.openCycleId`, `details.label`) and `replaceOpen` was not set; or the ward has no form"),
      },
    }),
    async (c) => c.json(await openCycle(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/cycles", tags, security: SECURED, summary: "The ward's cycles, newest first",
      description: "A page at a time (`limit`, `cursor`; the next page in `X-Next-Cursor` and `Link`).",
      request: {
        params: WardParams,
        query: z.object({ ...PageQuery, status: z.enum(CYCLE_STATUSES).optional().openapi({ description: "only the cycles in this status" }) }),
      },
      responses: { 200: pagedJson(CycleListItem), ...ERRORS },
    }),
    async (c) => paged(c, await listCycles(c.var.services, c.req.valid("param").wardId, c.req.valid("query"))),
  )
  .openapi(
    createRoute({
      method: "get", path: "/cycles/{cycleId}", tags, security: SECURED,
      summary: "A cycle with every group's reports and answers",
      description: "Money as integer đồng, numbers as numbers, a choice as its option text, yes/no as booleans; skipped questions are absent.",
      request: { params: CycleParams },
      responses: { 200: json(Cycle), ...ERRORS },
    }),
    async (c) => c.json(await getCycle(c.var.services, c.req.valid("param").cycleId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/cycles/{cycleId}/reminders", tags, security: SECURED,
      summary: "Remind now everyone who has not submitted (bounded per report)",
      request: { params: CycleParams },
      responses: { 200: json(z.object({ cycleId: z.string(), messages: z.number().int() })), ...ERRORS },
    }),
    async (c) => {
      const { cycleId } = c.req.valid("param");
      return c.json({ cycleId, messages: await nudgeCycle(c.var.services, cycleId) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post", path: "/cycles/{cycleId}/close", tags, security: SECURED,
      summary: "Close a cycle now: reports not submitted become missed; later ones are accepted as late",
      request: { params: CycleParams },
      responses: { 200: json(Cycle), ...ERRORS },
    }),
    async (c) => c.json(await closeCycle(c.var.services, c.req.valid("param").cycleId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/cycles/{cycleId}/lock", tags, security: SECURED,
      summary: "Lock a closed cycle: its figures are final and late answers are refused (until reopened)",
      description:
        "Reading or posting a summary never locks a cycle; this does (and so does the ward's scheduled summary). " +
        "409 when the cycle is open (close it first) or already locked. Audited as cycle.lock.",
      request: { params: CycleParams },
      responses: { 200: json(Cycle), ...ERRORS },
    }),
    async (c) => c.json(await lockCycle(c.var.services, c.req.valid("param").cycleId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/cycles/{cycleId}/reopen", tags, security: SECURED,
      summary: "Unlock a locked cycle, so that late answers are accepted again",
      request: { params: CycleParams },
      responses: { 200: json(Cycle), ...ERRORS },
    }),
    async (c) => c.json(await reopenCycle(c.var.services, c.req.valid("param").cycleId), 200),
  );
