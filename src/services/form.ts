import { AppError, invalidFields } from "../core/errors.js";
import { checkForm, type AnswerValue, type FormDefinition, type Question } from "../core/form.js";
import { changedOrFail } from "../db/guard.js";
import { uuidv7 } from "../db/ids.js";
import { commitBatch } from "./batch.js";
import { auditWrite, type DbOrTx, type ServiceContext } from "./context.js";
import { requireWard } from "./wards.js";

type StoredQuestion = {
  key: string;
  text: string;
  type: string;
  required: boolean;
  options: unknown;
  min: number | null;
  max: number | null;
  maxLength: number | null;
  showIfKey: string | null;
  showIfEquals: unknown;
};

export function toQuestionDto(q: StoredQuestion): Question {
  return {
    key: q.key,
    text: q.text,
    type: q.type as Question["type"],
    required: q.required,
    ...(q.options ? { options: q.options as string[] } : {}),
    ...(q.min !== null ? { min: q.min } : {}),
    ...(q.max !== null ? { max: q.max } : {}),
    ...(q.maxLength !== null ? { maxLength: q.maxLength } : {}),
    ...(q.showIfKey ? { showIf: { key: q.showIfKey, equals: q.showIfEquals as AnswerValue } } : {}),
  };
}

/**
 * The questions of a form version. A saved version never changes (each PUT makes a new one),
 * so they are kept in memory after the first read: the report conversation needs them on
 * every message.
 */
const questionCache = new Map<string, Question[]>();

export async function questionsOf(db: DbOrTx, formVersionId: string): Promise<Question[]> {
  const cached = questionCache.get(formVersionId);
  if (cached) return cached;
  const rows = await db.formQuestion.findMany({ where: { formVersionId }, orderBy: { position: "asc" } });
  const questions = rows.map(toQuestionDto);
  questionCache.set(formVersionId, questions);
  return questions;
}

/** The form version a ward's cycles open with: the newest one, or a given one. */
export async function loadFormVersion(db: DbOrTx, wardId: string, version?: number) {
  const form = await db.form.findUnique({ where: { wardId } });
  if (!form) return null;
  const row = await db.formVersion.findUnique({
    where: { formId_version: { formId: form.id, version: version ?? form.currentVersion } },
    include: { questions: { orderBy: { position: "asc" } } },
  });
  if (!row) return null;
  return {
    wardId,
    version: row.version,
    title: row.title,
    roles: row.roles as FormDefinition["roles"],
    questions: row.questions.map(toQuestionDto),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function getForm(ctx: ServiceContext, wardId: string) {
  await requireWard(ctx.db, wardId);
  const form = await loadFormVersion(ctx.db, wardId);
  if (!form) throw new AppError("not_found", "Phường/xã chưa có mẫu báo cáo: xin soạn mẫu báo cáo trước.");
  return form;
}

/** Saves a form as a new version; cycles already open keep the version they opened with. */
export async function putForm(ctx: ServiceContext, wardId: string, definition: FormDefinition) {
  const problems = checkForm(definition);
  if (problems.length) throw invalidFields(problems);
  const { db } = ctx;
  await requireWard(db, wardId);
  const existing = await db.form.findUnique({ where: { wardId } });
  const version = (existing?.currentVersion ?? 0) + 1;
  const formId = existing?.id ?? uuidv7();
  const formVersionId = uuidv7();
  // One batch. Two saves decided on the same version clash: the form's update is checked on the
  // version read, a first form on its ward key, a version on (form, version): 409, save again.
  await commitBatch(
    db,
    [
      ...(existing
        ? [db.form.updateMany({ where: { id: formId, currentVersion: existing.currentVersion }, data: { currentVersion: version } }), changedOrFail(db)]
        : [db.form.create({ data: { id: formId, wardId, currentVersion: version } })]),
      db.formVersion.create({
        data: {
          id: formVersionId,
          formId,
          version,
          title: definition.title,
          roles: definition.roles,
          createdAt: ctx.now(),
        },
      }),
      // Not a nested create: a batch's statements must not depend on each other's results.
      db.formQuestion.createMany({
        data: definition.questions.map((q, position) => ({
          formVersionId,
          position,
          key: q.key,
          text: q.text,
          type: q.type,
          required: q.required,
          options: q.options,
          min: q.min,
          max: q.max,
          maxLength: q.maxLength,
          showIfKey: q.showIf?.key,
          showIfEquals: q.showIf ? q.showIf.equals : undefined,
        })),
      }),
      auditWrite(ctx, db, { action: "form.put", entity: "form", entityId: formId, wardId, details: { version } }),
    ],
    "form",
  );
  return (await loadFormVersion(db, wardId, version))!;
}
