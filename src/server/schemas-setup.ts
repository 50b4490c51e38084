import { z } from "@hono/zod-openapi";
import { QUESTION_TYPES } from "../core/form.js";
import { ROLES } from "../core/roles.js";
import { name } from "./schemas-fields.js";

/** The ward's report form and its schedule: the admin API's set-up bodies and answers. */

const answerValue = z.union([z.string(), z.number(), z.boolean()]);
const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "Mã câu hỏi chưa đúng: cần 1–40 ký tự a-z, 0-9 hoặc _, bắt đầu bằng chữ cái (ví dụ ho_van_dong).");

export const Question = z
  .object({
    key: key.openapi({ example: "ho_van_dong" }),
    text: name(500).openapi({ example: "Số hộ được vận động trong tuần?" }),
    type: z.enum(QUESTION_TYPES),
    required: z.boolean().default(true),
    options: z.array(name(100)).max(12).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    maxLength: z.number().int().min(1).max(4000).optional(),
    showIf: z.object({ key, equals: answerValue }).strict().optional(),
  })
  .strict()
  .openapi("Question");

export const FormPut = z
  .object({
    title: name(200).openapi({ example: "Báo cáo tuần của tổ dân phố" }),
    roles: z.array(z.enum(ROLES)).min(1).default(["leader"]),
    questions: z.array(Question).min(1, "Mẫu báo cáo cần ít nhất một câu hỏi.").max(30),
  })
  .strict()
  .openapi("FormPut");

export const Form = z
  .object({
    wardId: z.string(),
    version: z.number().int(),
    title: z.string(),
    roles: z.array(z.enum(ROLES)),
    questions: z.array(Question),
    createdAt: z.string(),
  })
  .openapi("Form");

const cron = z.string().trim().min(1).openapi({ example: "0 8 * * 1" });
export const SchedulePut = z
  .object({
    enabled: z.boolean(),
    opensAt: cron,
    remindAt: z.array(cron).max(10),
    dueAt: cron.openapi({ example: "0 17 * * 5" }),
    summaryAt: cron.openapi({ example: "0 8 * * 6" }),
    skipHolidays: z.boolean().optional(),
  })
  .strict()
  .openapi("SchedulePut");

const runs = z.array(z.string()).openapi({ example: ["2026-11-23T08:00:00+07:00"] });
export const Schedule = z
  .object({
    wardId: z.string(),
    enabled: z.boolean(),
    opensAt: z.string(),
    remindAt: z.array(z.string()),
    dueAt: z.string(),
    summaryAt: z.string(),
    skipHolidays: z.boolean(),
    timezone: z.string(),
    nextRuns: z.object({ opensAt: runs, remindAt: runs, dueAt: runs, summaryAt: runs }),
    updatedAt: z.string(),
  })
  .openapi("Schedule");
