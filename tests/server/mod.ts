// TEST DOUBLE FOR TESTS ONLY. This is NOT the Pangolin server: it is an in-memory imitation
// of the Pangolin management API (AlexMercedCoder/Pangolin) as described in the
// management API reference (pangolin-api.md), used by the pangolin-admin tests and the dev
// server. It listens on 127.0.0.1 only, keeps everything in memory and must never be deployed.
//
// Request pipeline, in the real server's order (spec 1.5): per-address throttle on
// /api/v1/users/login and /api/v1/tokens -> auth middleware (every non-public path, even
// unknown ones) -> router (404 / 405 empty) -> extractors (path, query, body) -> handler.

import { authenticate } from "./auth.ts";
import type { Session } from "./auth.ts";
import type { Ctx, ServerConfig } from "./context.ts";
import { HANDLERS } from "./handlers/table.ts";
import { HttpServer } from "./http_server.ts";
import type { Outcome, RawRequest } from "./http_server.ts";
import { importHs256Key, signJwt } from "./jwt.ts";
import { FixedWindow } from "./rate_limit.ts";
import { empty, Halt, nestedError, text } from "./replies.ts";
import type { Reply } from "./replies.ts";
import { isPublicPath, REAL_ROUTES, Router } from "./routes.ts";
import { SEED } from "./seed.ts";
import { seededStore, timestampZ } from "./state.ts";
import { canonicalUuid, randomUuid } from "./uuid.ts";

export { ENV_ROOT_ID, SEED, SEED_CATALOGS, SEED_PERMISSION_ID } from "./seed.ts";
export { decodeJwtPayload } from "./jwt.ts";
export { NIL_UUID } from "./uuid.ts";

/** Options of one double instance; everything is off or default unless set. */
export interface StartOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Accept the legacy-format keys the API issues in X-API-Key (PANGOLIN_ALLOW_LEGACY_API_KEYS). */
  legacyApiKeys?: boolean;
  /** Per-address and per-account credential throttle; 0 or absent turns it off. */
  rateLimit?: number;
  /** Throttle window in seconds (default 60). */
  rateWindowSecs?: number;
  /** HS256 secret (a fixed test secret by default). */
  jwtSecret?: string;
  /** Environment root username (default `admin`). */
  rootUsername?: string;
  /** Environment root password (default `password`). */
  rootPassword?: string;
  /**
   * Accept `Authorization: Basic` with the root credentials (spec 2.6). On by default, as on
   * the real server whenever root credentials are configured; false imitates one without.
   */
  basicAuth?: boolean;
  /** Imitate the SQL backends where they differ visibly (service-user rotation fails). */
  backend?: "memory" | "sql";
  /** A faulty server: revocations are recorded but not enforced (tests the client's check). */
  ignoreRevocations?: boolean;
  /** Seconds the `date` header is off from the real time (tests of clock-skew checks). */
  dateSkewSeconds?: number;
  /**
   * false: start as empty as a fresh real server (the `default` tenant and the environment
   * root only), for fixtures made through the API; the differential tests need this.
   */
  seed?: boolean;
}

/** One request as the double saw it, with the status it answered (0: no answer). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  /** routed: simulated authenticated route; public: simulated public route;
   * unrouted: no real route (or wrong method); unsimulated: real route the double lacks. */
  kind: "routed" | "unrouted" | "unsimulated" | "public";
}

/** A failure injected in place of the normal answer. */
export type Fault = {
  /**
   * html-502, invalid-json, empty-200: that reply. hang: never answers (until close()).
   * reset: drops the connection. slow-headers: answers normally after `delayMs`.
   * stall-body: sends the head and half the normal body, then nothing until close().
   * status: answers `status` with a plain-text body (and `retryAfter` as retry-after).
   */
  kind:
    | "html-502"
    | "invalid-json"
    | "empty-200"
    | "hang"
    | "reset"
    | "slow-headers"
    | "stall-body"
    | "status";
  /** For "slow-headers": the delay (default 1500 ms). */
  delayMs?: number;
  /** For "status": the status code (default 503). */
  status?: number;
  /** For "status": a retry-after header value in seconds. */
  retryAfter?: number;
  /** For "status": the plain-text body (default `injected <status>`). */
  body?: string;
  /** Exact path, or a prefix ending in `*`; every path when absent. */
  path?: string;
  /** How many requests get the fault; unlimited when absent. */
  times?: number;
};

