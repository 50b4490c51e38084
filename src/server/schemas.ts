import { z } from "@hono/zod-openapi";
import { ROLES } from "../core/roles.js";
import { ERROR_STATUS, FIELD_CODES, type ErrorCode } from "../core/errors.js";
import { isValidTimeZone } from "../core/time.js";
import { MEETING_KINDS } from "../services/meetings.js";
import { WARD_KINDS } from "../services/wards.js";
import { CHANNEL_NAMES, type ChannelName } from "../channels/registry.js";
import { isoDateTime, isoDuration } from "./schemas-dates.js";
import { Question } from "./schemas-setup.js";
import { id, name } from "./schemas-fields.js";

/** Request bodies and response shapes of the admin API; the OpenAPI document is built from these. */

export { id, name };
const timezone = z.string().refine(isValidTimeZone, "Múi giờ chưa đúng: cần tên múi giờ như Asia/Ho_Chi_Minh.");

export const FieldError = z
  .object({
    field: z.string().openapi({ description: "Where: a path such as `phone`, `questions.2.options`, `remindAt.0`", example: "phone" }),
    code: z.enum(FIELD_CODES).openapi({ description: "Stable: what is wrong with the field (branch on this, not on the message)", example: "invalid_phone" }),
    message: z.string().openapi({ description: "In Vietnamese, naming the field: shown next to it", example: "Số điện thoại không hợp lệ: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678)." }),
  })
  .openapi("FieldError");

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]).openapi({ description: "Stable: the kind of failure (each has its HTTP status)" }),
      message: z.string().openapi({ description: "In polite Vietnamese, for the ward officer; may be reworded (the codes do not change)", example: "Số điện thoại không hợp lệ: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678)." }),
      details: z
        .union([z.array(FieldError), z.array(z.object({ line: z.number().int(), message: z.string() })), z.record(z.string(), z.unknown())])
        .optional()
        .openapi({
          description:
            "invalid_input (and a refused Idempotency-Key): one FieldError per bad field; a refused import file: its bad lines `{line, message}`; otherwise facts about the failure, e.g. `{limitBytes}` (413) or the clashing record's `{id}` (409)",
        }),
    }),
  })
  .openapi("Error");

export const WardParams = z.object({ wardId: id.openapi({ param: { name: "wardId", in: "path" } }) });
export const MemberParams = z.object({ memberId: id.openapi({ param: { name: "memberId", in: "path" } }) });
export const GroupParams = z.object({ groupId: id.openapi({ param: { name: "groupId", in: "path" } }) });
export const DestinationParams = z.object({ destinationId: id.openapi({ param: { name: "destinationId", in: "path" } }) });
export const DayOffParams = z.object({ dayOffId: id.openapi({ param: { name: "dayOffId", in: "path" } }) });
export const MeetingParams = z.object({ meetingId: id.openapi({ param: { name: "meetingId", in: "path" } }) });

export const WardCreate = z
  .object({
    name: name(120).openapi({ example: "Phường Ngọc Lâm" }),
    timezone: timezone.optional().openapi({ example: "Asia/Ho_Chi_Minh" }),
    kind: z.enum(WARD_KINDS).optional(),
    parentId: id.nullable().optional().openapi({ description: "a province unit, if the tree has one" }),
  })
  .strict()
  .openapi("WardCreate");
const archived = z
  .boolean()
  .optional()
  .openapi({ description: "false restores an archived record; true archives it, as DELETE does" });
export const WardPatch = WardCreate.partial().extend({ archived }).strict().openapi("WardPatch");

