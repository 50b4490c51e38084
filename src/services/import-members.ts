import { sha256Hex, randomBytes } from "../core/crypto.js";
import { generateInviteCode, inviteExpiry } from "../core/invite.js";
import { normalizeMemberPhone } from "../core/phone.js";
import { isGroupRole, parseRole, type Role } from "../core/roles.js";
import { foldVietnamese, tidyName } from "../core/text.js";
import { runUnitOfWork } from "./batch.js";
import { auditWrite, type ServiceContext } from "./context.js";
import { groupNameKey, newGroupRow } from "./groups.js";
import { memberDedupeKey } from "./members.js";
import { importFailed, readTable, type ImportLineError, type TableRow } from "./import-file.js";
import { inviteDto } from "./invites.js";
import { requireWard } from "./wards.js";

export { importFailed, type ImportLineError } from "./import-file.js";

/** Header words accepted for each column, compared without diacritics or case. */
const COLUMNS = {
  group: ["group", "to", "to dan pho", "tdp", "thon", "nhom"],
  role: ["role", "vai tro", "chuc vu", "chuc danh"],
  name: ["name", "ho ten", "ho va ten", "ten"],
  phone: ["phone", "so dien thoai", "dien thoai", "sdt", "sđt"],
} as const;
type Column = keyof typeof COLUMNS;

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

function splitHeader(table: TableRow[]): { headers: (Column | undefined)[]; rows: TableRow[] } {
  const [header, ...rows] = table;
  if (!header) throw importFailed([{ line: 1, message: "Tệp trống: cần dòng tiêu đề group, role, name, phone." }]);
  return { headers: header.cells.map(columnOf), rows };
}

/**
 * A phone as typed. Excel keeps a number typed without quotes as a number, dropping the
 * leading 0 ("0912345678" → 912345678, "02438251234" → 2438251234): put it back.
 */
function phoneTextOf(text: string, numeric: boolean): string {
  return numeric && /^[2-9]\d{8,9}$/.test(text) ? `0${text}` : text;
}

const PHONE_PROBLEM = {
  invalid: (t: string) => `số điện thoại "${t}" không hợp lệ (ví dụ 0912 345 678; máy bàn như 024 3825 1234 chỉ dùng cho lãnh đạo, cán bộ phường)`,
  landline_not_allowed: (t: string) => `"${t}" là số máy bàn: tổ trưởng và trưởng ban CTMT cần số di động (ví dụ 0912 345 678)`,
};

/**
 * Imports members from a CSV or Excel file (group, role, name, phone), all or nothing: every
 * bad line is reported with its number before anything is saved. Groups named in the file that
 * the ward does not have yet are created. A row identical to an existing member of the ward
 * (same name, role and group) is skipped, so the same file can be imported again safely.
 */
export async function importMembers(ctx: ServiceContext, wardId: string, file: Uint8Array | string) {
  await requireWard(ctx.db, wardId);
  const { headers, rows } = splitHeader(await readTable(file));
  const missing = (["group", "role", "name"] as Column[]).filter((c) => !headers.includes(c));
  if (missing.length)
    throw importFailed([{ line: 1, message: `Thiếu cột: ${missing.join(", ")} (cần các cột group, role, name, phone).` }]);

  const errors: ImportLineError[] = [];
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells, numeric } of rows) {
    const cell = (c: Column) => tidyName(cells[headers.indexOf(c)] ?? "");
    const role = parseRole(cell("role"));
    const name = cell("name");
    const groupName = cell("group");
    const phoneText = headers.includes("phone") ? phoneTextOf(cell("phone"), numeric?.[headers.indexOf("phone")] ?? false) : "";
    // With an unknown role (reported already) only the number itself is checked.
    const phone = phoneText ? normalizeMemberPhone(phoneText, role ?? "admin") : null;
    const problems: string[] = [];
    if (!name) problems.push("thiếu họ tên");
    if (!role) problems.push(`vai trò "${cell("role")}" không hợp lệ (dùng: tổ trưởng, trưởng ban CTMT, chủ tịch, quản trị)`);
    else if (isGroupRole(role) && !groupName) problems.push("tổ trưởng và trưởng ban CTMT cần có tên tổ dân phố");
    if (phone && !phone.ok) problems.push(PHONE_PROBLEM[phone.reason](phoneText));
    const identity = `${foldVietnamese(name)}|${role}|${groupNameKey(groupName)}`;
    if (!problems.length && seen.has(identity)) problems.push(`trùng với dòng ${seen.get(identity)}`);
    if (problems.length) {
      errors.push({ line, message: `Dòng ${line}: ${problems.join("; ")}.` });
      continue;
    }
    seen.set(identity, line);
    valid.push({ line, groupName: role && isGroupRole(role) ? groupName : null, role: role!, name, phone: phone?.ok ? phone.phone : null });
  }
  if (errors.length) throw importFailed(errors);
  return writeRows(ctx, wardId, valid);
}

