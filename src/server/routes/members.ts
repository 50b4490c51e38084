import { createRoute, z } from "@hono/zod-openapi";
import { importFailed, importMembers } from "../../services/import-members.js";
import { createMember, listMembers, reissueInvite } from "../../services/members.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { ImportResult, Invite, Member, MemberCreate, MemberParams, MemberWithInvite, WardParams } from "../schemas.js";

const tags = ["Members"];
/** A file of a few thousand people is well under this; anything larger is a mistake. */
const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const tooLarge = () => importFailed([{ line: 1, message: "Tệp lớn hơn 2 MB: hãy chia thành nhiều tệp nhỏ hơn." }]);
/** What browsers and scripts send a spreadsheet as; the bytes themselves decide how it is read. */
const IMPORT_MEDIA_TYPES = [
  "text/csv",
  "text/tab-separated-values",
  "text/plain",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/octet-stream",
];

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
      method: "post", path: "/wards/{wardId}/members/import", tags, security: SECURED,
      summary: "Import members from an Excel workbook or a CSV file, all or nothing",
      description:
        "The file as the request body: an .xlsx workbook (its first sheet), or CSV / tab-separated text in UTF-8 " +
        "(with or without BOM), UTF-16 with a BOM (Excel's “Unicode Text”) or Windows-1258 (Excel's “CSV” on Vietnamese " +
        "Windows); text in another encoding is refused with how to save it as CSV UTF-8. A header row names the columns " +
        "group, role, name, phone (Vietnamese headers such as “Tổ”, “Vai trò”, “Họ tên”, “Số điện thoại” work too); roles " +
        "may be written in Vietnamese (“tổ trưởng”, “trưởng ban CTMT”). Phones are mobiles; chairs and admins may give a " +
        "landline (024 3825 1234). Any invalid row rejects the whole file with 400 and `errors` naming each line (the " +
        "header is line 1; in a workbook, the row number). At most 2 MB.",
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
      const declared = Number(c.req.header("content-length") ?? 0);
      if (declared > MAX_IMPORT_BYTES) throw tooLarge();
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > MAX_IMPORT_BYTES) throw tooLarge();
      return c.json(await importMembers(c.var.services, c.req.valid("param").wardId, bytes), 200);
    },
  );
