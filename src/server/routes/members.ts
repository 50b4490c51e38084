import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.js";
import { importMembers } from "../../services/import-members.js";
import { ROLES } from "../../core/roles.js";
import { archiveMember, createMember, getMember, listMembers, reissueInvite, updateMember } from "../../services/members.js";
import { ArchivedQuery, PageQuery, paged, pagedJson } from "../pagination.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { issueInvitations } from "../../services/invites.js";
import { ImportResult, Invitations, InvitationsCreate, Invite, Member, MemberCreate, MemberParams, MemberPatch, MemberWithInvite, WardParams } from "../schemas.js";

const tags = ["Members"];
/** What browsers and scripts send a spreadsheet as; the bytes themselves decide how it is read. */
const IMPORT_MEDIA_TYPES = [
  "text/csv",
  "text/tab-separated-values",
  "text/plain",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/octet-stream",
];
const ARCHIVING =
  "Archiving keeps their reports (past cycles and summaries still name them) and hides them from lists " +
  "(`?archived=true` shows them). Their chats are unbound: nothing more is sent to them (messages still queued " +
  "are dropped), an unused invitation stops working, and the bot treats them as a stranger. PATCH with " +
  "`archived: false` restores them; issue a fresh invitation (POST /members/{memberId}/invite) to bind a chat again.";

export const memberRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/members", tags, security: SECURED,
      summary: "Add a member with a role; returns their invitation code",
      description:
        "`groupId` is required for `leader` and `front_head`, and must be empty for `chair` and `admin`. " +
        "The same person again (same name without regard to case, spacing or invisible characters, and the same phone " +
        "or both without one) is a 409 with the existing member's id in `details.id`.",
      request: { params: WardParams, body: jsonBody(MemberCreate) },
      responses: { 201: json(MemberWithInvite, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createMember(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/members", tags, security: SECURED,
      summary: "List a ward's members with the channels they are bound on, in the order they were added",
      request: {
        params: WardParams,
        query: z.object({
          ...PageQuery,
          ...ArchivedQuery,
          role: z.enum(ROLES).optional().openapi({ description: "only members holding this role" }),
          groupId: z.string().optional().openapi({ description: "only members with a role in this group" }),
        }),
      },
      responses: { 200: pagedJson(Member), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return paged(c, await listMembers(c.var.services, c.req.valid("param").wardId, { ...q, archived: q.archived === "true" }));
    },
  )
  .openapi(
    createRoute({
      method: "get", path: "/members/{memberId}", tags, security: SECURED, summary: "Get a member (archived ones too)",
      request: { params: MemberParams },
      responses: { 200: json(Member), ...ERRORS },
    }),
    async (c) => c.json(await getMember(c.var.services, c.req.valid("param").memberId), 200),
  )
  .openapi(
    createRoute({
      method: "patch", path: "/members/{memberId}", tags, security: SECURED,
      summary: "Change a member's name, phone, role or group; archive or restore them",
      description: ARCHIVING,
      request: { params: MemberParams, body: jsonBody(MemberPatch) },
      responses: { 200: json(Member), ...ERRORS },
    }),
    async (c) => c.json(await updateMember(c.var.services, c.req.valid("param").memberId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete", path: "/members/{memberId}", tags, security: SECURED, summary: "Archive a member",
      description: ARCHIVING,
      request: { params: MemberParams },
      responses: { 200: json(Member, "Archived"), ...ERRORS },
    }),
    async (c) => c.json(await archiveMember(c.var.services, c.req.valid("param").memberId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/members/{memberId}/invite", tags, security: SECURED,
      summary: "Issue a fresh invitation code (the previous one stops working)",
      request: { params: MemberParams },
      responses: { 200: json(Invite), ...ERRORS },
    }),
    async (c) => c.json(await reissueInvite(c.var.services, c.req.valid("param").memberId), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/invitations", tags, security: SECURED,
      summary: "Fresh invitation codes for a whole ward or one group, to print (earlier unused codes stop working)",
      description: "Ordered by group, role and name. Each code is returned once; only its hash is stored.",
      request: { params: WardParams, body: jsonBody(InvitationsCreate) },
      responses: { 200: json(Invitations), ...ERRORS },
    }),
    async (c) => c.json(await issueInvitations(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/members/import", tags, security: SECURED,
      summary: "Import members from an Excel workbook or a CSV file, all or nothing",
      description:
        "The file as the request body: an .xlsx workbook (its first sheet), or CSV / tab-separated text in UTF-8 " +
        "(with or without BOM), UTF-16 with a BOM (Excel's “Unicode Text”) or Windows-1258 (Excel's “CSV” on Vietnamese " +
        "Windows); text in another encoding is refused with how to save it as CSV UTF-8. A header row names the columns " +
        "group, role, name, phone (Vietnamese headers such as “Tổ”, “Vai trò”, “Họ tên”, “Số điện thoại” work too); roles " +
        "may be written in Vietnamese (“tổ trưởng”, “trưởng ban CTMT”). Phones are mobiles; chairs and admins may give a " +
        "landline (024 3825 1234). Any invalid row rejects the whole file with 400 and `errors` naming each line (the " +
        "header is line 1; in a workbook, the row number). At most 2 MB (413 above).",
      request: {
        params: WardParams,
        body: {
          required: true,
          content: Object.fromEntries(IMPORT_MEDIA_TYPES.map((t) => [t, { schema: z.string().openapi({ format: "binary" }) }])),
        },
      },
      responses: { 200: json(ImportResult), ...ERRORS },
    }),
    async (c) => {
      // At most 2 MB: src/server/body-limits.ts answers 413 before this reads a byte.
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await importMembers(c.var.services, c.req.valid("param").wardId, bytes), 200);
    },
  );
