import { OpenAPIHono } from "@hono/zod-openapi";
import { invalidFields } from "../core/errors.js";
import type { AppEnv } from "./env.js";
import type { z } from "@hono/zod-openapi";
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
  400: json(ErrorSchema, "Invalid input: `details` names each bad field"),
  401: json(ErrorSchema, "Missing or wrong bearer token"),
  404: json(ErrorSchema, "Unknown id"),
  409: json(ErrorSchema, "Conflicts with an existing record"),
};

export const SECURED = [{ bearer: [] }];

/** The media type of the Excel exports. */
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A router whose validation failures become our 400 naming each bad field. */
export function apiRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw invalidFields(
          result.error.issues.map((issue) => ({
            field: issue.path.length ? issue.path.join(".") : result.target,
            message: issue.message,
          })),
        );
      }
    },
  });
}
