import { z } from "@hono/zod-openapi";
import { ISSUERS } from "../core/document-heading.js";

/** How a ward's official documents are headed and signed (Decree 30/2020/NĐ-CP). */

const headingText = (max: number) => z.string().max(max);
const required = (max: number) => headingText(max).refine((s) => s.trim().length > 0, { message: "Xin nhập nội dung, không để trống.", params: { code: "required" } });
export const DocumentSettingsPut = z
  .object({
    issuer: z.enum(ISSUERS).optional().openapi({ description: "ubnd: the People's Committee issues; mttq: the Fatherland Front committee" }),
    superiorName: headingText(200).nullable().optional().openapi({ description: "the superior body above the issuer; lines separated by \\n; \"\" for none", example: "ỦY BAN MTTQ VIỆT NAM\nTHÀNH PHỐ HÀ NỘI" }),
    issuerName: required(200).nullable().optional().openapi({ example: "ỦY BAN NHÂN DÂN\nPHƯỜNG NGỌC LÂM" }),
    placeName: required(60).nullable().optional().openapi({ example: "Ngọc Lâm" }),
    symbol: z
      .string()
      .trim()
      .regex(/^[\p{L}\d]+(-[\p{L}\d]+)*$/u, "Ký hiệu văn bản chưa đúng: chữ và số nối bằng dấu gạch ngang, ví dụ BC-UBND.")
      .max(30)
      .nullable()
      .optional()
      .openapi({ example: "BC-UBND" }),
    signerAuthority: headingText(100).nullable().optional().openapi({ example: "TM. ỦY BAN NHÂN DÂN", description: "\"\" when the signer signs in their own name" }),
    signerTitle: required(100).nullable().optional().openapi({ example: "CHỦ TỊCH" }),
    signerName: headingText(120).nullable().optional().openapi({ example: "Nguyễn Văn An", description: "\"\" leaves the line for a handwritten name" }),
    recipients: z.array(required(200)).min(1).max(15).nullable().optional().openapi({ example: ["Thường trực Đảng ủy phường;", "Lưu: VT."] }),
  })
  .strict()
  .openapi("DocumentSettingsPut", { description: "Only the fields given change; null puts a field back to its default." });

export const DocumentSettings = z
  .object({
    wardId: z.string(),
    issuer: z.enum(ISSUERS),
    superiorName: z.string(),
    issuerName: z.string(),
    placeName: z.string(),
    symbol: z.string(),
    signerAuthority: z.string(),
    signerTitle: z.string(),
    signerName: z.string(),
    recipients: z.array(z.string()),
    overrides: z.array(z.string()).openapi({ description: "the fields set by an admin; the others are defaults" }),
    updatedAt: z.string().nullable(),
  })
  .openapi("DocumentSettings");
