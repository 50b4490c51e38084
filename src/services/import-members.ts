import { parse } from "csv-parse/browser/esm/sync";
import { sha256Hex, randomBytes } from "../core/crypto.js";
import { AppError } from "../core/errors.js";
import { generateInviteCode, inviteExpiry } from "../core/invite.js";
import { normalizePhone } from "../core/phone.js";
import { isGroupRole, parseRole, type Role } from "../core/roles.js";
import { foldVietnamese, tidyName } from "../core/text.js";
import { audit, type ServiceContext } from "./context.js";
import { inviteDto } from "./invites.js";
import { requireWard } from "./wards.js";

/** Header words accepted for each column, compared without diacritics or case. */
const COLUMNS = {
  group: ["group", "to", "to dan pho", "tdp", "thon", "nhom"],
  role: ["role", "vai tro", "chuc vu", "chuc danh"],
  name: ["name", "ho ten", "ho va ten", "ten"],
  phone: ["phone", "so dien thoai", "dien thoai", "sdt", "sđt"],
} as const;
type Column = keyof typeof COLUMNS;

export interface ImportLineError {
  line: number;
  message: string;
}

interface ValidRow {
  line: number;
  groupName: string | null;
  role: Role;
  name: string;
  phone: string | null;
}

function columnOf(header: string): Column | undefined {
  const folded = foldVietnamese(header);
  return (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(folded));
}

function readCsv(text: string): { headers: (Column | undefined)[]; rows: { line: number; cells: string[] }[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, delimiter: [",", ";", "\t"], info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw importFailed([{ line, message: `Tệp CSV bị lỗi định dạng: ${(error as Error).message}` }]);
  }
  const [header, ...body] = records;
  if (!header) throw importFailed([{ line: 1, message: "Tệp trống: cần dòng tiêu đề group, role, name, phone." }]);
  return { headers: header.record.map(columnOf), rows: body.map((r) => ({ line: r.info.lines, cells: r.record })) };
}

export function importFailed(errors: ImportLineError[]) {
  return new AppError("invalid_input", `The file has ${errors.length} invalid line(s); nothing was imported`, errors);
}

/**
 * Imports members from CSV (group, role, name, phone), all or nothing. Groups named in the file
 * that the ward does not have yet are created. A row identical to an existing member of the
 * ward (same name, role and group) is skipped, so the same file can be imported again safely.
 */
export async function importMembers(ctx: ServiceContext, wardId: string, text: string) {
  await requireWard(ctx.db, wardId);
  const { headers, rows } = readCsv(text);
  const missing = (["group", "role", "name"] as Column[]).filter((c) => !headers.includes(c));
  if (missing.length)
    throw importFailed([{ line: 1, message: `Thiếu cột: ${missing.join(", ")} (cần các cột group, role, name, phone).` }]);

  const errors: ImportLineError[] = [];
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const cell = (c: Column) => tidyName(cells[headers.indexOf(c)] ?? "");
    const role = parseRole(cell("role"));
    const name = cell("name");
    const groupName = cell("group");
    const phoneText = headers.includes("phone") ? cell("phone") : "";
    const phone = phoneText ? normalizePhone(phoneText) : null;
    const problems: string[] = [];
    if (!name) problems.push("thiếu họ tên");
    if (!role) problems.push(`vai trò "${cell("role")}" không hợp lệ (dùng: tổ trưởng, trưởng ban CTMT, chủ tịch, quản trị)`);
    else if (isGroupRole(role) && !groupName) problems.push("tổ trưởng và trưởng ban CTMT cần có tên tổ dân phố");
    if (phoneText && !phone) problems.push(`số điện thoại "${phoneText}" không hợp lệ`);
    const identity = `${foldVietnamese(name)}|${role}|${foldVietnamese(groupName)}`;
    if (!problems.length && seen.has(identity)) problems.push(`trùng với dòng ${seen.get(identity)}`);
    if (problems.length) {
      errors.push({ line, message: `Dòng ${line}: ${problems.join("; ")}.` });
      continue;
    }
    seen.set(identity, line);
    valid.push({ line, groupName: role && isGroupRole(role) ? groupName : null, role: role!, name, phone });
  }
  if (errors.length) throw importFailed(errors);
  return writeRows(ctx, wardId, valid);
}

async function writeRows(ctx: ServiceContext, wardId: string, rows: ValidRow[]) {
  const now = ctx.now();
  return ctx.db.$transaction(async (tx) => {
    const groups = await tx.unit.findMany({ where: { wardId, kind: "group" } });
    const groupIds = new Map(groups.map((g) => [foldVietnamese(g.name), g.id]));
    const newGroups: { id: string; name: string }[] = [];
    for (const row of rows) {
      if (row.groupName && !groupIds.has(foldVietnamese(row.groupName))) {
        const id = crypto.randomUUID();
        groupIds.set(foldVietnamese(row.groupName), id);
        newGroups.push({ id, name: row.groupName });
      }
    }
    await tx.unit.createMany({
      data: newGroups.map((g) => ({ id: g.id, kind: "group", name: g.name, parentId: wardId, wardId, createdAt: now, updatedAt: now })),
    });

    const existing = await tx.member.findMany({ where: { wardId }, include: { roles: true } });
    const existingKeys = new Set(
      existing.flatMap((m) => m.roles.map((r) => `${foldVietnamese(m.name)}|${r.role}|${r.unitId}`)),
    );
    const created = [];
    const members = [];
    const roles = [];
    const invites = [];
    let skipped = 0;
    for (const row of rows) {
      const unitId = row.groupName ? groupIds.get(foldVietnamese(row.groupName))! : wardId;
      if (existingKeys.has(`${foldVietnamese(row.name)}|${row.role}|${unitId}`)) {
        skipped++;
        continue;
      }
      const id = crypto.randomUUID();
      const code = generateInviteCode(randomBytes);
      const expiresAt = inviteExpiry(now);
      members.push({ id, wardId, name: row.name, phone: row.phone, createdAt: now, updatedAt: now });
      roles.push({ id: crypto.randomUUID(), memberId: id, unitId, role: row.role });
      invites.push({ id: crypto.randomUUID(), memberId: id, codeHash: await sha256Hex(code), expiresAt, createdAt: now });
      created.push({
        id,
        line: row.line,
        name: row.name,
        role: row.role,
        groupId: row.groupName ? unitId : null,
        invite: inviteDto(code, expiresAt, ctx.telegramBotUsername, ctx.zaloBot),
      });
    }
    await tx.member.createMany({ data: members });
    await tx.memberRole.createMany({ data: roles });
    await tx.inviteCode.createMany({ data: invites });
    await audit(ctx, tx, {
      action: "member.import",
      entity: "ward",
      entityId: wardId,
      wardId,
      details: { created: created.length, skipped, groupsCreated: newGroups.length },
    });
    return { created: created.length, skipped, groupsCreated: newGroups.length, errors: [] as ImportLineError[], members: created };
  });
}
