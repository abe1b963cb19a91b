// Per-request context and the framework extractors of the Pangolin test double. Handlers
// call these in the real argument order (path, then query, then body) BEFORE any role
// check, because that is what axum does: a bad body beats a 403.

import type { Session } from "./auth.ts";
import type { RawRequest } from "./http_server.ts";
import { signJwt } from "./jwt.ts";
import type { FixedWindow } from "./rate_limit.ts";
import { Halt, haltText, text } from "./replies.ts";
import type { Reply } from "./replies.ts";
import { DeError, deserializeJson } from "./serde_json.ts";
import type { Schema } from "./serde_json.ts";
import type { Store } from "./state.ts";
import { decodeStruct, parsePairs, UrlError } from "./urlencoded.ts";
import type { UrlField } from "./urlencoded.ts";
import { parseUuid } from "./uuid.ts";

/** Resolved server settings shared by all handlers. */
export interface ServerConfig {
  key: CryptoKey;
  legacyApiKeys: boolean;
  basicAuth: boolean;
  rootUsername: string;
  rootPassword: string;
  backend: "memory" | "sql";
  rateWindowSecs: number;
  /** Per-account login counter; null when throttling is off. */
  accountLimiter: FixedWindow | null;
}

/** Everything a handler gets. */
export interface Ctx {
  req: RawRequest;
  params: Record<string, string>;
  session: Session | null;
  store: Store;
  cfg: ServerConfig;
}

/** A route implementation. */
export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

const BODY_LIMIT = 16 * 1024 * 1024;

/** The session of an authenticated route (the middleware guarantees one). */
export function session(ctx: Ctx): Session {
  if (!ctx.session) throw new Error("route reached without a session");
  return ctx.session;
}

/** Path extractor for a UUID parameter: 400 `Invalid URL: UUID parsing failed: ...`. */
export function pathUuid(ctx: Ctx, name: string): string {
  const parsed = parseUuid(ctx.params[name] ?? "");
  if (!parsed.ok) haltText(400, `Invalid URL: UUID parsing failed: ${parsed.error}`);
  return parsed.value;
}

/** Query extractor for `limit`/`offset` (unknown parameters are ignored). */
export function pagination(ctx: Ctx): { limit?: number; offset?: number } {
  const fields: UrlField[] = [
    { name: "limit", type: "int", required: false },
    { name: "offset", type: "int", required: false },
  ];
  try {
    const q = decodeStruct(parsePairs(ctx.req.query), fields, false);
    return q as { limit?: number; offset?: number };
  } catch (e) {
    if (e instanceof UrlError) haltText(400, `Failed to deserialize query string: ${e.message}`);
    throw e;
  }
}

function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const essence = value.split(";")[0].trim().toLowerCase();
  const slash = essence.indexOf("/");
  if (slash <= 0) return false;
  const type = essence.slice(0, slash);
  const sub = essence.slice(slash + 1);
  if (type !== "application" || sub === "" || /\s/.test(sub)) return false;
  return sub === "json" || sub.endsWith("+json");
}

/** JSON body extractor with axum's 415 / 413 / 400 / 422 rejections (plain text). */
export function jsonBody<T = Record<string, unknown>>(ctx: Ctx, schema: Schema): T {
  if (!isJsonContentType(ctx.req.headers.get("content-type"))) {
    haltText(415, "Expected request with `Content-Type: application/json`");
  }
  if (ctx.req.body.length > BODY_LIMIT) {
    haltText(413, "Failed to buffer the request body: length limit exceeded");
  }
  try {
    return deserializeJson(ctx.req.body, schema) as T;
  } catch (e) {
    if (!(e instanceof DeError)) throw e;
    if (e.category === "data") {
      haltText(422, `Failed to deserialize the JSON body into the target type: ${e.message}`);
    }
    haltText(400, `Failed to parse the request body as JSON: ${e.message}`);
  }
}

/** Form body extractor (OAuth token endpoint): 415 without the form content type, 422 else. */
export function formBody(ctx: Ctx, fields: readonly UrlField[]): Record<string, string> {
  const ct = ctx.req.headers.get("content-type") ?? "";
  if (!ct.startsWith("application/x-www-form-urlencoded")) {
    haltText(415, "Form requests must have `Content-Type: application/x-www-form-urlencoded`");
  }
  if (ctx.req.body.length > BODY_LIMIT) {
    haltText(413, "Failed to buffer the request body: length limit exceeded");
  }
  const raw = new TextDecoder().decode(ctx.req.body);
  try {
    return decodeStruct(parsePairs(raw), fields, true) as Record<string, string>;
  } catch (e) {
    if (e instanceof UrlError) {
      throw new Halt(text(422, `Failed to deserialize form body: ${e.message}`));
    }
    throw e;
  }
}

/** Signs claims in the server's claim order with the server secret. */
export function mintToken(
  ctx: Ctx,
  c: {
    sub: string;
    jti: string;
    username: string;
    tenantId: string | null;
    role: string;
    exp: number;
    iat: number;
  },
): Promise<string> {
  return signJwt(ctx.cfg.key, {
    sub: c.sub,
    jti: c.jti,
    username: c.username,
    tenant_id: c.tenantId,
    role: c.role,
    exp: c.exp,
    iat: c.iat,
  });
}
