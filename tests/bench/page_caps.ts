/**
 * Which list routes of the real server cap `limit`: for every route the CLI pages, creates more
 * items than a page of PAGE_SIZE holds, asks for one page of PAGE_SIZE and for everything, and
 * prints how many came back. A route that answers fewer than it holds caps `limit` at that many.
 * The per-route maxima in lib/api come from this table.
 * Usage: deno run -A tests/bench/page_caps.ts [items per route, default PAGE_SIZE + 1]
 *        [bcrypt routes (users, service users): items, default 1100]
 */
import { PAGE_SIZE } from "../../lib/api/client.ts";
import { startRealServer } from "../real/harness.ts";
import { BENCH_PASSWORD, type BenchServer, createTenant } from "./servers.ts";

const many = Number(Deno.args[0] ?? PAGE_SIZE + 1);
const hashed = Number(Deno.args[1] ?? 1100);

async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) await work(next++);
  }));
}

// The harness's server, for its request helper; the benchmarks' tenant set-up for the admin.
const server = await startRealServer();
try {
  const bench: BenchServer = {
    kind: "real",
    url: server.url,
    peakMb: () => undefined,
    close: () => Promise.resolve(),
  };
  const tenant = await createTenant(bench, "caps");
  const token = tenant.adminToken;
  const must = async (method: string, path: string, body: unknown, status = 201) => {
    const r = await server.request(method, path, { token, body });
    if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r.json as Record<string, unknown>;
  };
  const user = await must("POST", "/api/v1/users", {
    username: "holder",
    email: "holder@caps.invalid",
    password: BENCH_PASSWORD,
    role: "tenant-user",
    tenant_id: tenant.id,
  });
  const userId = user.id as string;
  await must("POST", "/api/v1/warehouses", {
    name: "wh",
    storage_config: { "s3.bucket": "lake", "s3.region": "us-east-1" },
  });
  const catalog = await must("POST", "/api/v1/catalogs", {
    name: "cat",
    warehouse_name: "wh",
    storage_location: "s3://lake/cat",
  });
  const routes: { path: string; count: number; fill: (i: number) => Promise<unknown> }[] = [
    {
      path: "/api/v1/users",
      count: hashed,
      fill: (i) =>
        must("POST", "/api/v1/users", {
          username: `u${i}`,
          email: `u${i}@caps.invalid`,
          password: BENCH_PASSWORD,
          role: "tenant-user",
          tenant_id: tenant.id,
        }),
    },
    {
      path: "/api/v1/service-users",
      count: hashed,
      fill: (i) => must("POST", "/api/v1/service-users", { name: `s${i}`, role: "tenant-user" }),
    },
    {
      path: "/api/v1/roles",
      count: many,
      fill: (i) => must("POST", "/api/v1/roles", { name: `r${i}`, "tenant-id": tenant.id }),
    },
    {
      path: "/api/v1/permissions",
      count: many,
      fill: () =>
        must("POST", "/api/v1/permissions", {
          "user-id": userId,
          scope: { type: "catalog", catalog_id: catalog.id },
          actions: ["read"],
        }),
    },
    {
      path: `/api/v1/users/${userId}/tokens`,
      count: many,
      fill: () => must("POST", "/api/v1/tokens", { tenant_id: tenant.id, username: "holder" }, 200),
    },
    {
      path: "/api/v1/users/me/tokens",
      count: many,
      fill: () =>
        must(
          "POST",
          "/api/v1/tokens",
          { tenant_id: tenant.id, username: tenant.adminUsername },
          200,
        ),
    },
  ];
  await must("POST", "/api/v1/branches", { name: "dev", catalog: "cat" }, 201).catch((e) => {
    console.error(`branches: ${e.message}`);
  });
  routes.push({
    path: "/api/v1/catalogs/cat/merge-operations",
    count: many,
    fill: () =>
      must(
        "POST",
        "/api/v1/branches/merge",
        { source_branch: "dev", target_branch: "main", catalog: "cat" },
        200,
      ),
  });
  console.log(`| route | items made | limit=${PAGE_SIZE} answered | no limit answered |`);
  console.log("| --- | --- | --- | --- |");
  for (const route of routes) {
    const started = performance.now();
    let made = 0;
    try {
      await pool(route.count, 8, async (i) => {
        await route.fill(i);
        made++;
      });
    } catch (err) {
      console.error(`${route.path}: ${(err as Error).message}`);
    }
    const page = await server.request("GET", `${route.path}?limit=${PAGE_SIZE}&offset=0`, {
      token,
    });
    const all = await server.request("GET", route.path, { token });
    const n = (r: typeof page) => Array.isArray(r.json) ? r.json.length : `${r.status}`;
    console.log(
      `| ${route.path.replace(userId, "{id}")} | ${made} | ${n(page)} | ${n(all)} | ` +
        `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
} finally {
  await server.close();
}
