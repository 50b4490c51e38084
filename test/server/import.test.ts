import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
beforeEach(async () => {
  t = await buildTestApp();
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

const importCsv = (csv: string) =>
  t.call("POST", `/api/v1/wards/${wardId}/members/import`, csv, { "content-type": "text/csv; charset=utf-8" });

describe("CSV import", () => {
  it("imports people with Vietnamese role words, creating the groups it names", async () => {
    const csv = [
      "group,role,name,phone",
      "Tổ dân phố số 1,tổ trưởng,Nguyễn Văn Tuấn,0912345678",
      "Tổ dân phố số 1,Trưởng ban CTMT,Trần Thị Nga,",
      "Tổ dân phố số 2,to truong,Lê Hoàng Hà,+84 987 654 321",
      ",Chủ tịch UBND,Phạm Minh Đức,",
    ].join("\n");
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 4, skipped: 0, groupsCreated: 2, errors: [] });
    expect(res.body.members.map((m: any) => m.invite.code)).toHaveLength(4);

    const members = (await t.call("GET", `/api/v1/wards/${wardId}/members`)).body;
    const groups = (await t.call("GET", `/api/v1/wards/${wardId}/groups`)).body;
    expect(groups.map((g: any) => g.name)).toEqual(["Tổ dân phố số 1", "Tổ dân phố số 2"]);
    const byName = Object.fromEntries(members.map((m: any) => [m.name, m]));
    expect(byName["Nguyễn Văn Tuấn"]).toMatchObject({ role: "leader", groupId: groups[0].id, phone: "+84912345678" });
    expect(byName["Trần Thị Nga"]).toMatchObject({ role: "front_head", groupId: groups[0].id, phone: null });
    expect(byName["Lê Hoàng Hà"]).toMatchObject({ role: "leader", groupId: groups[1].id });
    expect(byName["Phạm Minh Đức"]).toMatchObject({ role: "chair", groupId: null });
  });

  it("accepts Vietnamese headers, a BOM, semicolons and quoted fields", async () => {
    const csv = '\uFEFFTổ;Vai trò;Họ và tên;Số điện thoại\r\n"Tổ 5, khu A";Tổ trưởng;"Nguyễn Văn Tuấn";0912 345 678\r\n';
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
    const groups = (await t.call("GET", `/api/v1/wards/${wardId}/groups`)).body;
    expect(groups[0].name).toBe("Tổ 5, khu A");
  });

  it("creates nothing when one row is bad, and names the line as in the file", async () => {
    const csv = [
      "group,role,name,phone", // line 1
      "Tổ 1,tổ trưởng,Nguyễn Văn Tuấn,0912345678", // line 2
      "", // line 3: blank, still counted
      "Tổ 1,tổ phó,Trần Thị Nga,", // line 4: unknown role
      "Tổ 2,tổ trưởng,Lê Hoàng Hà,0123", // line 5: bad phone
      ",tổ trưởng,Đỗ Văn Nam,", // line 6: leader without group
    ].join("\n");
    const res = await importCsv(csv);
    expect(res.status).toBe(400);
    expect(res.body.created).toBeUndefined();
    expect(res.body.error.code).toBe("invalid_input");
    const lines = res.body.error.details.map((e: any) => e.line);
    expect(lines).toEqual([4, 5, 6]);
    expect(res.body.error.details[0].message).toContain("tổ phó");
    expect(await t.db.member.count()).toBe(0);
    expect(await t.db.unit.count({ where: { kind: "group" } })).toBe(0);
  });

  it("reports a missing column on line 1 and a duplicate row by its line", async () => {
    const noRole = await importCsv("group,name\nTổ 1,Nguyễn Văn Tuấn\n");
    expect(noRole.status).toBe(400);
    expect(noRole.body.error.details).toEqual([{ line: 1, message: expect.stringContaining("role") }]);

    const dup = await importCsv("group,role,name\nTổ 1,tổ trưởng,Nguyễn Văn Tuấn\nTổ 1,to truong,Nguyen Van Tuan\n");
    expect(dup.status).toBe(400);
    expect(dup.body.error.details).toEqual([{ line: 3, message: expect.stringContaining("dòng 2") }]);
  });

  it("skips people already in the ward, so a file can be imported twice", async () => {
    const csv = "group,role,name\nTổ 1,tổ trưởng,Nguyễn Văn Tuấn\nTổ 1,trưởng ban,Trần Thị Nga\n";
    expect((await importCsv(csv)).body.created).toBe(2);
    const again = await importCsv(csv + "Tổ 2,tổ trưởng,Lê Hoàng Hà\n");
    expect(again.body).toMatchObject({ created: 1, skipped: 2, groupsCreated: 1 });
    expect(await t.db.member.count()).toBe(3);
  });

  it("answers 404 for an unknown ward", async () => {
    const res = await t.call("POST", "/api/v1/wards/nope/members/import", "group,role,name\n", { "content-type": "text/csv" });
    expect(res.status).toBe(404);
  });
});

