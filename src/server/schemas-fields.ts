import { z } from "@hono/zod-openapi";
import { cleanName } from "../core/names.js";

/** Field shapes every schema file uses (a file of their own, so schema files import no cycle). */

/**
 * (Its messages come from validation.ts: "Xin nhập tên.", "Tên dài quá: tối đa 120 ký tự.")
 *
 * A name or title: cleaned first (cleanName: invisible characters such as ZWSP or a BOM dropped,
 * NFC, single spaces), so one made only of invisible characters is empty and refused.
 */
export const name = (max: number) =>
  z.string().overwrite(cleanName).min(1).max(max);
export const id = z.string().min(1);
