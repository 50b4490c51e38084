import { createRoute, z } from "@hono/zod-openapi";
import { webCapabilities } from "../../channels/web/capabilities.js";
import { postMessage, readMessages } from "../../services/simulator/messages.js";
import { endSession, getSession, restartCycle, startSession } from "../../services/simulator/sessions.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { ErrorSchema, WardParams, id, name } from "../schemas.js";

const tags = ["Simulator"];
const SessionParams = z.object({ sessionId: id.openapi({ param: { name: "sessionId", in: "path" } }) });
const label = name(60).optional().openapi({ description: "the preview cycle's name in the chat (default “Kỳ thử”)", example: "Tuần thử" });

const SimulatorSession = z
  .object({
    id: z.string(),
    wardId: z.string(),
    member: z.object({ id: z.string(), name: z.string() }).nullable().openapi({ description: "the person played; null: a newcomer who has not typed an invitation code" }),
    createdAt: z.string(),
    cycle: z.object({
      id: z.string().openapi({ description: "the preview cycle: unknown to the cycle API, never in a list, summary, roll-up or export" }),
      label: z.string(),
      formTitle: z.string(),
      formVersion: z.number().int(),
      reports: z.array(
        z.object({
          id: z.string(),
          groupName: z.string(),
          role: z.string(),
          status: z.string().openapi({ description: "pending | in_progress | submitted" }),
          via: z.string().nullable(),
          memberId: z.string().nullable(),
          submittedAt: z.string().nullable(),
          answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).openapi({ description: "as the cycle API shows a real report's (money as integer đồng…; skipped questions absent)" }),
        }),
      ),
    }),
  })
  .openapi("SimulatorSession");

const SimulatorStart = z
  .object({
    memberId: id.optional().openapi({ description: "the person of the ward to play; absent: a newcomer, asked for an invitation code (checked, never spent)" }),
    label,
  })
  .strict()
  .openapi("SimulatorStart");

const SimulatorMessage = z
  .object({
    text: z.string().max(webCapabilities.textLimit).optional().openapi({ description: "what the admin typed (“/baocao” is a command)", example: "12 hộ" }),
    choice: z.string().min(1).max(64).optional().openapi({ description: "the `value` of a button pressed", example: "cmd:baocao" }),
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional()
      .openapi({ description: "the client's id for this message: sent again (a retry), it is handled once" }),
  })
  .strict()
  .superRefine((m, ctx) => {
    if ((m.text === undefined) === (m.choice === undefined))
      ctx.addIssue({ code: "custom", path: [m.text === undefined ? "text" : "choice"], message: "Xin gửi hoặc nội dung gõ (text) hoặc lựa chọn đã bấm (choice), không gửi cả hai.", params: { code: "invalid_value" } });
    else if (m.text !== undefined && !m.text.trim()) ctx.addIssue({ code: "custom", path: ["text"], message: "Nội dung tin nhắn đang để trống.", params: { code: "required" } });
  })
  .openapi("SimulatorMessage");

const SimulatorReply = z
  .object({
    id: z.string().openapi({ description: "the cursor: GET …/messages?after=<id> returns what came after" }),
    text: z.string(),
    choices: z.array(z.object({ label: z.string(), value: z.string() })).openapi({ description: "buttons: POST the `value` as `choice`" }),
    at: z.string(),
  })
  .openapi("SimulatorReply");

const PREVIEW =
  "A chat simulator session (the console's “Thử trò chuyện”) talks to the bot on the web channel, through the same conversation engine " +
  "as Telegram and Zalo, on its own preview cycle: nothing it does reaches the ward's cycles, summaries, roll-ups, exports, webhooks or " +
  "the person's real chats and bindings. A session and everything it wrote are deleted when it ends, or after a day.";

/** The console's chat simulator (services/simulator). */
export const simulatorRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/simulator", tags, security: SECURED,
      summary: "Start a chat simulator session as a person of the ward (or a newcomer)",
      description: `${PREVIEW} Its preview cycle opens with the ward's current form and the chat gets the first question, as at a real opening. 400 names \`memberId\` when it is not a person of this ward; 409 when the ward has no form.`,
      request: { params: WardParams, body: jsonBody(SimulatorStart) },
      responses: { 201: json(SimulatorSession, "Created"), ...ERRORS, 409: json(ErrorSchema, "The ward has no report form yet") },
    }),
    async (c) => c.json(await startSession(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/simulator/{sessionId}", tags, security: SECURED,
      summary: "A simulator session: who it plays, its preview cycle and what its reports hold",
      request: { params: SessionParams },
      responses: { 200: json(SimulatorSession), ...ERRORS },
    }),
    async (c) => c.json(await getSession(c.var.services, c.req.valid("param").sessionId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/simulator/{sessionId}/cycle", tags, security: SECURED,
      summary: "Start the session's report again: a fresh preview cycle with the ward's form as it is now",
      request: { params: SessionParams, body: jsonBody(z.object({ label }).strict()) },
      responses: { 200: json(SimulatorSession), ...ERRORS, 409: json(ErrorSchema, "The ward has no report form any more") },
    }),
    async (c) => c.json(await restartCycle(c.var.services, c.req.valid("param").sessionId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/simulator/{sessionId}/messages", tags, security: SECURED,
      summary: "Say something to the bot in the session: typed text, or a button pressed",
      description: "Handled before the answer comes: the bot's replies are then in GET …/messages. 400 names `text` or `choice`.",
      request: { params: SessionParams, body: jsonBody(SimulatorMessage) },
      responses: { 200: json(z.object({ accepted: z.literal(true) })), ...ERRORS },
    }),
    async (c) => {
      await postMessage(c.var.services, c.req.valid("param").sessionId, c.req.valid("json"));
      return c.json({ accepted: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/simulator/{sessionId}/messages", tags, security: SECURED,
      summary: "The bot's messages in the session, oldest first, after a cursor (poll with the last id seen)",
      request: {
        params: SessionParams,
        query: z.object({ after: z.string().max(64).optional().openapi({ description: "the id of the last message already shown" }) }),
      },
      responses: { 200: json(z.array(SimulatorReply)), ...ERRORS },
    }),
    async (c) => c.json(await readMessages(c.var.services, c.req.valid("param").sessionId, c.req.valid("query").after), 200),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/simulator/{sessionId}", tags, security: SECURED,
      summary: "End a session: its preview cycle, reports, conversation and messages are deleted",
      request: { params: SessionParams },
      responses: { 200: json(z.object({ id: z.string(), ended: z.literal(true) }), "Ended"), ...ERRORS },
    }),
    async (c) => {
      const { sessionId } = c.req.valid("param");
      await endSession(c.var.services, sessionId);
      return c.json({ id: sessionId, ended: true as const }, 200);
    },
  );