export const Ward = z
  .object({
    id,
    name: z.string(),
    kind: z.string(),
    timezone: z.string().nullable(),
    parentId: z.string().nullable(),
    groupCount: z.number().int().optional().openapi({ description: "groups in use (not archived)" }),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Ward");

export const GroupCreate = z
  .object({
    name: name(120).openapi({ example: "Tổ dân phố số 1" }),
    parentId: id.optional().openapi({ description: "a khu phố of the ward; the ward itself when absent" }),
  })
  .strict()
  .openapi("GroupCreate");
export const GroupPatch = GroupCreate.partial().extend({ archived }).strict().openapi("GroupPatch");
export const Group = z
  .object({ id, wardId: z.string(), name: z.string(), parentId: z.string().nullable(), archivedAt: z.string().nullable(), createdAt: z.string() })
  .openapi("Group");

export const MemberCreate = z
  .object({
    name: name(120).openapi({ example: "Nguyễn Văn Tuấn" }),
    role: z.enum(ROLES),
    groupId: id.nullable().optional(),
    phone: z.string().trim().max(20).nullable().optional().openapi({ example: "0912 345 678" }),
  })
  .strict()
  .openapi("MemberCreate");
export const MemberPatch = MemberCreate.partial()
  .extend({ archived })
  .strict()
  .openapi("MemberPatch", {
    description: "A new role without `groupId` keeps the member's group for a group role and drops it for a ward role.",
  });

export const Invite = z
  .object({
    code: z.string(),
    expiresAt: z.string(),
    telegramLink: z.string().optional().openapi({ description: "Telegram deep link that binds the person (when Telegram is configured)" }),
    zaloInstructions: z
      .string()
      .optional()
      .openapi({ description: "Vietnamese text to forward to the person: open the Zalo bot and send the code (when Zalo is configured)" }),
  })
  .openapi("Invite");

export const InvitationsCreate = z
  .object({
    groupId: id.optional().openapi({ description: "one group's people (with the ward-level ones left out); the whole ward when absent" }),
    include: z.enum(["unbound", "all"]).default("unbound").openapi({ description: "`unbound`: people not yet bound on any channel; `all`: everyone" }),
  })
  .strict()
  .openapi("InvitationsCreate");

export const Invitations = z
  .object({
    wardId: z.string(),
    wardName: z.string(),
    invitations: z.array(
      z.object({
        memberId: z.string(),
        name: z.string(),
        role: z.enum(ROLES).nullable(),
        groupId: z.string().nullable(),
        groupName: z.string().nullable(),
        invite: Invite,
      }),
    ),
  })
  .openapi("Invitations");

export const Member = z
  .object({
    id,
    wardId: z.string(),
    name: z.string(),
    role: z.enum(ROLES).nullable(),
    groupId: z.string().nullable(),
    phone: z.string().nullable(),
    channels: z.array(z.object({ channel: z.string(), boundAt: z.string() })),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Member");
export const MemberWithInvite = Member.extend({ invite: Invite }).openapi("MemberWithInvite");

export const ImportResult = z
  .object({
    created: z.number().int(),
    skipped: z.number().int(),
    groupsCreated: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
    members: z.array(
      z.object({ id, line: z.number().int(), name: z.string(), role: z.enum(ROLES), groupId: z.string().nullable(), invite: Invite }),
    ),
  })
  .openapi("ImportResult");

export const MeetingCreate = z
  .object({
    title: name(300).openapi({ example: "Hội nghị sơ kết 6 tháng thực hiện Quy chế phối hợp" }),
    kind: z.enum(MEETING_KINDS),
    startsAt: isoDateTime("2026-11-29T14:00:00+07:00").openapi({ description: "in the future; without an offset, read in the ward's time zone" }),
    location: name(300).openapi({ example: "Nhà văn hóa phường" }),
    remindBefore: z.array(isoDuration()).max(10).default([]).openapi({ example: ["P3D", "PT2H"], description: "ISO 8601 durations before the meeting, each at most 60 days" }),
    invitees: z
      .object({ roles: z.array(z.enum(ROLES)).min(1, "Xin chọn ít nhất một vai trò được mời."), groupIds: z.array(id).optional() })
      .strict(),
  })
  .strict()
  .openapi("MeetingCreate");

export const Meeting = z
  .object({
    id,
    wardId: z.string(),
    title: z.string(),
    kind: z.string(),
    startsAt: z.string(),
    location: z.string(),
    remindBefore: z.array(z.string()),
    invitees: z.object({ roles: z.array(z.enum(ROLES)), groupIds: z.array(z.string()).optional() }),
    status: z.string(),
    attendance: z.object({ invited: z.number(), attending: z.number(), absent: z.number(), noAnswer: z.number() }),
    people: z
      .array(z.object({ memberId: z.string(), name: z.string(), status: z.string(), reason: z.string().optional() }))
      .optional(),
    createdAt: z.string(),
  })
  .openapi("Meeting");

export const DestinationCreate = z
  .object({
    channel: z.enum(CHANNEL_NAMES as [ChannelName, ...ChannelName[]]).openapi({ description: "a channel configured on this server (400 otherwise)" }),
    chatId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_@:-]+$/, "Mã nhóm chat chưa đúng: ví dụ -1001234567890 (Telegram) hoặc g:<mã nhóm> (Zalo)."),
    purpose: z.literal("summary"),
    title: name(200).optional(),
  })
  .strict()
  .openapi("DestinationCreate");
export const DestinationPatch = z
  .object({ chatId: DestinationCreate.shape.chatId.optional(), title: name(200).nullable().optional() })
  .strict()
  .openapi("DestinationPatch");
export const Destination = z
  .object({
    id,
    wardId: z.string(),
    channel: z.string(),
    chatId: z.string(),
    purpose: z.string(),
    title: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Destination");

export const CycleParams = z.object({ cycleId: id.openapi({ param: { name: "cycleId", in: "path" } }) });

export const CycleOpen = z
  .object({
    dueAt: isoDateTime("2026-11-27T17:00:00+07:00").optional().openapi({ description: "in the future; defaults to the schedule's next deadline, or a week" }),
    label: name(100).optional().openapi({ example: "Tuần 48/2026" }),
    replaceOpen: z
      .boolean()
      .optional()
      .openapi({ example: true, description: "close the cycle still open (its unanswered reports become missed) and open this one; without it, an open cycle gets 409" }),
  })
  .strict()
  .openapi("CycleOpen");

const answer = z.union([z.string(), z.number(), z.boolean()]);
const CycleBase = z.object({
  id,
  wardId: z.string(),
  label: z.string(),
  opensAt: z.string(),
  dueAt: z.string(),
  status: z.string(),
  formVersion: z.number().int(),
});

export const Cycle = CycleBase.extend({
  questions: z.array(Question).optional().openapi({ description: "the questions of the form version the cycle opened with, in order" }),
  prompted: z.number().int().optional().openapi({ description: "messages sent to bound reporters when the cycle opened" }),
  groups: z.array(
    z.object({
      groupId: z.string(),
      name: z.string(),
      reports: z.array(
        z.object({
          id: z.string().openapi({ description: "the report's id (PUT /cycles/{cycleId}/reports/{reportId} enters it on the reporter's behalf)" }),
          version: z.number().int().openapi({ description: "bumped by every change of the answers" }),
          role: z.string(),
          memberId: z.string().nullable(),
          status: z.enum(["pending", "in_progress", "submitted", "late", "missed"]),
          absent: z.boolean().openapi({ description: "the role's holder is away (marked absent) through the deadline" }),
          submittedAt: z.string().nullable(),
          via: z.string().nullable().openapi({
            description: "The channel the last submission came through (\"telegram\", \"zalo\"), or \"console\" when the ward office entered it on the reporter's behalf: a person bound on several channels may report from either; null until submitted",
            example: "zalo",
          }),
          answers: z.record(z.string(), answer),
        }),
      ),
    }),
  ),
}).openapi("Cycle");

export const CycleListItem = CycleBase.extend({
  reports: z.object({ expected: z.number().int(), submitted: z.number().int() }),
}).openapi("CycleListItem");
