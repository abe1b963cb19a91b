/**
 * The real Pangolin server for end-to-end tests: finds the `pangolin_api` binary, starts it on
 * a free loopback port with an in-memory store, waits for `/health`, seeds fixtures through
 * its API, and stops it with SIGTERM. Without a usable binary the tier is skipped, and says so.
 */

const REPO_ROOT = new URL("../..", import.meta.url);

/** Where the binary comes from, or why there is none. */
export type BinaryLookup =
  | { found: true; path: string; source: "PANGOLIN_SERVER_BIN" | "../shared" }
  | { found: false; reason: string };

/**
 * The real server binary: `PANGOLIN_SERVER_BIN`, else `../shared/pangolin-server/pangolin_api`
 * beside the repository. A binary named by the variable but missing is a failure (someone asked
 * for it); a missing default only skips the tier.
 */
export function realServerBinary(repoRoot: URL = REPO_ROOT): BinaryLookup {
  const named = Deno.env.get("PANGOLIN_SERVER_BIN");
  if (named) {
    if (!isExecutable(named)) {
      throw new Error(`PANGOLIN_SERVER_BIN=${named} is not an executable file`);
    }
    return { found: true, path: named, source: "PANGOLIN_SERVER_BIN" };
  }
  const path = new URL("../shared/pangolin-server/pangolin_api", repoRoot).pathname;
  if (!isExecutable(path)) {
    return {
      found: false,
      reason: "no PANGOLIN_SERVER_BIN and no ../shared/pangolin-server/pangolin_api beside the " +
        "repository",
    };
  }
  // The shipped build is Linux x86-64 only; elsewhere it cannot start.
  if (Deno.build.os !== "linux" || Deno.build.arch !== "x86_64") {
    return {
      found: false,
      reason: `../shared/pangolin-server/pangolin_api is a Linux x86-64 build (this is ` +
        `${Deno.build.os} ${Deno.build.arch}); set PANGOLIN_SERVER_BIN to a build for this host`,
    };
  }
  return { found: true, path, source: "../shared" };
}

