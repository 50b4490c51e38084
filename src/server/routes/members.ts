import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.js";
import { importMembers } from "../../services/import-members.js";
import { createMember, listMembers, reissueInvite } from "../../services/members.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { issueInvitations } from "../../services/invites.js";
import { ImportResult, Invitations, InvitationsCreate, Invite, Member, MemberCreate, MemberParams, MemberWithInvite, WardParams } from "../schemas.js";

const tags = ["Members"];
/** A CSV of a few thousand people is well under this; anything larger is a mistake. */
const MAX_CSV_BYTES = 2 * 1024 * 1024;

export const memberRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post", path: "/wards/{wardId}/members", tags, security: SECURED,
      summary: "Add a member with a role; returns their invitation code",
      description: "`groupId` is required for `leader` and `front_head`, and must be empty for `chair` and `admin`.",
      request: { params: WardParams, body: jsonBody(MemberCreate) },
      responses: { 201: json(MemberWithInvite, "Created"), ...ERRORS },
    }),
    async (c) => c.json(await createMember(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/members", tags, security: SECURED,
      summary: "List a ward's members with the channels they are bound on",
      request: { params: WardParams },
      responses: { 200: json(z.array(Member)), ...ERRORS },
    }),
    async (c) => c.json(await listMembers(c.var.services, c.req.valid("param").wardId), 200),
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
      summary: "Import members from CSV, all or nothing",
      description:
        "UTF-8 CSV with a header row: group, role, name, phone (Vietnamese headers such as “Tổ”, “Vai trò”, " +
        "“Họ tên”, “Số điện thoại” work too). Roles may be written in Vietnamese (“tổ trưởng”, “trưởng ban CTMT”). " +
        "Any invalid row rejects the whole file with 400 and `errors` naming each line (the header is line 1).",
      request: {
        params: WardParams,
        body: { required: true, content: { "text/csv": { schema: z.string() } } },
      },
      responses: { 200: json(ImportResult), ...ERRORS },
    }),
    async (c) => {
      const text = await c.req.text();
      if (text.length > MAX_CSV_BYTES) throw new AppError("invalid_input", "The file is larger than 2 MB");
      return c.json(await importMembers(c.var.services, c.req.valid("param").wardId, text), 200);
    },
  );
