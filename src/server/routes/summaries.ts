import { createRoute, z } from "@hono/zod-openapi";
import { postSummary } from "../../services/summaries.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { WardParams } from "../schemas.js";

const SummaryResult = z
  .object({
    cycleId: z.string(),
    text: z.string(),
    deliveries: z.array(z.object({ channel: z.string(), chatId: z.string() })),
  })
  .openapi("SummaryResult");

export const summaryRoutes = apiRouter().openapi(
  createRoute({
    method: "post", path: "/wards/{wardId}/summaries", tags: ["Summaries"], security: SECURED,
    summary: "Build a cycle's summary and post it to the ward's summary chats (or its chairs)",
    description: "Defaults to the newest closed cycle (else the open one, marked provisional). Summarising a closed cycle locks it.",
    request: { params: WardParams, body: jsonBody(z.object({ cycleId: z.string().optional() }).strict()) },
    responses: { 200: json(SummaryResult), ...ERRORS },
  }),
  async (c) => c.json(await postSummary(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
);