function isExecutable(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && (info.mode === null || (info.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

/** How to start one real server. */
export interface RealServerOptions {
  /** `PANGOLIN_AUTH_RATE_LIMIT`: 0 (the default here) turns the throttle off; "server-default"
   * leaves the variable unset so the server's own default (10 a minute) applies. */
  rateLimit?: number | "server-default";
  /** Further environment variables for the server (e.g. PANGOLIN_ALLOW_LEGACY_API_KEYS). */
  env?: Record<string, string>;
  /** How long to wait for `/health` (default 10 s). */
  startTimeoutMs?: number;
}

/** One HTTP exchange with the server, as the tests inspect it. */
export interface ApiReply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** How to send one request with `RealServer.request`. */
export interface RequestOptions {
  token?: string;
  /** A JSON value, sent with `Content-Type: application/json`. */
  body?: unknown;
  /** A raw body, sent as is (with `contentType` if given). */
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A running real server. */
export interface RealServer {
  url: string;
  port: number;
  pid: number;
  binary: string;
  /** Sends one request to `path` (which starts with `/`). */
  request(method: string, path: string, options?: RequestOptions): Promise<ApiReply>;
  /** Logs in and returns the token; throws unless the server answers 200. */
  login(username: string, password: string, tenantId?: string): Promise<string>;
  /** The root token from one login, kept for the server's life. */
  rootToken(): Promise<string>;
  /** What the server wrote to stdout and stderr so far (for failure messages). */
  log(): string;
  /** SIGTERM, then wait (SIGKILL after 5 s). Safe to call twice. */
  close(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  return btoa(String.fromCharCode(...bytes));
}

/** Starts the real server; throws (after stopping it) when it does not become healthy. */
export async function startRealServer(options: RealServerOptions = {}): Promise<RealServer> {
  const lookup = realServerBinary();
  if (!lookup.found) throw new Error(`real server unavailable: ${lookup.reason}`);
  const port = freePort();
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    PANGOLIN_STORAGE_TYPE: "memory",
    PANGOLIN_BIND_ADDRESS: "127.0.0.1",
    PORT: String(port),
    PANGOLIN_ROOT_USER: "admin",
    PANGOLIN_ROOT_PASSWORD: "password",
    PANGOLIN_DEV_MODE: "true",
    PANGOLIN_JWT_SECRET: randomSecret(),
    // An idle test server has nothing to drain; the default grace makes every stop take seconds.
    PANGOLIN_SHUTDOWN_GRACE_SECS: "0",
    RUST_LOG: "warn",
    NO_COLOR: "1",
    ...options.env,
  };
  const rateLimit = options.rateLimit ?? 0;
  if (rateLimit !== "server-default") env.PANGOLIN_AUTH_RATE_LIMIT = String(rateLimit);
  const child = new Deno.Command(lookup.path, {
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const decoder = new TextDecoder();
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) output += decoder.decode(chunk, { stream: true });
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      if (!exited) {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        const timer = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch { /* already gone */ }
        }, 5000);
        await status;
        clearTimeout(timer);
      }
      await drained;
    })();
    return closed;
  };

  const request = async (
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<ApiReply> => {
    const headers = new Headers(opts.headers);
    if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers.set("content-type", "application/json");
    } else if (opts.rawBody !== undefined) {
      body = opts.rawBody;
      if (opts.contentType) headers.set("content-type", opts.contentType);
    }
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  const login = async (username: string, password: string, tenantId?: string) => {
    const body: Record<string, unknown> = { username, password };
    if (tenantId) body["tenant-id"] = tenantId;
    const reply = await request("POST", "/api/v1/users/login", { body });
    if (reply.status !== 200) {
      throw new Error(`login as ${username} failed: ${reply.status} ${reply.text}`);
    }
    return (reply.json as { token: string }).token;
  };

  let root: Promise<string> | undefined;
  const server: RealServer = {
    url,
    port,
    pid: child.pid,
    binary: lookup.path,
    request,
    login,
    rootToken: () => (root ??= login("admin", "password")),
    log: () => output,
    close,
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  while (true) {
    if (exited) {
      await close();
      throw new Error(`pangolin_api exited before answering /health:\n${output}`);
    }
    try {
      const reply = await fetch(`${url}/health`);
      await reply.body?.cancel();
      if (reply.ok) return server;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`pangolin_api did not answer /health within the time limit:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The fixtures `seed` creates: one tenant with an admin, a user, a warehouse and catalogs. */
export interface Fixtures {
  tenantId: string;
  tenantName: string;
  tenantAdmin: { id: string; username: string; password: string };
  user: { id: string; username: string; password: string };
  warehouse: string;
  catalogs: { sales: string; marketing: string };
  /** alice's direct read permission on `sales`. */
  permissionId: string;
  /** A token of the tenant admin from one login. */
  adminToken: string;
}

async function expectStatus(
  reply: Promise<ApiReply>,
  status: number,
  what: string,
): Promise<ApiReply> {
  const r = await reply;
  if (r.status !== status) throw new Error(`seed: ${what}: ${r.status} ${r.text}`);
  return r;
}

/**
 * Seeds the fixtures the tests share, through the API as an admin would: tenant `acme` (or
 * `tenantName`), its admin `acme-admin`, user `alice`, warehouse `s3-main`, catalogs `sales` and
 * `marketing`, and alice's read permission on `sales`.
 */
export async function seed(server: RealServer, tenantName = "acme"): Promise<Fixtures> {
  const root = await server.rootToken();
  const tenant = await expectStatus(
    server.request("POST", "/api/v1/tenants", { token: root, body: { name: tenantName } }),
    201,
    "create tenant",
  );
  const tenantId = (tenant.json as { id: string }).id;
  const password = "password";
  const admin = await expectStatus(
    server.request("POST", "/api/v1/users", {
      token: root,
      body: {
        username: `${tenantName}-admin`,
        email: `${tenantName}-admin@example.invalid`,
        password,
        tenant_id: tenantId,
        role: "tenant-admin",
      },
    }),
    201,
    "create tenant admin",
  );
  const adminToken = await server.login(`${tenantName}-admin`, password, tenantId);
  const user = await expectStatus(
    server.request("POST", "/api/v1/users", {
      token: adminToken,
      body: {
        username: "alice",
        email: "alice@example.invalid",
        password,
        tenant_id: tenantId,
        role: "tenant-user",
      },
    }),
    201,
    "create alice",
  );
  await expectStatus(
    server.request("POST", "/api/v1/warehouses", {
      token: adminToken,
      body: { name: "s3-main", storage_config: { "s3.bucket": "lake", "s3.region": "us-east-1" } },
    }),
    201,
    "create warehouse",
  );
  const catalogs: Record<string, string> = {};
  for (const name of ["sales", "marketing"]) {
    const r = await expectStatus(
      server.request("POST", "/api/v1/catalogs", {
        token: adminToken,
        body: { name, warehouse_name: "s3-main", storage_location: `s3://lake/${name}` },
      }),
      201,
      `create catalog ${name}`,
    );
    catalogs[name] = (r.json as { id: string }).id;
  }
  const userId = (user.json as { id: string }).id;
  const permission = await expectStatus(
    server.request("POST", "/api/v1/permissions", {
      token: adminToken,
      body: {
        "user-id": userId,
        scope: { type: "catalog", catalog_id: catalogs.sales },
        actions: ["read"],
      },
    }),
    201,
    "grant alice read on sales",
  );
  return {
    tenantId,
    tenantName,
    tenantAdmin: {
      id: (admin.json as { id: string }).id,
      username: `${tenantName}-admin`,
      password,
    },
    user: { id: userId, username: "alice", password },
    warehouse: "s3-main",
    catalogs: { sales: catalogs.sales, marketing: catalogs.marketing },
    permissionId: (permission.json as { id: string }).id,
    adminToken,
  };
}

