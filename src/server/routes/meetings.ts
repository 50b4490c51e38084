import { createRoute, z } from "@hono/zod-openapi";
import { MEETING_STATUSES, cancelMeeting, createMeeting, getMeeting, listMeetings, updateMeeting } from "../../services/meetings.js";
import { PageQuery, paged, pagedJson } from "../pagination.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { Meeting, MeetingCreate, MeetingParams, WardParams } from "../schemas.js";
import { isoDateTime, isoDuration } from "../schemas-dates.js";

const MeetingPatch = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    startsAt: isoDateTime().optional(),
    location: z.string().trim().min(1).max(300).optional(),
    remindBefore: z.array(isoDuration()).max(10).optional(),
  })
  .strict()
  .openapi("MeetingPatch");

const Attendance = z
  .object({
    meetingId: z.string(),
    invited: z.number().int(),
    attending: z.number().int(),
    absent: z.number().int(),
    noAnswer: z.number().int(),
    people: z.array(z.object({ memberId: z.string(), name: z.string(), status: z.string(), reason: z.string().optional() })),
  })
  .openapi("Attendance");

const tags = ["Meetings"];

export const meetingRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/meetings", tags, security: SECURED,
      summary: "Schedule a review meeting (hội nghị sơ kết / tổng kết)",
      description:
        "`startsAt` with an offset is an instant; without one (2026-11-29T14:00) it is read in the ward's time zone. " +
        "Invitees are every member holding one of `invitees.roles` (in `groupIds`, when given).",
      request: { params: WardParams, body: jsonBody(MeetingCreate) },
      responses: { 201: json(Meeting, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createMeeting(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/meetings", tags, security: SECURED, summary: "List a ward's meetings",
      description: "By start time, a page at a time (`limit`, `cursor`; the next page in `X-Next-Cursor` and `Link`).",
      request: {
        params: WardParams,
        query: z.object({
          ...PageQuery,
          status: z.enum(MEETING_STATUSES).optional().openapi({ description: "only the meetings in this status" }),
          upcoming: z.enum(["true", "false"]).optional().openapi({ description: "`true`: only meetings that have not started yet" }),
        }),
      },
      responses: { 200: pagedJson(Meeting), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return paged(c, await listMeetings(c.var.services, c.req.valid("param").wardId, { ...q, upcoming: q.upcoming === "true" }));
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/meetings/{meetingId}", tags, security: SECURED, summary: "A meeting with its invitees",
      request: { params: MeetingParams },
      responses: { 200: json(Meeting), ...ERRORS },
    }),
    async (c) => c.json(await getMeeting(c.var.services, c.req.valid("param").meetingId), 200),
  )
  .openapi(
    createRoute({
      method: "patch", path: "/meetings/{meetingId}", tags, security: SECURED,
      summary: "Change a meeting's title, time, place or reminders; those already reminded are told",
      request: { params: MeetingParams, body: jsonBody(MeetingPatch) },
      responses: { 200: json(Meeting), ...ERRORS },
    }),
    async (c) => c.json(await updateMeeting(c.var.services, c.req.valid("param").meetingId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/meetings/{meetingId}/cancel", tags, security: SECURED,
      summary: "Cancel a meeting; those already reminded are told",
      request: { params: MeetingParams },
      responses: { 200: json(Meeting), ...ERRORS },
    }),
    async (c) => c.json(await cancelMeeting(c.var.services, c.req.valid("param").meetingId), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/meetings/{meetingId}/attendance", tags, security: SECURED,
      summary: "Who will come: counts and each invitee's answer (with the reason for an absence)",
      request: { params: MeetingParams },
      responses: { 200: json(Attendance), ...ERRORS },
    }),
    async (c) => {
      const m = await getMeeting(c.var.services, c.req.valid("param").meetingId);
      return c.json({ meetingId: m.id, ...m.attendance, people: m.people ?? [] }, 200);
    },
  );
