/**
 * The Zalo OA Open API v3 over fetch. Zalo answers errors with HTTP 200 and a non-zero `error`
 * field: every answer's `error` is checked. Failures come out as ZaloOaApiError (Zalo said no:
 * its code and message) or ZaloOaNetworkError (no answer). No message carries a token.
 */

export class ZaloOaApiError extends Error {
  constructor(
    readonly call: string,
    /** The `error` field of the answer, or else the HTTP status. */
    readonly code: number,
    readonly description: string,
  ) {
    super(`zalo oa ${call}: ${code} ${description}`);
    this.name = "ZaloOaApiError";
  }
}

export class ZaloOaNetworkError extends Error {
  constructor(call: string, cause: unknown) {
    super(`zalo oa ${call}: no answer (${(cause as Error)?.name === "TimeoutError" ? "timed out" : ((cause as Error)?.message ?? String(cause))})`);
    this.name = "ZaloOaNetworkError";
  }
}

export interface ZaloOaRoots {
  /** https://openapi.zalo.me */
  apiRoot: string;
  /** https://oauth.zaloapp.com */
  oauthRoot: string;
}

const TIMEOUT_MS = 15_000;

async function request(call: string, url: string, init: RequestInit): Promise<Record<string, unknown>> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    text = await res.text();
  } catch (error) {
    throw new ZaloOaNetworkError(call, error);
  }
  let json: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text);
    json = typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw new ZaloOaApiError(call, Number(json?.error) || res.status, String(json?.message ?? json?.error_description ?? res.statusText ?? "error"));
  if (!json) throw new ZaloOaApiError(call, res.status, "the answer is not JSON");
  const code = Number(json.error ?? 0);
  if (code !== 0 && !Number.isNaN(code))
    throw new ZaloOaApiError(call, code, String(json.message ?? json.error_description ?? json.error_name ?? "error"));
  return json;
}

/** A template button whose press sends its payload back as the follower's (hidden) text. */
export interface OaButton {
  title: string;
  payload: string;
}

/** One consultation ("cs") message to a follower: text, with buttons when given. */
export async function sendConsultation(roots: ZaloOaRoots, accessToken: string, userId: string, text: string, buttons: OaButton[] = []) {
  const message = buttons.length
    ? { text, attachment: { type: "template", payload: { buttons: buttons.map((b) => ({ title: b.title, type: "oa.query.hide", payload: b.payload })) } } }
    : { text };
  const json = await request("message/cs", `${roots.apiRoot.replace(/\/+$/, "")}/v3.0/oa/message/cs`, {
    method: "POST",
    headers: { "content-type": "application/json", access_token: accessToken },
    body: JSON.stringify({ recipient: { user_id: userId }, message }),
  });
  return json.data as { message_id?: string } | undefined;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds (Zalo sends a string). */
  expiresIn: number;
}

/**
 * Spends a refresh token (single-use: Zalo refuses it afterwards) for a new access token and a
 * new refresh token. Form-encoded, the app secret in the `secret_key` header.
 */
export async function refreshAccessToken(roots: ZaloOaRoots, appId: string, secretKey: string, refreshToken: string): Promise<TokenPair> {
  const json = await request("access_token", `${roots.oauthRoot.replace(/\/+$/, "")}/v4/oa/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", secret_key: secretKey },
    body: new URLSearchParams({ refresh_token: refreshToken, app_id: appId, grant_type: "refresh_token" }).toString(),
  });
  const accessToken = json.access_token;
  const newRefresh = json.refresh_token;
  if (typeof accessToken !== "string" || typeof newRefresh !== "string" || !accessToken || !newRefresh)
    throw new ZaloOaApiError("access_token", 0, "the answer has no access_token or refresh_token");
  const expiresIn = Number(json.expires_in);
  return { accessToken, refreshToken: newRefresh, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 90_000 };
}