const SAVE_AS = "Lưu tệp dạng CSV UTF-8 trong Excel: Tệp → Lưu thành → CSV UTF-8";
/** The file's bytes as the request body, as a browser or curl --data-binary sends them. */
async function upload(body: Uint8Array, contentType = "application/octet-stream") {
  const res = await t.app.request(`/api/v1/wards/${wardId}/members/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": contentType },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: res.status, body: (await res.json()) as any };
}
const membersByName = async () =>
  Object.fromEntries((await t.call("GET", `/api/v1/wards/${wardId}/members`)).body.map((m: any) => [m.name, m]));
const groupNames = async () => (await t.call("GET", `/api/v1/wards/${wardId}/groups`)).body.map((g: any) => g.name);

/** A real .xlsx as Excel writes it, made with exceljs: `rows` from row 1 (the header). */
async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Danh sách");
  rows.forEach((row, i) => {
    if (row.length) sheet.getRow(i + 1).values = row as any[];
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const utf16le = (text: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
const utf16be = (text: string) => {
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), le]));
};

/**
 * "Tổ 1,tổ trưởng,Đỗ Văn Tuấn,0912345678" in Windows-1258, written by hand from the code page
 * (Node has no encoder for it): tones are combining marks after the base letter.
 */
const CP1258 = {
  "Tổ": [0x54, 0xf4, 0xd2], // T, ô, U+0309 hook above
  "tổ trưởng": [0x74, 0xf4, 0xd2, 0x20, 0x74, 0x72, 0xfd, 0xf5, 0xd2, 0x6e, 0x67], // ư = FD, ơ = F5
  "Đỗ Văn Tuấn": [0xd0, 0xf4, 0xde, 0x20, 0x56, 0xe3, 0x6e, 0x20, 0x54, 0x75, 0xe2, 0xec, 0x6e], // Đ = D0, U+0303 = DE, ă = E3, â = E2, U+0301 = EC
  "Nguyễn Thị Hằng": [0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e, 0x20, 0x54, 0x68, 0x69, 0xf2, 0x20, 0x48, 0xe3, 0xcc, 0x6e, 0x67], // ê = EA, U+0323 = F2, U+0300 = CC
};
const ascii = (s: string) => [...Buffer.from(s, "ascii")];
const windows1258File = new Uint8Array([
  ...ascii("group,role,name,phone\r\n"),
  ...CP1258["Tổ"], ...ascii(" 1,"), ...CP1258["tổ trưởng"], ...ascii(","), ...CP1258["Đỗ Văn Tuấn"], ...ascii(",0912345678\r\n"),
  ...CP1258["Tổ"], ...ascii(" 1,mttq,"), ...CP1258["Nguyễn Thị Hằng"], ...ascii(",\r\n"),
]);

describe("importing the files ward offices really produce", () => {
  it("reads an .xlsx workbook uploaded as it is: Vietnamese headers, phones Excel stored as numbers, rows by number", async () => {
    // A group the ward already has, written differently in the workbook: matched, not duplicated.
    await t.call("POST", `/api/v1/wards/${wardId}/groups`, { name: "Tổ dân phố số 1" });
    const file = await workbook([
      ["Tổ", "Vai trò", "Họ và tên", "Số điện thoại"],
      ["TỔ DÂN PHỐ SỐ 1", "Tổ trưởng", "Nguyễn Văn Tuấn", 912345678], // typed without quotes: Excel dropped the 0
      ["Tổ dân phố số 1", "Trưởng ban CTMT", { richText: [{ text: "Trần Thị " }, { text: "Nga", font: { bold: true } }] }, "0987 654 321"],
      [],
      ["", "Chủ tịch UBND", "Phạm Minh Đức", 2438251234], // the office landline, also as a number
      ["Tổ dân phố số 2", "tổ trưởng", "Lê Hoàng Hà", "+84 (0)3 1234"],
    ]);
    const bad = await upload(file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ line: 6, message: expect.stringContaining("không hợp lệ") }]);
    expect(await t.db.member.count()).toBe(0);

    const good = await upload(await workbook([
      ["Tổ", "Vai trò", "Họ và tên", "Số điện thoại"],
      ["TỔ DÂN PHỐ SỐ 1", "Tổ trưởng", "Nguyễn Văn Tuấn", 912345678],
      ["Tổ dân phố số 1", "Trưởng ban CTMT", { richText: [{ text: "Trần Thị " }, { text: "Nga", font: { bold: true } }] }, "0987 654 321"],
      [],
      ["", "Chủ tịch UBND", "Phạm Minh Đức", 2438251234],
    ]));
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body).toMatchObject({ created: 3, groupsCreated: 0 });
    expect(good.body.members.map((m: any) => m.line)).toEqual([2, 3, 5]);
    const people = await membersByName();
    expect(people["Nguyễn Văn Tuấn"]).toMatchObject({ role: "leader", phone: "+84912345678" });
    expect(people["Trần Thị Nga"]).toMatchObject({ role: "front_head", phone: "+84987654321" });
    expect(people["Phạm Minh Đức"]).toMatchObject({ role: "chair", phone: "+842438251234" });
    expect(await groupNames()).toEqual(["Tổ dân phố số 1"]);
  });

  it("reads Excel's “Unicode Text”: UTF-16 LE and BE with a BOM, tab-separated, commas kept inside names", async () => {
    const text = "Tổ\tVai trò\tHọ tên\tSố điện thoại\r\nTổ 5, khu A\ttổ trưởng\tNguyễn Thị Hằng\t0912 345 678\r\n";
    const le = await upload(utf16le(text), "text/plain");
    expect(le.status, JSON.stringify(le.body)).toBe(200);
    expect(le.body.created).toBe(1);
    expect(await groupNames()).toEqual(["Tổ 5, khu A"]);
    expect((await membersByName())["Nguyễn Thị Hằng"]).toMatchObject({ role: "leader", phone: "+84912345678" });

    const be = await upload(utf16be(text.replace("Nguyễn Thị Hằng", "Đặng Quốc Bảo")), "text/plain");
    expect(be.status, JSON.stringify(be.body)).toBe(200);
    expect(Object.keys(await membersByName()).sort()).toEqual(["Nguyễn Thị Hằng", "Đặng Quốc Bảo"]);
  });

  it("reads UTF-8 with and without a BOM as bytes", async () => {
    const csv = "group,role,name\nTổ 1,tổ trưởng,Nguyễn Văn Tuấn\n";
    expect((await upload(new TextEncoder().encode(csv), "text/csv")).body.created).toBe(1);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv.replace("Tuấn", "Hùng"))]);
    expect((await upload(withBom, "text/csv")).body.created).toBe(1);
    expect(Object.keys(await membersByName()).sort()).toEqual(["Nguyễn Văn Hùng", "Nguyễn Văn Tuấn"]);
  });

  it("reads Excel's “CSV” on Vietnamese Windows (Windows-1258), storing the names as typed elsewhere (NFC)", async () => {
    expect(new TextDecoder("windows-1258").decode(new Uint8Array(CP1258["Đỗ Văn Tuấn"])).normalize("NFC")).toBe("Đỗ Văn Tuấn");
    const res = await upload(windows1258File, "text/csv");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created).toBe(2);
    const people = await membersByName();
    expect(people["Đỗ Văn Tuấn"]).toMatchObject({ role: "leader", phone: "+84912345678" });
    expect(people["Nguyễn Thị Hằng"]).toMatchObject({ role: "front_head" });
    expect(await groupNames()).toEqual(["Tổ 1"]);
    // Stored precomposed, as the API and chats write names: found by the same text.
    expect(await t.db.member.count({ where: { name: "Nguyễn Thị Hằng".normalize("NFC") } })).toBe(1);
    // Importing the same people as UTF-8 afterwards finds them.
    expect((await importCsv("group,role,name\nTổ 1,tổ trưởng,Đỗ Văn Tuấn\n")).body).toMatchObject({ created: 0, skipped: 1 });
  });

  it("refuses text it cannot read for certain, saying how to save the file and where, and stores nothing", async () => {
    const utf8 = (s: string) => [...new TextEncoder().encode(s)];
    const files = {
      // UTF-8 with one line in another encoding (Latin-1 "ü"): read as Windows-1258 it is not Vietnamese.
      "a stray byte on line 3": new Uint8Array([...utf8("group,role,name\nTổ 1,tổ trưởng,Nguyễn Văn Tuấn\nTổ 1,mttq,M"), 0xfc, ...utf8("ller\n")]),
      // TCVN3 ("ABC"-font) bytes: letters Vietnamese does not use once read as Windows-1258.
      "TCVN3": new Uint8Array([...ascii("group,role,name\nT"), 0xae, ...ascii(" 1,to truong,Nguy"), 0xd7, ...ascii("n V"), 0xa8, ...ascii("n\n")]),
      // UTF-16 without its BOM.
      "UTF-16 without BOM": new Uint8Array(Buffer.from("group,role,name\nTổ 1,tổ trưởng,An\n", "utf16le")),
    };
    for (const [why, bytes] of Object.entries(files)) {
      const res = await upload(bytes, "text/csv");
      expect(res.status, why).toBe(400);
      expect(res.body.error.details, why).toHaveLength(1);
      expect(res.body.error.details[0].message, why).toContain(SAVE_AS);
      expect(res.body.error.details[0].message, why).not.toContain("\ufffd");
    }
    expect((await upload(files["a stray byte on line 3"], "text/csv")).body.error.details[0].line).toBe(3);
    expect(await t.db.member.count()).toBe(0);
    expect(await t.db.unit.count({ where: { kind: "group" } })).toBe(0);
  });

  it("refuses an old .xls and a broken workbook with a Vietnamese message", async () => {
    const xls = await upload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(xls.status).toBe(400);
    expect(xls.body.error.details[0].message).toContain(".xlsx");
    const broken = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    expect(broken.status).toBe(400);
    expect(broken.body.error.details[0].message).toContain("Không mở được tệp Excel");
  });

  it("accepts an office landline for chairs and admins, and asks for a mobile for tổ trưởng and trưởng ban", async () => {
    const bad = await importCsv([
      "group,role,name,phone",
      ",chủ tịch UBND,Phạm Minh Đức,024 3825 1234",
      ",quản trị,Lê Thị Thu Trang,0236 3821 234",
      "Tổ 1,tổ trưởng,Nguyễn Văn Tuấn,028 3829 5000",
      "Tổ 1,trưởng ban,Trần Thị Nga,024 3825",
    ].join("\n"));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { line: 4, message: expect.stringContaining("cần số di động") },
      { line: 5, message: expect.stringContaining("không hợp lệ") },
    ]);
    const good = await importCsv([
      "group,role,name,phone",
      ",chủ tịch UBND,Phạm Minh Đức,024 3825 1234",
      ",quản trị,Lê Thị Thu Trang,0236 3821 234",
      "Tổ 1,tổ trưởng,Nguyễn Văn Tuấn,0912 345 678",
    ].join("\n"));
    expect(good.status).toBe(200);
    const people = await membersByName();
    expect(people["Phạm Minh Đức"].phone).toBe("+842438251234");
    expect(people["Lê Thị Thu Trang"].phone).toBe("+842363821234");
    // The same rule through the API.
    const leader = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Đỗ Văn Nam", role: "leader", groupId: people["Nguyễn Văn Tuấn"].groupId, phone: "024 3825 1234" });
    expect(leader.status).toBe(400);
    expect(leader.body.error.details).toEqual([{ field: "phone", code: "invalid_phone", message: expect.stringContaining("cần số di động") }]);
    const admin = await t.call("POST", `/api/v1/wards/${wardId}/members`, { name: "Vũ Thị Lan", role: "admin", phone: "028 3829 5000" });
    expect(admin.status).toBe(201);
    expect(admin.body.phone).toBe("+842838295000");
  });
});