/**
 * One unit of work: reads the ward's groups and people, decides who is new, and commits one
 * batch (new groups, members, roles, invitations, the audit row). The keys of groups (their
 * name in the ward) and of people (Member.dedupeKey) refuse what another request created
 * meanwhile; the import is then read and decided again, and skips them.
 */
async function writeRows(ctx: ServiceContext, wardId: string, rows: ValidRow[]) {
  const { db } = ctx;
  return runUnitOfWork(db, async () => {
    const now = ctx.now();
    const groups = await db.unit.findMany({ where: { wardId, kind: "group" } });
    // Group names are matched as the groups service compares them (groupNameKey).
    const groupIds = new Map(groups.map((g) => [groupNameKey(g.name), g.id]));
    const newGroups: { id: string; name: string }[] = [];
    for (const row of rows) {
      if (row.groupName && !groupIds.has(groupNameKey(row.groupName))) {
        const id = crypto.randomUUID();
        groupIds.set(groupNameKey(row.groupName), id);
        newGroups.push({ id, name: row.groupName });
      }
    }

    const existing = await db.member.findMany({ where: { wardId }, include: { roles: true } });
    const existingKeys = new Set(
      existing.flatMap((m) => m.roles.map((r) => `${foldVietnamese(m.name)}|${r.role}|${r.unitId}`)),
    );
    // One person once per ward (Member.dedupeKey, as the API creates them): a row naming someone
    // already there (same name and phone) with another role is skipped, not a second person.
    const people = new Set(existing.map((m) => memberDedupeKey(m.name, m.phone, m.roles[0]?.unitId ?? wardId)));
    const created = [];
    const members = [];
    const roles = [];
    const invites = [];
    let skipped = 0;
    for (const row of rows) {
      const unitId = row.groupName ? groupIds.get(groupNameKey(row.groupName))! : wardId;
      const person = memberDedupeKey(row.name, row.phone, unitId);
      if (existingKeys.has(`${foldVietnamese(row.name)}|${row.role}|${unitId}`) || people.has(person)) {
        skipped++;
        continue;
      }
      const id = crypto.randomUUID();
      const code = generateInviteCode(randomBytes);
      const expiresAt = inviteExpiry(now);
      people.add(person);
      members.push({ id, wardId, name: row.name, phone: row.phone, dedupeKey: person, createdAt: now, updatedAt: now });
      roles.push({ id: crypto.randomUUID(), memberId: id, unitId, role: row.role });
      invites.push({ id: crypto.randomUUID(), memberId: id, codeHash: await sha256Hex(code), expiresAt, createdAt: now });
      created.push({
        id,
        line: row.line,
        name: row.name,
        role: row.role,
        groupId: row.groupName ? unitId : null,
        invite: inviteDto(code, expiresAt, ctx),
      });
    }
    const writes = [
      db.unit.createMany({ data: newGroups.map((g) => ({ ...newGroupRow(wardId, g.name, now), id: g.id })) }),
      db.member.createMany({ data: members }),
      db.memberRole.createMany({ data: roles }),
      db.inviteCode.createMany({ data: invites }),
      auditWrite(ctx, db, {
        action: "member.import",
        entity: "ward",
        entityId: wardId,
        wardId,
        details: { created: created.length, skipped, groupsCreated: newGroups.length },
      }),
    ];
    return { writes, result: { created: created.length, skipped, groupsCreated: newGroups.length, errors: [] as ImportLineError[], members: created } };
  });
}
