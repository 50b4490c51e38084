import { createRoute, z } from "@hono/zod-openapi";
import { eraseMember, exportMember } from "../../services/personal-data.js";
import { ERRORS, SECURED, apiRouter, json } from "../route.js";
import { MemberParams } from "../schemas.js";

const tags = ["Members"];

const MemberExport = z
  .object({
    exportedAt: z.string(),
    member: z.record(z.string(), z.unknown()).openapi({ description: "the stored member row: name, phone, absence, dates" }),
    roles: z.array(z.unknown()),
    channels: z.array(z.unknown()).openapi({ description: "channel bindings (platform user ids)" }),
    invitations: z.array(z.unknown()).openapi({ description: "times only: codes are stored hashed" }),
    reports: z.array(z.unknown()).openapi({ description: "reports they submitted (or were entered for them), and reports whose text answers name them" }),
    revisions: z.array(z.unknown()),
    meetings: z.array(z.unknown()).openapi({ description: "meeting invitations and their answers (RSVP)" }),
    conversations: z.array(z.unknown()).openapi({ description: "the bot's conversation state with them" }),
    sessions: z.array(z.unknown()),
    signInCodes: z.array(z.unknown()),
    audit: z.array(z.unknown()).openapi({ description: "audit entries about them, by them, or whose values mention them" }),
  })
  .openapi("MemberExport");

const Erased = z.object({ id: z.string(), name: z.string(), erasedAt: z.string() }).openapi("MemberErased");

/** A person's rights over their data (Decree 13/2023): see it all, have it erased. */
export const personalDataRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "get", path: "/members/{memberId}/export", tags, security: SECURED,
      summary: "Everything stored about a person, as JSON (admins; the export itself is audited)",
      request: { params: MemberParams },
      responses: { 200: json(MemberExport), ...ERRORS },
    }),
    async (c) => c.json(await exportMember(c.var.services, c.req.valid("param").memberId) as never, 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/members/{memberId}/erase", tags, security: SECURED,
      summary: "Erase a person's personal data; the group's submitted figures stay",
      description:
        "Name becomes “Người đã xoá dữ liệu #<short id>”, phone is removed; their chats are unbound and the conversation state deleted; " +
        "invitations, sessions and sign-in codes end; their name and phone are scrubbed from audit values, outbox messages and text answers. " +
        "Reports stay, attributed to the placeholder. One batch: a change to the person meanwhile is a 409. Cannot be undone.",
      request: { params: MemberParams },
      responses: { 200: json(Erased, "Erased"), ...ERRORS },
    }),
    async (c) => c.json(await eraseMember(c.var.services, c.req.valid("param").memberId), 200),
  );
