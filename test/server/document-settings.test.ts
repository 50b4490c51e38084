import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let wardId: string;
beforeEach(async () => {
  t = await buildTestApp();
  wardId = (await t.call("POST", "/api/v1/wards", { name: "Phường Ngọc Lâm" })).body.id;
});
afterEach(() => t.close());

describe("document settings", () => {
  it("give the defaults, take partial updates in capitals, reset with null, and name bad fields", async () => {
    const url = `/api/v1/wards/${wardId}/document-settings`;
    const defaults = await t.call("GET", url);
    expect(defaults.status).toBe(200);
    expect(defaults.body).toMatchObject({
      wardId, issuer: "ubnd", superiorName: "", issuerName: "ỦY BAN NHÂN DÂN\nPHƯỜNG NGỌC LÂM", placeName: "Ngọc Lâm",
      symbol: "BC-UBND", signerAuthority: "TM. ỦY BAN NHÂN DÂN", signerTitle: "CHỦ TỊCH", signerName: "", overrides: [], updatedAt: null,
    });
    expect(defaults.body.recipients.at(-1)).toBe("Lưu: VT.");

    const put = await t.call("PUT", url, { issuer: "mttq", signerName: "  Nguyễn Thị  Hải Yến ", signerTitle: "phó chủ tịch", recipients: ["- Các tổ dân phố;", "Lưu: VT."] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      issuer: "mttq", superiorName: "ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG NGỌC LÂM", issuerName: "BAN THƯỜNG TRỰC", symbol: "BC-MTTQ", signerAuthority: "TM. BAN THƯỜNG TRỰC",
      signerTitle: "PHÓ CHỦ TỊCH", signerName: "Nguyễn Thị Hải Yến", recipients: ["Các tổ dân phố;", "Lưu: VT."],
    });
    expect([...put.body.overrides].sort()).toEqual(["recipients", "signerName", "signerTitle"]);
    expect((await t.call("GET", url)).body).toEqual(put.body);

    const reset = await t.call("PUT", url, { signerTitle: null, placeName: "Ngọc Lâm, Hà Nội" });
    expect(reset.body).toMatchObject({ signerTitle: "CHỦ TỊCH", placeName: "Ngọc Lâm, Hà Nội", signerName: "Nguyễn Thị Hải Yến" });
    // Switching back to the People's Committee drops the Front's signer and recipients, not the place.
    const back = await t.call("PUT", url, { issuer: "ubnd" });
    expect(back.body).toMatchObject({ issuerName: "ỦY BAN NHÂN DÂN\nPHƯỜNG NGỌC LÂM", signerName: "", placeName: "Ngọc Lâm, Hà Nội", overrides: ["placeName"] });
    expect(back.body.recipients).toEqual(defaults.body.recipients);
    expect((await t.db.auditLog.findMany({ where: { action: "document_settings.update" } })).length).toBe(3);

    for (const [body, field] of [
      [{ issuer: "hdnd" }, "issuer"],
      [{ symbol: "BC UBND!" }, "symbol"],
      [{ recipients: [] }, "recipients"],
      [{ recipients: ["Lưu: VT.", "  "] }, "recipients.1"],
      [{ issuerName: "" }, "issuerName"],
      [{ signer: "x" }, "signer"],
    ] as const) {
      const bad = await t.call("PUT", url, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe("invalid_input");
      expect(JSON.stringify(bad.body.error.details), JSON.stringify(body)).toContain(`"field":"${field}"`);
    }
    expect((await t.call("GET", "/api/v1/wards/nope/document-settings")).status).toBe(404);
    expect((await t.call("PUT", "/api/v1/wards/nope/document-settings", { signerName: "A" })).status).toBe(404);
    expect((await t.app.request(url)).status).toBe(401);
    expect((await t.app.request(url, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(401);
  });

  it("write a commune as XÃ, and the Front's committee above its standing board", async () => {
    const commune = (await t.call("POST", "/api/v1/wards", { name: "Hòa Vang", kind: "commune" })).body.id;
    const ubnd = (await t.call("GET", `/api/v1/wards/${commune}/document-settings`)).body;
    expect(ubnd).toMatchObject({ issuerName: "ỦY BAN NHÂN DÂN\nXÃ HÒA VANG", placeName: "Hòa Vang", superiorName: "" });
    expect(ubnd.recipients).toContain("Chủ tịch, các Phó Chủ tịch UBND xã;");
    const mttq = (await t.call("PUT", `/api/v1/wards/${commune}/document-settings`, { issuer: "mttq" })).body;
    expect(mttq).toMatchObject({ superiorName: "ỦY BAN MTTQ VIỆT NAM\nXÃ HÒA VANG", issuerName: "BAN THƯỜNG TRỰC", placeName: "Hòa Vang" });
    expect(mttq.recipients).toContain("Ủy ban nhân dân xã (để phối hợp);");
  });
});
