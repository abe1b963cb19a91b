/**
 * Following pages: the page size (PAGE_SIZE) the CLI asks for, and a route that caps `limit`
 * below it (`maxPage`), whose short pages must not be taken for the end of the listing.
 */
import assert from "node:assert/strict";
import { ApiClient, PAGE_SIZE } from "../lib/api/client.ts";
import { SEED } from "./server/mod.ts";
import { loginAsTenantAdmin, run, withServer } from "./helpers.ts";

/** A loopback route of `total` items that serves at most `cap` per page, whatever is asked. */
function cappedRoute(total: number, cap: number) {
  const asked: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    asked.push(url.search);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Math.min(Number(url.searchParams.get("limit") ?? total), cap);
    const items = [];
    for (let n = offset; n < Math.min(total, offset + limit); n++) items.push({ id: `item-${n}` });
    return Response.json(items);
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, asked, close: () => server.shutdown() };
}

function client(baseUrl: string): ApiClient {
  return new ApiClient({
    baseUrl,
    credential: { kind: "none" },
    timeoutSeconds: 10,
    fetch,
    warn: { write: () => {} },
    userAgent: "paging-test",
  });
}

Deno.test("a route capped below PAGE_SIZE is walked in pages of its cap to the very end", async () => {
  const route = cappedRoute(2500, 1000);
  try {
    const api = client(route.url);
    const withCap = await api.list<{ id: string }>("list items", "/items", { all: true }, {}, {
      maxPage: 1000,
    });
    assert.equal(withCap.length, 2500);
    assert.equal(new Set(withCap.map((i) => i.id)).size, 2500);
    assert.deepEqual(route.asked, [
      "?limit=1000&offset=0",
      "?limit=1000&offset=1000",
      "?limit=1000&offset=2000",
    ]);
    // Why the cap must be known: asked for PAGE_SIZE, the capped first page looks like the end.
    route.asked.length = 0;
    const without = await api.list<{ id: string }>("list items", "/items", { all: true });
    assert.equal(without.length, 1000);
    assert.deepEqual(route.asked, [`?limit=${PAGE_SIZE}&offset=0`]);
    // --limit under --all is the page size, but never above the route's cap.
    route.asked.length = 0;
    const bigLimit = await api.list<{ id: string }>(
      "list items",
      "/items",
      { all: true, limit: 5000 },
      {},
      { maxPage: 1000 },
    );
    assert.equal(bigLimit.length, 2500);
    assert.equal(route.asked[0], "?limit=1000&offset=0");
  } finally {
    await route.close();
  }
});

Deno.test("list-user-tokens --all asks for pages of PAGE_SIZE and lists every id once", async () => {
  assert.equal(PAGE_SIZE, 3000, "the size measured against the real server");
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    const minted = await server.addTokens(SEED.user.id, PAGE_SIZE + 7);
    server.clearRequests();
    const r = await run(["list-user-tokens", "--user-id", SEED.user.id, "--all", "--json"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((t) => t.id);
    assert.equal(ids.length, minted.length);
    assert.deepEqual(new Set(ids), new Set(minted));
    const pages = server.requests.filter((q) => q.path.endsWith("/tokens")).map((q) => q.query);
    assert.deepEqual(pages, [
      `limit=${PAGE_SIZE}&offset=0`,
      `limit=${PAGE_SIZE}&offset=${PAGE_SIZE}`,
    ]);
  });
});