/** What a tier test gets: the running server and its fixtures. */
export interface RealContext {
  server: RealServer;
  fixtures: Fixtures;
}

/** Starts a server, seeds it, runs `body`, and stops the server in any case. */
export async function withRealServer(
  body: (ctx: RealContext) => Promise<void>,
  options: RealServerOptions = {},
): Promise<void> {
  const server = await startRealServer(options);
  try {
    await body({ server, fixtures: await seed(server) });
  } finally {
    await server.close();
  }
}

/**
 * Registers a test of the real-server tier with its own seeded server (share it between the
 * test's steps to keep time down). Without a binary nothing is registered: `tierStatus()` says
 * once, for the whole tier, that it was skipped and why.
 */
export function realTest(
  name: string,
  body: (t: Deno.TestContext, ctx: RealContext) => Promise<void>,
  options: RealServerOptions = {},
): void {
  if (!realServerBinary().found) return;
  Deno.test(name, (t) => withRealServer((ctx) => body(t, ctx), options));
}

/**
 * The tier's one status line, as a test name so that it shows under `deno test -q` (which
 * hides all test output): `real-server tier: ran (binary <path>)`, a test that starts the
 * server, or `real-server tier: skipped: <why>`, an ignored test. `.ci/run` repeats it.
 */
export function tierStatus(): void {
  const lookup = realServerBinary();
  if (!lookup.found) {
    Deno.test({ name: `real-server tier: skipped: ${lookup.reason}`, ignore: true, fn() {} });
    return;
  }
  Deno.test(`real-server tier: ran (binary ${lookup.path})`, async () => {
    const server = await startRealServer();
    try {
      const health = await server.request("GET", "/health");
      if (health.status !== 200) throw new Error(`/health answered ${health.status}`);
    } finally {
      await server.close();
    }
  });
}