/** Handle on a running double. */
export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Every request in arrival order. */
  requests: RecordedRequest[];
  /** Requests that hit no real route, or a real route the double does not simulate. */
  offRouteRequests(): RecordedRequest[];
  /** Throws an Error listing off-route requests, if any. */
  assertAllRouted(): void;
  /** Empties `requests` (the same array object). */
  clearRequests(): void;
  /** Sets or clears the fault; "hang" never answers until close(), "reset" drops the socket. */
  setFault(fault: Fault | null): void;
  /** Signs claims with the server secret (not recorded). An absent key gets a default
   * (random sub and jti, username `test-user`, tenant_id null, role `root`, exp now + 1 h,
   * iat now); a key present with value `undefined` omits that claim. */
  mintJwt(claims: {
    sub?: string;
    jti?: string;
    username?: string;
    tenant_id?: string | null;
    role?: string;
    exp?: number;
    iat?: number;
  }): Promise<string>;
  /** Whether a jti is on the revocation list. */
  isRevoked(jti: string): boolean;
  /** Whether this key currently verifies for the service user (ignores active/expiry). */
  serviceUserKeyWorks(id: string, key: string): boolean;
  /** Extra: grants a direct permission on a catalog (by name, in the grantee's tenant). */
  grantCatalogPermission(userId: string, catalogName: string, actions?: string[]): string;
  /** Extra: moves a recorded token's creation time (tests of age-based selection). */
  setTokenCreatedAt(jti: string, createdAt: Date): void;
  /** Extra: sets a service user's created-at (tests of key age). */
  setServiceUserCreatedAt(id: string, createdAt: Date): void;
  /**
   * Extra: records `count` tokens for a stored user, as `count` POST /api/v1/tokens would
   * (signed, listed), without the requests (benchmarks list a million). They live 24 hours, or
   * `lifeSecs` seconds from now. Returns their ids.
   */
  addTokens(userId: string, count: number, lifeSecs?: number): Promise<string[]>;
  /** Stops the server, releases hanging requests and waits until nothing is left running. */
  close(): Promise<void>;
}

const DEFAULT_SECRET = "pangolin-test-double-secret-not-for-production";
const NOT_SIMULATED = "not simulated by the test double";
const THROTTLED_PATHS = new Set(["/api/v1/users/login", "/api/v1/tokens"]);

