import { createRoute, z } from "@hono/zod-openapi";
import { ISSUERS } from "../../core/document-heading.js";
import { postSummary, readSummary } from "../../services/summaries.js";
import { DOCX, ERRORS, PNG, SECURED, XLSX, apiRouter, file, fileHeaders, json, jsonBody } from "../route.js";
import { CycleParams, WardParams } from "../schemas.js";

const SummaryResult = z
  .object({
    cycleId: z.string(),
    text: z.string(),
    deliveries: z.array(z.object({ channel: z.string(), chatId: z.string() })),
    chartUrl: z.string().optional().openapi({ description: "Signed link to the chart (7 days), when PUBLIC_URL is configured and the chart was drawn" }),
  })
  .openapi("SummaryResult");

const SummaryText = z
  .object({
    cycleId: z.string(),
    label: z.string(),
    provisional: z.boolean().openapi({ description: "the cycle is still open: figures may change" }),
    text: z.string(),
  })
  .openapi("SummaryText");

export const summaryRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "get", path: "/cycles/{cycleId}/summary", tags: ["Summaries"], security: SECURED,
      summary: "A cycle's summary text as chairs would read it; nothing is posted and the cycle is not locked",
      request: { params: CycleParams },
      responses: { 200: json(SummaryText), ...ERRORS },
    }),
    async (c) => c.json(await readSummary(c.var.services, c.req.valid("param").cycleId), 200),
  )
  .openapi(
    createRoute({
      method: "get", path: "/cycles/{cycleId}/summary.xlsx", tags: ["Summaries"], security: SECURED,
      summary: "The cycle as an Excel workbook: one row per group, typed columns, totals, and the submission history",
      request: { params: CycleParams },
      responses: { 200: file(XLSX, "The workbook"), ...ERRORS },
    }),
    async (c) => {
      // exceljs is loaded on first use only: it is large and most processes never export.
      const { cycleWorkbook } = await import("../../services/exports/cycle-xlsx.js");
      const { filename, data } = await cycleWorkbook(c.var.services, c.req.valid("param").cycleId);
      return c.body(data as Uint8Array<ArrayBuffer>, 200, fileHeaders(XLSX, filename));
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/cycles/{cycleId}/summary.docx", tags: ["Summaries"], security: SECURED,
      summary: "The cycle's official report as a Word document (Decree 30/2020/NĐ-CP), dated today",
      description: "Headed and signed as the ward's document settings say; `issuer` heads it as the other body for this download only.",
      request: { params: CycleParams, query: z.object({ issuer: z.enum(ISSUERS).optional() }) },
      responses: { 200: file(DOCX, "The document"), ...ERRORS },
    }),
    async (c) => {
      // The docx package is loaded on first use only, like exceljs above.
      const { cycleReportDocx } = await import("../../services/exports/cycle-docx.js");
      const { filename, data } = await cycleReportDocx(c.var.services, c.req.valid("param").cycleId, c.req.valid("query"));
      return c.body(data as Uint8Array<ArrayBuffer>, 200, fileHeaders(DOCX, filename));
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/cycles/{cycleId}/summary.png", tags: ["Summaries"], security: SECURED,
      summary: "The cycle's summary chart: who reported, and one key figure per group",
      description: "The same picture is posted with the summary (uploaded, or by its signed URL on channels that take pictures by URL only) and opened by its signed link (GET /files/cycles/{cycleId}/summary.png?exp=…&sig=…).",
      request: { params: CycleParams },
      responses: { 200: file(PNG, "The chart"), ...ERRORS },
    }),
    async (c) => {
      // resvg (a native renderer) is loaded on first use only: most processes never draw.
      const { cycleChart } = await import("../../services/exports/cycle-chart.js");
      const { filename, data } = await cycleChart(c.var.services, c.req.valid("param").cycleId);
      return c.body(data as Uint8Array<ArrayBuffer>, 200, fileHeaders(PNG, filename, "inline"));
    },
  )
  .openapi(
  createRoute({
    method: "post", path: "/wards/{wardId}/summaries", tags: ["Summaries"], security: SECURED,
    summary: "Build a cycle's summary and post it to the ward's summary chats (or its chairs)",
    description: "Defaults to the newest closed cycle (else the open one, marked provisional). Posting never changes the cycle: a closed one still takes late answers until POST /cycles/{cycleId}/lock. A post to a group whose channel's groups are best effort (Zalo) that fails for good goes 1:1 to the ward's chairs instead; the failed post stays listed in GET /deliveries.",
    request: { params: WardParams, body: jsonBody(z.object({ cycleId: z.string().optional() }).strict()) },
    responses: { 200: json(SummaryResult), ...ERRORS },
  }),
  async (c) => c.json(await postSummary(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
);
