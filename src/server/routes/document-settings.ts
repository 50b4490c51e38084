import { createRoute } from "@hono/zod-openapi";
import { getDocumentSettings, putDocumentSettings } from "../../services/document-settings.js";
import { ERRORS, SECURED, apiRouter, json, jsonBody } from "../route.js";
import { DocumentSettings, DocumentSettingsPut } from "../schemas-documents.js";
import { WardParams } from "../schemas.js";

const tags = ["Documents"];

/** How the ward's official documents (the weekly report as .docx) name their issuer and signer. */
export const documentSettingsRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "get", path: "/wards/{wardId}/document-settings", tags, security: SECURED,
      summary: "The ward's document settings, defaults filled in",
      request: { params: WardParams },
      responses: { 200: json(DocumentSettings), ...ERRORS },
    }),
    async (c) => c.json(await getDocumentSettings(c.var.services, c.req.valid("param").wardId), 200),
  )
  .openapi(
    createRoute({
      method: "put", path: "/wards/{wardId}/document-settings", tags, security: SECURED,
      summary: "Change some of the ward's document settings",
      description: "Partial: absent fields keep their value, null restores the default. Names, the symbol and the signer's title are stored in capitals, as Decree 30/2020 writes them.",
      request: { params: WardParams, body: jsonBody(DocumentSettingsPut) },
      responses: { 200: json(DocumentSettings), ...ERRORS },
    }),
    async (c) => c.json(await putDocumentSettings(c.var.services, c.req.valid("param").wardId, c.req.valid("json")), 200),
  );