/** Starts a seeded double on 127.0.0.1. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  for (const key of Object.keys(HANDLERS)) {
    if (!REAL_ROUTES.includes(key)) throw new Error(`handler for unknown route ${key}`);
  }
  const key = await importHs256Key(options.jwtSecret ?? DEFAULT_SECRET);
  const store = seededStore(options.seed ?? true);
  store.ignoreRevocations = options.ignoreRevocations ?? false;
  const router = new Router(REAL_ROUTES);
  const limit = options.rateLimit ?? 0;
  const windowSecs = options.rateWindowSecs ?? 60;
  const addressLimiter = limit > 0 ? new FixedWindow(limit, windowSecs * 1000) : null;
  const cfg: ServerConfig = {
    key,
    legacyApiKeys: options.legacyApiKeys ?? false,
    basicAuth: options.basicAuth ?? true,
    rootUsername: options.rootUsername ?? SEED.rootUsername,
    rootPassword: options.rootPassword ?? SEED.rootPassword,
    backend: options.backend ?? "memory",
    rateWindowSecs: windowSecs,
    accountLimiter: limit > 0 ? new FixedWindow(limit, windowSecs * 1000) : null,
  };
  const requests: RecordedRequest[] = [];
  let fault: { fault: Fault; remaining: number | null } | null = null;
  const hanging = new Set<() => void>();
  let closed: Promise<void> | null = null;

  function takeFault(path: string): Fault | null {
    if (!fault) return null;
    const p = fault.fault.path;
    const hit = p === undefined ||
      (p.endsWith("*") ? path.startsWith(p.slice(0, -1)) : path === p);
    if (!hit) return null;
    const f = fault.fault;
    if (fault.remaining !== null && --fault.remaining <= 0) fault = null;
    return f;
  }

  async function dispatch(req: RawRequest): Promise<Reply> {
    if (addressLimiter && THROTTLED_PATHS.has(req.path)) {
      // Outermost layer: counts every request to these exact paths, successes included,
      // before auth or body parsing.
      if (!addressLimiter.hit(req.remoteAddr)) {
        const r = nestedError(
          429,
          "too many authentication attempts; try again later",
          "TooManyRequests",
        );
        r.headers["retry-after"] = String(windowSecs);
        return r;
      }
    }
    let session: Session | null = null;
    if (!isPublicPath(req.path)) {
      const auth = await authenticate(req.headers, store, cfg, req.path);
      if ("status" in auth) return auth;
      session = auth;
    }
    const match = router.match(req.method, req.path);
    if (match.kind === "none") return empty(404);
    if (match.kind === "method") {
      const r = empty(405);
      r.headers["allow"] = match.allow.join(",");
      return r;
    }
    const handler = HANDLERS[match.key];
    if (!handler) return text(501, NOT_SIMULATED);
    const ctx: Ctx = { req, params: match.params, session, store, cfg };
    try {
      return await handler(ctx);
    } catch (e) {
      if (e instanceof Halt) return e.reply;
      // A bug in the double: answer like a handler panic, and say why in a header.
      const r = text(500, "Internal Server Error");
      r.headers["x-test-double-error"] = String(e instanceof Error ? e.message : e)
        .replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
      return r;
    }
  }

  async function handle(req: RawRequest): Promise<Outcome> {
    const rec: RecordedRequest = {
      method: req.method,
      path: req.path,
      query: req.query,
      headers: Object.fromEntries(req.headers),
      body: new TextDecoder().decode(req.body),
      status: 0,
      kind: classify(req),
    };
    requests.push(rec);
    const f = takeFault(req.path);
    if (f) {
      switch (f.kind) {
        case "html-502":
          rec.status = 502;
          return {
            status: 502,
            headers: { "content-type": "text/html" },
            body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
          };
        case "invalid-json":
          rec.status = 200;
          return { status: 200, headers: { "content-type": "application/json" }, body: '{"oops":' };
        case "empty-200":
          rec.status = 200;
          return { status: 200, headers: { "content-type": "application/json" }, body: "" };
        case "hang":
          // Released (as a dropped connection) by close(); never answered before that.
          if (closed) return "reset";
          await new Promise<void>((resolve) => hanging.add(resolve));
          return "reset";
        case "reset":
          return "reset";
        case "status": {
          const status = f.status ?? 503;
          rec.status = status;
          const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
          if (f.retryAfter !== undefined) headers["retry-after"] = String(f.retryAfter);
          return { status, headers, body: f.body ?? `injected ${status}` };
        }
        case "slow-headers":
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              hanging.delete(release);
              resolve();
            }, f.delayMs ?? 1500);
            const release = () => {
              clearTimeout(timer);
              resolve();
            };
            hanging.add(release);
          });
          if (closed) return "reset";
          break;
        case "stall-body": {
          const reply = await dispatch(req);
          rec.status = reply.status;
          return { stall: reply, until: new Promise<void>((resolve) => hanging.add(resolve)) };
        }
      }
    }
    const reply = await dispatch(req);
    reply.headers["x-request-id"] = requestId(req.headers.get("x-request-id"));
    rec.status = reply.status;
    return reply;
  }

  function classify(req: RawRequest): RecordedRequest["kind"] {
    const m = router.match(req.method, req.path);
    if (m.kind !== "found") return "unrouted";
    if (!HANDLERS[m.key]) return "unsimulated";
    return isPublicPath(req.path) ? "public" : "routed";
  }

  const http = new HttpServer(options.port ?? 0, handle, options.dateSkewSeconds ?? 0);
  const offRoute = () => requests.filter((r) => r.kind === "unrouted" || r.kind === "unsimulated");

  return {
    url: `http://127.0.0.1:${http.port}`,
    port: http.port,
    requests,
    offRouteRequests: offRoute,
    assertAllRouted() {
      const off = offRoute();
      if (off.length === 0) return;
      const lines = off.map((r) =>
        `  ${r.method} ${r.path}${r.query ? `?${r.query}` : ""} -> ${r.status} (${r.kind})`
      );
      throw new Error(`test double got off-route requests:\n${lines.join("\n")}`);
    },
    clearRequests() {
      requests.length = 0;
    },
    setFault(f: Fault | null) {
      // `times: 0` (or less) means no request gets the fault.
      const none = f === null || (f.times !== undefined && f.times <= 0);
      fault = none ? null : { fault: { ...f }, remaining: f.times ?? null };
    },
    mintJwt(claims) {
      const now = Math.floor(Date.now() / 1000);
      const pick = <K extends keyof typeof claims>(k: K, dflt: unknown) =>
        k in claims ? claims[k] : dflt;
      const ordered: Record<string, unknown> = {
        sub: pick("sub", randomUuid()),
        jti: pick("jti", randomUuid()),
        username: pick("username", "test-user"),
        tenant_id: pick("tenant_id", null),
        role: pick("role", "root"),
        exp: pick("exp", now + 3600),
        iat: pick("iat", now),
      };
      for (const k of Object.keys(ordered)) if (ordered[k] === undefined) delete ordered[k];
      return signJwt(key, ordered);
    },
    isRevoked(jti: string) {
      return store.revoked.has(canonicalUuid(jti) ?? jti);
    },
    serviceUserKeyWorks(id: string, apiKey: string) {
      const su = store.serviceUsers.get(canonicalUuid(id) ?? id);
      return su !== undefined && su.apiKey === apiKey;
    },
    setTokenCreatedAt(jti: string, createdAt: Date) {
      const record = store.tokens.get(canonicalUuid(jti) ?? jti);
      if (!record) throw new Error(`no recorded token ${jti}`);
      record.createdAt = timestampZ(createdAt.getTime(), 9);
    },
    async addTokens(userId: string, count: number, lifeSecs = 24 * 3600) {
      const user = store.users.get(canonicalUuid(userId) ?? userId);
      if (!user?.tenantId) throw new Error(`no tenant user ${userId}`);
      const ids: string[] = [];
      const iat = Math.floor(Date.now() / 1000);
      for (let i = 0; i < count; i++) {
        const jti = randomUuid();
        const claims = {
          sub: user.id,
          jti,
          username: user.username,
          tenant_id: user.tenantId,
          role: user.role,
          exp: iat + lifeSecs,
          iat,
        };
        store.tokens.set(jti, {
          id: jti,
          tenantId: user.tenantId,
          userId: user.id,
          username: user.username,
          expSecs: claims.exp,
          createdAt: timestampZ(Date.now(), 9),
          token: await signJwt(key, claims),
        });
        ids.push(jti);
      }
      return ids;
    },
    setServiceUserCreatedAt(id: string, createdAt: Date) {
      const su = store.serviceUsers.get(canonicalUuid(id) ?? id);
      if (!su) throw new Error(`no service user ${id}`);
      su.createdAt = timestampZ(createdAt.getTime(), 9);
    },
    grantCatalogPermission(userId: string, catalogName: string, actions = ["read"]) {
      const uid = canonicalUuid(userId) ?? userId;
      const tenant = store.users.get(uid)?.tenantId ?? store.serviceUsers.get(uid)?.tenantId;
      const catalog = store.catalogs.find((c) => c.tenantId === tenant && c.name === catalogName);
      if (!tenant || !catalog) throw new Error(`no catalog ${catalogName} for user ${userId}`);
      const id = randomUuid();
      store.permissions.push({
        id,
        userId: uid,
        tenantId: tenant,
        scope: { type: "catalog", catalog_id: catalog.id },
        actions,
        grantedBy: SEED.tenantAdmin.id,
        grantedAt: timestampZ(Date.now(), 9),
      });
      return id;
    },
    close() {
      if (!closed) {
        fault = null;
        for (const release of hanging) release();
        hanging.clear();
        closed = http.close();
      }
      return closed;
    },
  };
}

function requestId(sent: string | null): string {
  // Echo a well-formed client id, else generate one (spec 1.1).
  if (sent !== null && /^[A-Za-z0-9._-]{1,128}$/.test(sent)) return sent;
  return randomUuid();
}
