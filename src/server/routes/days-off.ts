import { createRoute, z } from "@hono/zod-openapi";
import { addDayOff, deleteDayOff, listDaysOff, setAbsence, updateDayOff } from "../../services/days-off.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { DayOffParams, MemberParams, WardParams } from "../schemas.js";
import { isoDate, isoDateOrDateTime, yearParam } from "../schemas-dates.js";

const Holiday = z.object({ date: z.string(), name: z.string() });
const DayOff = z.object({ id: z.string(), date: z.string(), reason: z.string().nullable() }).openapi("DayOff");
const Absence = z
  .object({ memberId: z.string(), absentUntil: z.string().nullable(), reason: z.string().nullable() })
  .openapi("Absence");

/** Days off (public holidays computed, local ones added by admins) and members' absences. */
export const daysOffRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/days-off", tags: ["Schedule"], security: SECURED,
      summary: "Add a local day off (the scheduler treats it like a public holiday)",
      request: {
        params: WardParams,
        body: jsonBody(z.object({ date: isoDate("2026-09-03"), reason: z.string().trim().max(200).optional() }).strict()),
      },
      responses: { 201: json(DayOff, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await addDayOff(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/days-off", tags: ["Schedule"], security: SECURED,
      summary: "Public holidays of a year (Tết and Giỗ Tổ from the lunar calendar) and the ward's own days off",
      request: { params: WardParams, query: z.object({ year: yearParam().optional() }) },
      responses: { 200: json(z.object({ year: z.number(), publicHolidays: z.array(Holiday), localDaysOff: z.array(DayOff) })), ...ERRORS },
    }),
    async (c) =>
      c.json(await listDaysOff(c.var.services, c.req.valid("param").wardId, c.req.valid("query").year ?? c.var.services.now().getUTCFullYear()), 200),
  )
  .openapi(
    createRoute({
      method: "patch", path: "/days-off/{dayOffId}", tags: ["Schedule"], security: SECURED,
      summary: "Move a local day off to another date or change its reason",
      request: {
        params: DayOffParams,
        body: jsonBody(
          z.object({ date: z.string().optional().openapi({ example: "2026-09-04" }), reason: z.string().trim().max(200).nullable().optional() }).strict().openapi("DayOffPatch"),
        ),
      },
      responses: { 200: json(DayOff), ...ERRORS },
    }),
    async (c) => c.json(await updateDayOff(c.var.services, c.req.valid("param").dayOffId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/days-off/{dayOffId}", tags: ["Schedule"], security: SECURED,
      summary: "Remove a local day off (deleted, not archived: it has no history)",
      request: { params: DayOffParams },
      responses: { 204: { description: "Deleted" }, ...ERRORS },
    }),
    async (c) => {
      await deleteDayOff(c.var.services, c.req.valid("param").dayOffId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "put", path: "/members/{memberId}/absence", tags: ["Members"], security: SECURED,
      summary: "Mark a member away until a date (no reminders meanwhile); until: null clears it",
      request: {
        params: MemberParams,
        body: jsonBody(z.object({ until: isoDateOrDateTime("2026-12-05").nullable(), reason: z.string().trim().max(200).optional() }).strict()),
      },
      responses: { 200: json(Absence), ...ERRORS },
    }),
    async (c) => c.json(await setAbsence(c.var.services, c.req.valid("param").memberId, c.req.valid("json")), 200),
  );
