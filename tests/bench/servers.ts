/**
 * The two servers the benchmarks run against, behind one shape: the test double (in this
 * process) and the real Pangolin server (`pangolin_api`, a child process), and the set-up both
 * take through the API: a tenant, its admin, users and recorded tokens.
 */
import { startRealServer } from "../real/harness.ts";
import { startServer, type TestServer } from "../server/mod.ts";

export { realServerBinary } from "../real/harness.ts";

/** A running server for the benchmarks. */
export interface BenchServer {
  kind: "double" | "real";
  url: string;
  /** The double itself (for its extras), when it is the double. */
  double?: TestServer;
  /** Peak resident memory of the server process so far (MB), when it is a child. */
  peakMb(): number | undefined;
  close(): Promise<void>;
}

/** Starts the double on a free loopback port. */
export async function startDouble(): Promise<BenchServer> {
  const double = await startServer();
  return { kind: "double", url: double.url, double, peakMb: () => undefined, close: double.close };
}

/** Starts `pangolin_api` with the real-server tier's harness (in-memory store, throttle off). */
export async function startReal(): Promise<BenchServer> {
  const real = await startRealServer();
  return { kind: "real", url: real.url, peakMb: () => peakMbOf(real.pid), close: real.close };
}

/** VmHWM of a live process, in MB. */
export function peakMbOf(pid: number): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function call<T>(
  url: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined as T;
}

/** A tenant made for a benchmark: its id, its admin's token and credentials. */
export interface BenchTenant {
  id: string;
  adminToken: string;
  adminUsername: string;
  adminPassword: string;
}

export const BENCH_PASSWORD = "bench-Passw0rd-long";

/** Root creates a tenant and its admin; the admin logs in. */
export async function createTenant(server: BenchServer, name: string): Promise<BenchTenant> {
  const login = await call<{ token: string }>(server.url, "POST", "/api/v1/users/login", "", {
    username: "admin",
    password: "password",
  });
  const tenant = await call<{ id: string }>(server.url, "POST", "/api/v1/tenants", login.token, {
    name,
  });
  const adminUsername = `${name}-admin`;
  await call(server.url, "POST", "/api/v1/users", login.token, {
    username: adminUsername,
    email: `${adminUsername}@bench.invalid`,
    password: BENCH_PASSWORD,
    role: "tenant-admin",
    tenant_id: tenant.id,
  });
  const admin = await call<{ token: string }>(server.url, "POST", "/api/v1/users/login", "", {
    username: adminUsername,
    password: BENCH_PASSWORD,
    "tenant-id": tenant.id,
  });
  return {
    id: tenant.id,
    adminToken: admin.token,
    adminUsername,
    adminPassword: BENCH_PASSWORD,
  };
}

/** Runs `work` over 0..n-1, `concurrency` at a time. */
async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) await work(next++);
  }));
}

/** Creates tenant users `${prefix}0..`; returns their ids in order. */
export async function createUsers(
  server: BenchServer,
  tenant: BenchTenant,
  prefix: string,
  count: number,
): Promise<string[]> {
  const ids: string[] = new Array(count);
  await pool(count, 16, async (i) => {
    const user = await call<{ id: string }>(
      server.url,
      "POST",
      "/api/v1/users",
      tenant.adminToken,
      {
        username: `${prefix}${i}`,
        email: `${prefix}${i}@bench.invalid`,
        password: BENCH_PASSWORD,
        role: "tenant-user",
        tenant_id: tenant.id,
      },
    );
    ids[i] = user.id;
  });
  return ids;
}

/**
 * Records `perUser` tokens for each named user through POST /api/v1/tokens (the double's
 * addTokens extra instead when `direct` is set: a million requests to it take minutes).
 */
export async function mintTokens(
  server: BenchServer,
  tenant: BenchTenant,
  users: { id: string; username: string }[],
  perUser: number,
  direct = false,
): Promise<void> {
  if (direct && server.double) {
    for (const u of users) await server.double.addTokens(u.id, perUser);
    return;
  }
  const total = users.length * perUser;
  await pool(total, 16, async (i) => {
    await call(server.url, "POST", "/api/v1/tokens", tenant.adminToken, {
      tenant_id: tenant.id,
      username: users[i % users.length].username,
    });
  });
}
