// Tests of the Pangolin test double itself (tests/server), checked against the management
// API reference (pangolin-api.md). The double is a test-only imitation, not the real server.

import assert from "node:assert/strict";
import { decodeJwtPayload, SEED, SEED_CATALOGS, startServer } from "./server/mod.ts";
import type { StartOptions, TestServer } from "./server/mod.ts";

const SECRET = "server-test-secret";
const ROOT_LOGIN = { username: SEED.rootUsername, password: SEED.rootPassword };
const ALICE = { username: SEED.user.username, password: SEED.user.password };

interface Res {
  status: number;
  headers: Headers;
  text: string;
  // deno-lint-ignore no-explicit-any
  json: () => any;
}

async function call(
  srv: TestServer,
  method: string,
  path: string,
  opts: {
    token?: string;
    json?: unknown;
    body?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers["authorization"] = `Bearer ${opts.token}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(opts.json);
  }
  const r = await fetch(srv.url + path, { method, headers, body });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text) };
}

async function login(
  srv: TestServer,
  who: { username: string; password: string },
  tenant?: string,
): Promise<string> {
  const body: Record<string, unknown> = { username: who.username, password: who.password };
  if (tenant) body["tenant-id"] = tenant;
  const r = await call(srv, "POST", "/api/v1/users/login", { json: body });
  assert.equal(r.status, 200, r.text);
  return r.json().token;
}

function withServer(
  name: string,
  fn: (srv: TestServer) => Promise<void>,
  options: StartOptions = {},
): void {
  Deno.test(name, async () => {
    const srv = await startServer({ jwtSecret: SECRET, ...options });
    try {
      await fn(srv);
    } finally {
      await srv.close();
    }
  });
}

withServer("public routes answer without credentials and are recorded as public", async (srv) => {
  const h = await call(srv, "GET", "/health");
  assert.equal(h.status, 200);
  const cfg = await call(srv, "GET", "/api/v1/app-config", {
    headers: { authorization: "Bearer garbage", "x-api-key": "nope" },
  });
  assert.deepEqual(cfg.json(), { auth_enabled: true });
  assert.equal(cfg.headers.get("content-type"), "application/json");
  assert.ok(cfg.headers.get("x-request-id"));
  assert.deepEqual(srv.requests.map((r) => r.kind), ["public", "public"]);
  srv.assertAllRouted();
});

withServer("root login: synthetic user, kebab-case body, +00:00 expiry", async (srv) => {
  const r = await call(srv, "POST", "/api/v1/users/login", { json: ROOT_LOGIN });
  assert.equal(r.status, 200);
  const body = r.json();
  assert.deepEqual(Object.keys(body), ["token", "user", "expires-at"]);
  assert.equal(body.user.id, "ffffffff-ffff-ffff-ffff-ffffffffffff");
  assert.equal(body.user["tenant-id"], null);
  assert.equal(body.user.role, "root");
  assert.equal(body.user.email, "root@pangolin.local");
  assert.match(body["expires-at"], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}\+00:00$/);
  const claims = decodeJwtPayload(body.token);
  assert.equal(claims.tenant_id, null);
  assert.equal(claims.sub, SEED.rootId);
});

withServer("JWT: HS256 header, claim order, verifiable with the secret", async (srv) => {
  const token = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const [h, p, s] = token.split(".");
  const dec = (x: string) =>
    new TextDecoder().decode(
      Uint8Array.from(atob(x.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0)),
    );
  assert.equal(dec(h), '{"typ":"JWT","alg":"HS256"}');
  const claims = JSON.parse(dec(p));
  assert.deepEqual(Object.keys(claims), [
    "sub",
    "jti",
    "username",
    "tenant_id",
    "role",
    "exp",
    "iat",
  ]);
  assert.equal(claims.sub, SEED.tenantAdmin.id);
  assert.equal(claims.tenant_id, SEED.tenantId);
  assert.equal(claims.role, "tenant-admin");
  assert.equal(claims.exp - claims.iat, 24 * 3600);
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(SECRET),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const sig = Uint8Array.from(
    atob(s.replaceAll("-", "+").replaceAll("_", "/")),
    (c) => c.charCodeAt(0),
  );
  assert.ok(await crypto.subtle.verify("HMAC", key, sig, new TextEncoder().encode(`${h}.${p}`)));
});

withServer("login: tenant users, aliases and every 401 text", async (srv) => {
  const path = "/api/v1/users/login";
  const alice = await call(srv, "POST", path, {
    json: { username: "alice", password: "password", tenant_id: SEED.tenantId.toUpperCase() },
  });
  assert.equal(alice.status, 200);
  assert.equal(alice.json().user["tenant-id"], SEED.tenantId);
  const both = await call(srv, "POST", path, {
    json: { ...ALICE, "tenant-id": SEED.tenantId, tenant_id: SEED.tenantId },
  });
  assert.equal(both.status, 422);
  assert.match(
    both.text,
    /^Failed to deserialize the JSON body into the target type: \.: duplicate/,
  );
  const cases: [Record<string, unknown>, string][] = [
    [{ ...ALICE, password: "wrong", "tenant-id": SEED.tenantId }, "Invalid credentials"],
    [{ ...ALICE }, "Tenant users must login with tenant_id"],
    [{ username: "nobody", password: "x" }, "Invalid credentials"],
    [{ ...ROOT_LOGIN, password: "wrong" }, "Invalid credentials"],
    [{ ...ROOT_LOGIN, "tenant-id": SEED.tenantId }, "Invalid credentials"],
  ];
  for (const [json, message] of cases) {
    const r = await call(srv, "POST", path, { json });
    assert.equal(r.status, 401);
    assert.equal(r.text, message);
    assert.equal(r.headers.get("content-type"), "text/plain; charset=utf-8");
  }
});

withServer("extractor errors: 415, 400 (empty body), 422 (unknown field)", async (srv) => {
  const path = "/api/v1/users/login";
  const noType = await call(srv, "POST", path, { body: JSON.stringify(ROOT_LOGIN) });
  assert.equal(noType.status, 415);
  assert.equal(noType.text, "Expected request with `Content-Type: application/json`");
  const emptyBody = await call(srv, "POST", path, {
    body: "",
    headers: { "content-type": "application/json" },
  });
  assert.equal(emptyBody.status, 400);
  assert.equal(
    emptyBody.text,
    "Failed to parse the request body as JSON: .: EOF while parsing a value at line 1 column 0",
  );
  const unknown = await call(srv, "POST", path, { json: { ...ROOT_LOGIN, extra: 1 } });
  assert.equal(unknown.status, 422);
  assert.equal(
    unknown.text,
    "Failed to deserialize the JSON body into the target type: extra: unknown field `extra`, " +
      "expected one of `username`, `password`, `tenant-id`, `tenant_id` at line 1 column 49",
  );
  const missing = await call(srv, "POST", path, { json: { username: "admin" } });
  assert.equal(missing.status, 422);
  assert.match(missing.text, /missing field `password` at line 1 column 20$/);
  // Validation runs before authorization: a tenant user's bad body is 422, not 403.
  const alice = await login(srv, SEED.user, SEED.tenantId);
  const bad = await call(srv, "POST", "/api/v1/tenants", {
    token: alice,
    json: { name: "x", admin_username: "y" },
  });
  assert.equal(bad.status, 422);
  const forbidden = await call(srv, "POST", "/api/v1/tenants", {
    token: alice,
    json: { name: "x" },
  });
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.text, "Only Root can create tenants");
  const badUuid = await call(srv, "GET", "/api/v1/users/not-a-uuid", { token: alice });
  assert.equal(badUuid.status, 400);
  assert.match(badUuid.text, /^Invalid URL: UUID parsing failed: /);
  const badQuery = await call(srv, "GET", "/api/v1/users?limit=abc", { token: alice });
  assert.equal(badQuery.status, 400);
  assert.equal(
    badQuery.text,
    "Failed to deserialize query string: invalid digit found in string",
  );
});

withServer("bearer checks: expiry leeway, missing jti, bad signature, prefixes", async (srv) => {
  const now = Math.floor(Date.now() / 1000);
  const me = (token: string) => call(srv, "GET", "/api/v1/users/me", { token });
  assert.equal((await me(await srv.mintJwt({ exp: now - 10 }))).text, "Token expired");
  assert.equal((await me(await srv.mintJwt({ exp: now - 120 }))).text, "Invalid token");
  assert.equal((await me(await srv.mintJwt({ jti: undefined }))).text, "Invalid token");
  assert.equal((await me(await srv.mintJwt({ role: "Root" }))).text, "Invalid token");
  assert.equal((await me(await srv.mintJwt({ tenant_id: "" }))).text, "Invalid session");
  const good = await srv.mintJwt({});
  assert.equal((await me(good)).status, 200);
  assert.equal((await me(good.slice(0, -2) + "AA")).text, "Invalid token");
  const lower = await call(srv, "GET", "/api/v1/users/me", {
    headers: { authorization: `bearer ${good}` },
  });
  assert.equal(lower.status, 401);
  assert.equal(lower.text, "Missing or invalid authorization header");
  const none = await call(srv, "GET", "/api/v1/users/me");
  assert.equal(none.text, "Missing or invalid authorization header");
});

withServer("revocation is enforced; revoke needs a JSON body", async (srv) => {
  const token = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const jti = decodeJwtPayload(token).jti as string;
  const noType = await call(srv, "POST", "/api/v1/auth/revoke", { token });
  assert.equal(noType.status, 415);
  const emptyBody = await call(srv, "POST", "/api/v1/auth/revoke", {
    token,
    body: "",
    headers: { "content-type": "application/json" },
  });
  assert.equal(emptyBody.status, 400);
  const ok = await call(srv, "POST", "/api/v1/auth/revoke", { token, json: {} });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json(), { message: "Token revoked successfully. Please log in again." });
  assert.ok(srv.isRevoked(jti));
  const after = await call(srv, "GET", "/api/v1/users/me", { token });
  assert.equal(after.status, 401);
  assert.equal(after.text, "Token has been revoked");
  const root = await login(srv, ROOT_LOGIN);
  const someId = crypto.randomUUID().toUpperCase();
  const byId = await call(srv, "POST", `/api/v1/auth/revoke/${someId}`, { token: root, json: {} });
  assert.equal(byId.status, 200);
  assert.deepEqual(byId.json(), { message: `Token ${someId.toLowerCase()} revoked successfully` });
  const del = await call(srv, "DELETE", `/api/v1/tokens/${crypto.randomUUID()}`, { token: root });
  assert.equal(del.status, 204);
});

withServer("rotating a root token locks it out with Invalid session", async (srv) => {
  const root = await login(srv, ROOT_LOGIN);
  const r = await call(srv, "POST", "/api/v1/tokens/rotate", { token: root });
  assert.equal(r.status, 200);
  const body = r.json();
  assert.equal(body.tenant_id, "");
  assert.match(body.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  assert.equal(decodeJwtPayload(body.token).tenant_id, "");
  const fresh = await call(srv, "GET", "/api/v1/users/me", { token: body.token });
  assert.equal(fresh.status, 401);
  assert.equal(fresh.text, "Invalid session");
  const old = await call(srv, "GET", "/api/v1/users/me", { token: root });
  assert.equal(old.text, "Token has been revoked");
});

withServer("logout is cosmetic: 204 and the token keeps working", async (srv) => {
  const token = await login(srv, SEED.user, SEED.tenantId);
  const out = await call(srv, "POST", "/api/v1/users/logout", { token });
  assert.equal(out.status, 204);
  assert.equal(out.text, "");
  const me = await call(srv, "GET", "/api/v1/users/me", { token });
  assert.equal(me.status, 200);
  assert.equal(me.json().username, "alice");
});

withServer("token listings: session tenant only, login tokens never listed", async (srv) => {
  const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const root = await login(srv, ROOT_LOGIN);
  const mine = await call(srv, "GET", "/api/v1/users/me/tokens", { token: admin });
  assert.deepEqual(mine.json(), []);
  const minted = await call(srv, "POST", "/api/v1/tokens", {
    token: admin,
    json: { tenant_id: SEED.tenantId, username: "alice", expires_in_hours: 2 },
  });
  assert.equal(minted.status, 200);
  assert.equal(minted.json().tenant_id, SEED.tenantId);
  const claims = decodeJwtPayload(minted.json().token);
  assert.equal(claims.sub, SEED.user.id);
  assert.equal(claims.role, "tenant-user");
  const asAdmin = await call(srv, "GET", `/api/v1/users/${SEED.user.id}/tokens`, { token: admin });
  const list = asAdmin.json();
  assert.equal(list.length, 1);
  assert.equal(list[0].id, claims.jti);
  assert.equal(list[0].is_valid, true);
  assert.equal(list[0].token, minted.json().token);
  assert.match(list[0].expires_at, /Z$/);
  const asRoot = await call(srv, "GET", `/api/v1/users/${SEED.user.id}/tokens`, { token: root });
  assert.deepEqual(asRoot.json(), []);
  const other = await call(srv, "POST", "/api/v1/tokens", {
    token: admin,
    json: { tenant_id: crypto.randomUUID() },
  });
  assert.equal(other.status, 403);
  assert.equal(other.text, "Cannot mint a token for another tenant");
  const higher = await call(srv, "POST", "/api/v1/tokens", {
    token: admin,
    json: { tenant_id: SEED.tenantId, roles: ["root"] },
  });
  assert.equal(higher.text, "Cannot mint a token more privileged than the caller");
  const zero = await call(srv, "POST", "/api/v1/tokens", {
    token: root,
    json: { tenant_id: SEED.tenantId, expires_in_hours: 0 },
  });
  const dead = await call(srv, "GET", "/api/v1/users/me", { token: zero.json().token });
  assert.equal(dead.text, "Token expired");
});

withServer("API keys are refused unless legacy keys are enabled", async (srv) => {
  const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const bad = await call(srv, "POST", "/api/v1/service-users", {
    token: admin,
    json: { name: "etl", role: "TenantUser" },
  });
  assert.equal(bad.status, 422);
  const created = await call(srv, "POST", "/api/v1/service-users", {
    token: admin,
    json: { name: "etl", role: "tenant-user" },
  });
  assert.equal(created.status, 201);
  const su = created.json();
  assert.match(su.api_key, /^pgl_[A-Za-z0-9]{64}$/);
  assert.equal(su.tenant_id, SEED.tenantId);
  const refused = await call(srv, "GET", "/api/v1/users/me", {
    token: admin,
    headers: { "x-api-key": su.api_key },
  });
  assert.equal(refused.status, 401);
  assert.equal(refused.text, "Invalid or expired API key");
  const rec = await call(srv, "GET", `/api/v1/service-users/${su.id}`, { token: admin });
  assert.match(rec.json()["api-key-hash"], /^\$2b\$12\$.{53}$/);
  assert.equal(rec.json()["last-used"], null);
});

withServer("API keys work with legacyApiKeys and win over Authorization", async (srv) => {
  const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const su = (await call(srv, "POST", "/api/v1/service-users", {
    token: admin,
    json: { name: "bot", role: "tenant-admin" },
  })).json();
  const me = await call(srv, "GET", "/api/v1/users/me", {
    token: "not-a-jwt",
    headers: { "x-api-key": su.api_key },
  });
  assert.equal(me.status, 200);
  assert.equal(me.json().id, su.id);
  const rec = await call(srv, "GET", `/api/v1/service-users/${su.id}`, { token: admin });
  assert.notEqual(rec.json()["last-used"], null);
  const revoke = await call(srv, "POST", "/api/v1/auth/revoke", {
    json: {},
    headers: { "x-api-key": su.api_key },
  });
  assert.equal(revoke.status, 400);
  assert.equal(revoke.text, "This session is not backed by a revocable token");
  const rotated = await call(srv, "POST", `/api/v1/service-users/${su.id}/rotate`, {
    token: admin,
  });
  assert.equal(rotated.status, 200);
  assert.equal(srv.serviceUserKeyWorks(su.id, su.api_key), false);
  assert.equal(srv.serviceUserKeyWorks(su.id, rotated.json().api_key), true);
  const old = await call(srv, "GET", "/api/v1/users/me", { headers: { "x-api-key": su.api_key } });
  assert.equal(old.status, 401);
}, { legacyApiKeys: true });

withServer("OAuth client credentials yields a usable 1 h JWT", async (srv) => {
  const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const su = (await call(srv, "POST", "/api/v1/service-users", {
    token: admin,
    json: { name: "spark", role: "tenant-user" },
  })).json();
  const form = (secret: string) =>
    new URLSearchParams({
      grant_type: "client_credentials",
      client_id: su.id,
      client_secret: secret,
    }).toString();
  const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
  const r = await call(srv, "POST", "/v1/anything/v1/oauth/tokens", {
    body: form(su.api_key),
    headers: formHeaders,
  });
  assert.equal(r.status, 200);
  const body = r.json();
  assert.equal(body.token_type, "Bearer");
  assert.equal(body.expires_in, 3600);
  const me = await call(srv, "GET", "/api/v1/users/me", { token: body.access_token });
  assert.equal(me.json().id, su.id);
  const wrong = await call(srv, "POST", "/api/v1/iceberg/x/oauth/tokens", {
    body: form("pgl_wrong"),
    headers: formHeaders,
  });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.json(), { error: "Invalid client_secret" });
  const rec = await call(srv, "GET", `/api/v1/service-users/${su.id}`, { token: admin });
  assert.notEqual(rec.json()["last-used"], null);
  srv.assertAllRouted();
});

withServer(
  "unknown routes: 401 unauthenticated, 404/405 authenticated, all recorded",
  async (s) => {
    const root = await login(s, ROOT_LOGIN);
    s.clearRequests();
    const anon = await call(s, "GET", "/api/v1/auth/login");
    assert.equal(anon.status, 401);
    const missing = await call(s, "GET", "/api/v1/nope", { token: root });
    assert.equal(missing.status, 404);
    assert.equal(missing.text, "");
    const slash = await call(s, "GET", "/api/v1/users/", { token: root });
    assert.equal(slash.status, 404);
    const wrongMethod = await call(s, "GET", "/api/v1/users/login");
    assert.equal(wrongMethod.status, 405);
    const putMe = await call(s, "PUT", "/api/v1/users/me", { token: root, json: {} });
    assert.equal(putMe.status, 405);
    const tokRevoke = await call(s, "POST", "/api/v1/tokens/revoke", { token: root });
    assert.equal(tokRevoke.status, 405);
    const warehouses = await call(s, "GET", "/api/v1/warehouses/w/credentials", { token: root });
    assert.equal(warehouses.status, 501);
    assert.equal(warehouses.text, "not simulated by the test double");
    assert.deepEqual(
      s.offRouteRequests().map((r) => `${r.status} ${r.kind}`),
      [
        "401 unrouted",
        "404 unrouted",
        "404 unrouted",
        "405 unrouted",
        "405 unrouted",
        "405 unrouted",
        "501 unsimulated",
      ],
    );
    assert.throws(() => s.assertAllRouted(), /GET \/api\/v1\/nope -> 404 \(unrouted\)/);
    s.clearRequests();
    s.assertAllRouted();
  },
);

withServer("rate limit: shared per-address counter, nested 429 with retry-after", async (srv) => {
  for (let i = 0; i < 2; i++) await login(srv, ROOT_LOGIN);
  const bad = await call(srv, "POST", "/api/v1/tokens", { body: "{" });
  assert.equal(bad.status, 401);
  const refused = await call(srv, "POST", "/api/v1/users/login", { body: "not even json" });
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("retry-after"), "30");
  assert.deepEqual(refused.json(), {
    error: {
      message: "too many authentication attempts; try again later",
      type: "TooManyRequests",
      code: 429,
    },
  });
}, { rateLimit: 3, rateWindowSecs: 30 });

withServer("faults: html-502, invalid-json, empty-200, times, reset", async (srv) => {
  srv.setFault({ kind: "html-502", path: "/api/v1/*", times: 1 });
  const a = await call(srv, "GET", "/api/v1/app-config");
  assert.equal(a.status, 502);
  assert.equal(a.headers.get("content-type"), "text/html");
  assert.equal(a.text, "<html><body><h1>502 Bad Gateway</h1></body></html>");
  assert.equal((await call(srv, "GET", "/api/v1/app-config")).status, 200);
  srv.setFault({ kind: "invalid-json", path: "/api/v1/app-config" });
  assert.equal((await call(srv, "GET", "/api/v1/app-config")).text, '{"oops":');
  assert.equal((await call(srv, "GET", "/health")).status, 200);
  srv.setFault({ kind: "empty-200" });
  const e = await call(srv, "GET", "/health");
  assert.equal(e.status, 200);
  assert.equal(e.text, "");
  srv.setFault({ kind: "reset" });
  await assert.rejects(fetch(srv.url + "/health"));
  srv.setFault(null);
  assert.equal((await call(srv, "GET", "/health")).status, 200);
});

Deno.test("faults: hang is released by close()", async () => {
  const srv = await startServer();
  srv.setFault({ kind: "hang" });
  const pending = fetch(srv.url + "/health");
  for (let i = 0; i < 100 && srv.requests.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(srv.requests.length, 1);
  assert.equal(srv.requests[0].status, 0);
  await srv.close();
  await assert.rejects(pending);
});

withServer("catalogs: tenant-user filter, root may not create", async (srv) => {
  const alice = await login(srv, SEED.user, SEED.tenantId);
  const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const root = await login(srv, ROOT_LOGIN);
  const seen = await call(srv, "GET", "/api/v1/catalogs", { token: alice });
  assert.deepEqual(seen.json().map((c: { name: string }) => c.name), ["sales"]);
  const all = await call(srv, "GET", "/api/v1/catalogs", { token: admin });
  assert.deepEqual(all.json().map((c: { name: string }) => c.name), ["marketing", "sales"]);
  const viaHeader = await call(srv, "GET", "/api/v1/catalogs?limit=1&offset=1", {
    token: root,
    headers: { "x-pangolin-tenant": SEED.tenantId },
  });
  assert.deepEqual(viaHeader.json().map((c: { id: string }) => c.id), [SEED_CATALOGS.sales.id]);
  const rootCreate = await call(srv, "POST", "/api/v1/catalogs", {
    token: root,
    json: { name: "x" },
  });
  assert.equal(rootCreate.status, 403);
  assert.equal(rootCreate.text, "Root user cannot create catalogs. Please login as Tenant Admin.");
  const strict = await call(srv, "POST", "/api/v1/catalogs", {
    token: admin,
    json: { name: "x", warehouse: "w" },
  });
  assert.equal(strict.status, 422);
  const made = await call(srv, "POST", "/api/v1/catalogs", { token: alice, json: { name: "x" } });
  assert.equal(made.status, 201);
  assert.equal(made.json().catalog_type, "Local");
  const got = await call(srv, "GET", "/api/v1/catalogs/marketing", { token: alice });
  assert.equal(got.status, 200);
});

withServer("users and tenants: odd statuses and casing", async (srv) => {
  const root = await login(srv, ROOT_LOGIN);
  const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const upd = await call(srv, "PUT", `/api/v1/users/${SEED.user.id}`, {
    token: admin,
    json: { email: "a@b.c", active: false },
  });
  assert.equal(upd.status, 200);
  assert.equal(upd.text, "User updated");
  assert.equal(upd.headers.get("content-type"), "text/plain; charset=utf-8");
  const del = await call(srv, "DELETE", `/api/v1/users/${crypto.randomUUID()}`, { token: admin });
  assert.equal(del.status, 500);
  assert.equal(del.text, "Failed to delete user: User not found");
  const rootUser = await call(srv, "POST", "/api/v1/users", {
    token: root,
    json: {
      username: "u",
      email: "u@x",
      password: "p",
      tenant_id: SEED.tenantId,
      role: "tenant-user",
    },
  });
  assert.equal(rootUser.status, 403);
  const created = await call(srv, "POST", "/api/v1/users", {
    token: root,
    json: {
      username: "boss",
      email: "b@x",
      password: "p",
      tenant_id: SEED.tenantId,
      role: "tenant-admin",
    },
  });
  assert.equal(created.status, 201);
  assert.equal(created.json()["tenant-id"], SEED.tenantId);
  const listed = await call(srv, "GET", "/api/v1/users", { token: admin });
  assert.deepEqual(
    listed.json().map((u: { username: string }) => u.username),
    ["acme-admin", "alice", "boss"],
  );
  const tenants = await call(srv, "GET", "/api/v1/tenants", { token: admin });
  assert.equal(tenants.status, 403);
  assert.deepEqual(tenants.json(), { error: "Only Root can list tenants" });
  const own = await call(srv, "GET", `/api/v1/tenants/${SEED.tenantId.replaceAll("-", "")}`, {
    token: admin,
  });
  assert.deepEqual(own.json(), { id: SEED.tenantId, name: "acme", properties: {} });
  const all = await call(srv, "GET", "/api/v1/tenants", { token: root });
  assert.deepEqual(all.json().map((t: { name: string }) => t.name), ["acme", "default"]);
});

withServer("sql backend: service-user rotation always fails with 500 JSON", async (srv) => {
  const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  const su = (await call(srv, "POST", "/api/v1/service-users", {
    token: admin,
    json: { name: "bot", role: "tenant-user" },
  })).json();
  const r = await call(srv, "POST", `/api/v1/service-users/${su.id}/rotate`, { token: admin });
  assert.equal(r.status, 500);
  assert.match(r.json().error, /^Failed to rotate API key: /);
  assert.ok(srv.serviceUserKeyWorks(su.id, su.api_key));
  const del = await call(srv, "DELETE", `/api/v1/service-users/${su.id}`, { token: admin });
  assert.deepEqual([del.status, del.json()], [200, { status: "deleted" }]);
}, { backend: "sql" });

withServer("basic root auth when enabled", async (srv) => {
  const basic = (u: string, p: string) => ({ authorization: `Basic ${btoa(`${u}:${p}`)}` });
  const ok = await call(srv, "GET", "/api/v1/users/me", { headers: basic("admin", "password") });
  assert.equal(ok.status, 200);
  assert.equal(ok.json().username, "root");
  const bad = await call(srv, "GET", "/api/v1/users/me", { headers: basic("admin", "nope") });
  assert.equal(bad.text, "Invalid credentials");
}, { basicAuth: true });

withServer("cleanup, cascade delete and other id-addressed quirks", async (srv) => {
  const root = await login(srv, ROOT_LOGIN);
  const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
  await call(srv, "POST", "/api/v1/tokens", {
    token: root,
    json: { tenant_id: SEED.tenantId, expires_in_hours: 0 },
  });
  const clean = await call(srv, "POST", "/api/v1/auth/cleanup-tokens", { token: admin });
  assert.deepEqual(clean.json(), { message: "Cleaned up 1 expired tokens", count: 1 });
  const alice = await login(srv, SEED.user, SEED.tenantId);
  const denied = await call(srv, "POST", "/api/v1/auth/cleanup-tokens", { token: alice });
  assert.deepEqual([denied.status, denied.text], [403, "Admin access required"]);
  const upd = await call(srv, "PUT", `/api/v1/service-users/${crypto.randomUUID()}`, {
    token: admin,
    json: { active: false },
  });
  assert.equal(upd.status, 500);
  assert.deepEqual(upd.json(), {
    error: "Failed to update service user: Service user not found",
  });
  // X-Pangolin-Tenant is ignored for non-root sessions.
  const users = await call(srv, "GET", "/api/v1/users", {
    token: alice,
    headers: { "x-pangolin-tenant": "00000000-0000-0000-0000-000000000000" },
  });
  assert.equal(users.json().length, 2);
  const tenant = (await call(srv, "POST", "/api/v1/tenants", {
    token: root,
    json: { name: "temp", properties: { owner: "qa" } },
  })).json();
  const boss = (await call(srv, "POST", "/api/v1/users", {
    token: root,
    json: {
      username: "b",
      email: "b@t",
      password: "p",
      tenant_id: tenant.id,
      role: "tenant-admin",
    },
  })).json();
  const gone = await call(srv, "DELETE", `/api/v1/tenants/${tenant.id}`, { token: root });
  assert.equal(gone.status, 204);
  const lookup = await call(srv, "GET", `/api/v1/users/${boss.id}`, { token: root });
  assert.deepEqual([lookup.status, lookup.text], [404, "User not found"]);
  const missing = await call(srv, "GET", `/api/v1/tenants/${tenant.id}`, { token: root });
  assert.deepEqual(missing.json(), { error: "Tenant not found" });
  srv.assertAllRouted();
});

withServer(
  "token listings follow every change, and addTokens records listed, working tokens",
  async (srv) => {
    const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
    const path = `/api/v1/users/${SEED.user.id}/tokens`;
    const ids = async (query = "") =>
      (await call(srv, "GET", path + query, { token: admin })).json().map((t: { id: string }) =>
        t.id
      );
    const added = await srv.addTokens(SEED.user.id, 5);
    assert.deepEqual(new Set(await ids()), new Set(added));
    // Pages of the same (unchanged) listing line up; a change shows on the next page read.
    const first = await ids("?limit=2&offset=0");
    const minted = await call(srv, "POST", "/api/v1/tokens", {
      token: admin,
      json: { tenant_id: SEED.tenantId, username: SEED.user.username },
    });
    assert.equal(minted.status, 200);
    assert.equal((await ids()).length, 6);
    assert.equal(first.length, 2);
    const revoked = await call(srv, "POST", `/api/v1/auth/revoke/${added[0]}`, {
      token: admin,
      json: {},
    });
    assert.equal(revoked.status, 200);
    assert.equal((await ids()).includes(added[0]), false);
    assert.equal((await ids()).length, 5);
    // A recorded token is a real session of alice.
    const token = (await call(srv, "GET", path, { token: admin })).json()[0].token;
    const me = await call(srv, "GET", "/api/v1/users/me", { token });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json().username, SEED.user.username);
  },
);

withServer(
  "a token listing read twice follows each change in between: create, rotate, revokes, " +
    "delete, expiry by time, cleanup and tenant delete",
  async (srv) => {
    const admin = await login(srv, SEED.tenantAdmin, SEED.tenantId);
    const ids = async (path: string, token: string) => {
      const r = await call(srv, "GET", path, { token });
      assert.equal(r.status, 200, r.text);
      return r.json().map((t: { id: string }) => t.id) as string[];
    };
    const alices = () => ids(`/api/v1/users/${SEED.user.id}/tokens?limit=50&offset=0`, admin);
    const jtiOf = (token: string) => decodeJwtPayload(token).jti as string;
    const added = await srv.addTokens(SEED.user.id, 3);
    assert.deepEqual(new Set(await alices()), new Set(added));

    const mint = async () => {
      const r = await call(srv, "POST", "/api/v1/tokens", {
        token: admin,
        json: { tenant_id: SEED.tenantId, username: SEED.user.username },
      });
      assert.equal(r.status, 200, r.text);
      return r.json().token as string;
    };
    const minted = await mint();
    assert.deepEqual(new Set(await alices()), new Set([...added, jtiOf(minted)]));

    await call(srv, "POST", `/api/v1/auth/revoke/${added[0]}`, { token: admin, json: {} });
    assert.equal((await alices()).includes(added[0]), false);
    const del = await call(srv, "DELETE", `/api/v1/tokens/${added[1]}`, { token: admin });
    assert.equal(del.status, 204);
    assert.deepEqual(new Set(await alices()), new Set([added[2], jtiOf(minted)]));

    // Alice's own listing: rotating records the new token and revokes the one rotated.
    const mine = (token: string) => ids("/api/v1/users/me/tokens", token);
    assert.deepEqual(new Set(await mine(minted)), new Set([added[2], jtiOf(minted)]));
    const rotated = await call(srv, "POST", "/api/v1/tokens/rotate", { token: minted });
    assert.equal(rotated.status, 200, rotated.text);
    const fresh = rotated.json().token as string;
    assert.deepEqual(new Set(await mine(fresh)), new Set([added[2], jtiOf(fresh)]));
    const self = await call(srv, "POST", "/api/v1/auth/revoke", { token: fresh, json: {} });
    assert.equal(self.status, 200, self.text);
    assert.deepEqual(await alices(), [added[2]]);

    // Expiry by time, with no request changing anything: a token that lives two seconds leaves
    // the listing when it expires. A one-hour token whose revocation ends as soon stays out
    // after that until a cleanup removes the revocation (spec 7.1).
    const [brief] = await srv.addTokens(SEED.user.id, 1, 2);
    const briefExp = Math.floor(Date.now() / 1000) + 2;
    const [hour] = await srv.addTokens(SEED.user.id, 1, 3600);
    const shortSession = await srv.mintJwt({
      sub: SEED.user.id,
      jti: hour,
      username: SEED.user.username,
      tenant_id: SEED.tenantId,
      role: "tenant-user",
      exp: briefExp,
    });
    const ended = await call(srv, "POST", "/api/v1/auth/revoke", {
      token: shortSession,
      json: {},
    });
    assert.equal(ended.status, 200, ended.text);
    assert.deepEqual(new Set(await alices()), new Set([added[2], brief]));
    while (Date.now() <= briefExp * 1000) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await alices(), [added[2]]);
    const clean = await call(srv, "POST", "/api/v1/auth/cleanup-tokens", { token: admin });
    assert.equal(clean.status, 200, clean.text);
    assert.deepEqual(await alices(), [added[2], hour]);

    // Deleting a tenant takes its users' tokens with it; the caller's JWT stays valid.
    const root = await login(srv, ROOT_LOGIN);
    const tenant = (await call(srv, "POST", "/api/v1/tenants", {
      token: root,
      json: { name: "short-lived", properties: {} },
    })).json();
    const boss = (await call(srv, "POST", "/api/v1/users", {
      token: root,
      json: {
        username: "boss",
        email: "boss@t",
        password: "p",
        tenant_id: tenant.id,
        role: "tenant-admin",
      },
    })).json();
    const bossSession = await srv.mintJwt({
      sub: boss.id,
      username: "boss",
      tenant_id: tenant.id,
      role: "tenant-admin",
    });
    const bosses = () => ids(`/api/v1/users/${boss.id}/tokens`, bossSession);
    const bossTokens = await srv.addTokens(boss.id, 2);
    assert.deepEqual(new Set(await bosses()), new Set(bossTokens));
    const gone = await call(srv, "DELETE", `/api/v1/tenants/${tenant.id}`, { token: root });
    assert.equal(gone.status, 204);
    assert.deepEqual(await bosses(), []);
    srv.assertAllRouted();
  },
);
