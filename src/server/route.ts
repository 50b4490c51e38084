import { OpenAPIHono } from "@hono/zod-openapi";
import { invalidFields } from "../core/errors.js";
import type { AppEnv } from "./env.js";
import { validationProblems } from "./validation.js";
import { z } from "@hono/zod-openapi";
import { ErrorSchema } from "./schemas.js";

/** Pieces every admin API route shares, for use inside `createRoute({...})`. */

export const json = <S extends z.ZodType>(schema: S, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const ERRORS = {
  400: json(ErrorSchema, "Invalid input: `details` lists each bad field as a FieldError (field, stable code, Vietnamese message)"),
  401: json(ErrorSchema, "Missing, wrong, revoked or expired token or session"),
  403: json(ErrorSchema, "Inside your scope, but your role does not allow it (a chair changing the form), or a session's write without its CSRF token"),
  404: json(ErrorSchema, "Unknown id, or outside your scope (the same answer: ids of other wards are not confirmed)"),
  409: json(ErrorSchema, "Conflicts with an existing record"),
};

/** A bearer token (the owner's or an API token) or the console's session cookie. */
export const SECURED: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

/** The media types of the downloads. */
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const PNG = "image/png";

/** A binary download's response, for `createRoute({ responses: { 200: file(...) } })`. */
export const file = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string().openapi({ format: "binary" }) } },
});

/**
 * The headers of a download: saved as a file (`attachment`), or shown in the browser (`inline`,
 * for pictures). File names are ASCII (see asciiSlug), so they need no encoding.
 */
export const fileHeaders = (mediaType: string, filename: string, disposition: "attachment" | "inline" = "attachment") => ({
  "content-type": mediaType,
  "content-disposition": `${disposition}; filename="${filename}"`,
});

/** A router whose validation failures become our 400 naming each bad field, in Vietnamese (validation.ts). */
export function apiRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidFields(validationProblems(result.error.issues, (result as { data?: unknown }).data, result.target));
    },
  });
}
