import { AppError } from "../core/errors.js";
import { checkForm, type AnswerValue, type FormDefinition, type Question } from "../core/form.js";
import { audit, type DbOrTx, type ServiceContext } from "./context.js";
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
  if (!form) throw new AppError("not_found", "this ward has no report form yet: PUT one first");
  return form;
}

/** Saves a form as a new version; cycles already open keep the version they opened with. */
export async function putForm(ctx: ServiceContext, wardId: string, definition: FormDefinition) {
  const problems = checkForm(definition);
  if (problems.length) throw new AppError("invalid_input", "Invalid form", problems);
  return ctx.db.$transaction(async (tx) => {
    await requireWard(tx, wardId);
    const existing = await tx.form.findUnique({ where: { wardId } });
    const version = (existing?.currentVersion ?? 0) + 1;
    const form = existing
      ? await tx.form.update({ where: { id: existing.id }, data: { currentVersion: version } })
      : await tx.form.create({ data: { wardId, currentVersion: version } });
    await tx.formVersion.create({
      data: {
        formId: form.id,
        version,
        title: definition.title,
        roles: definition.roles,
        createdAt: ctx.now(),
        questions: {
          create: definition.questions.map((q, position) => ({
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
        },
      },
    });
    await audit(ctx, tx, { action: "form.put", entity: "form", entityId: form.id, wardId, details: { version } });
    return (await loadFormVersion(tx, wardId, version))!;
  });
}
