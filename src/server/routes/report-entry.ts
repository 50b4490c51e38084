import { createRoute, z } from "@hono/zod-openapi";
import { enterReport, reportHistory } from "../../services/report-entry.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { CycleParams, id } from "../schemas.js";

const tags = ["Cycles"];
const ReportParams = CycleParams.extend({ reportId: id.openapi({ param: { name: "reportId", in: "path" } }) });

const ReportEntry = z
  .object({
    answers: z.record(z.string(), z.string().max(2000)).openapi({
      description:
        "Question key → the answer as text, as the reporter would type it in the chat (\"12\", \"212 triệu\", \"có\", \"25/11\"); " +
        "read by the chat's own parsers. Questions skip logic would not ask are left out; required ones that would be asked must be given.",
      example: { households: "12", spending: "212 triệu", incidents: "không" },
    }),
    reason: z.string().trim().min(1).max(300).openapi({ example: "Tổ trưởng báo qua điện thoại ngày 27/11" }),
    version: z.number().int().min(0).optional().openapi({ description: "the report's `version` as read (GET /cycles/{cycleId}); another change since is a 409" }),
  })
  .strict()
  .openapi("ReportEntry");

const ReportHistory = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: z.string(),
    via: z.string().nullable(),
    revisions: z.array(
      z.object({
        submittedAt: z.string(),
        via: z.string().openapi({ description: "telegram, zalo, or console (entered by the ward office)" }),
        late: z.boolean(),
        memberId: z.string().nullable(),
        memberName: z.string().nullable(),
        enteredBy: z.string().nullable().openapi({ description: "for via console: the admin who entered it" }),
        reason: z.string().nullable(),
        answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      }),
    ),
  })
  .openapi("ReportHistory");

export const reportEntryRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "put", path: "/cycles/{cycleId}/reports/{reportId}", tags, security: SECURED,
      summary: "Enter or correct a report on its reporter's behalf (one who phoned it in)",
      description:
        "Stored as the role holder's submission with `via: \"console\"`, plus a revision naming the admin and the reason; the summary " +
        "names the groups entered this way. A first entry after the deadline (or in a closed cycle) is late; a correction keeps the " +
        "timeliness of the first submission. 400 names each bad answer as `answers.<key>` with the chat's Vietnamese reason. " +
        "409 when the cycle is locked (reopen it first) or the report changed since `version` was read.",
      request: { params: ReportParams, body: jsonBody(ReportEntry) },
      responses: { 200: json(ReportHistory), ...ERRORS },
    }),
    async (c) => {
      const { cycleId, reportId } = c.req.valid("param");
      return c.json(await enterReport(c.var.services, cycleId, reportId, c.req.valid("json")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/cycles/{cycleId}/reports/{reportId}", tags, security: SECURED,
      summary: "A report's submissions, newest first: from the chat, or entered by the office (who and why)",
      request: { params: ReportParams },
      responses: { 200: json(ReportHistory), ...ERRORS },
    }),
    async (c) => {
      const { cycleId, reportId } = c.req.valid("param");
      return c.json(await reportHistory(c.var.services, cycleId, reportId), 200);
    },
  );
