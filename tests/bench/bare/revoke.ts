/**
 * The baseline of bulk revocation: the least a script could do with fetch alone. List the
 * targets (one user's tokens; or every user's, the users paged by 1,000 and their token lists
 * read `concurrency` at a time), then revoke each by id, `concurrency` at a time.
 * Usage: revoke.ts <url> <token> <concurrency> <user id | --all-users>
 */
const [url, token, concurrencyArg, who] = Deno.args;
const concurrency = Number(concurrencyArg);
const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };

async function get<T>(path: string): Promise<T> {
  const r = await fetch(url + path, { headers });
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return await r.json();
}

async function pool<T>(items: T[], work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

let userIds: string[];
if (who === "--all-users") {
  userIds = [];
  for (let offset = 0;; offset += 1000) {
    const page = await get<{ id: string }[]>(`/api/v1/users?limit=1000&offset=${offset}`);
    userIds.push(...page.map((u) => u.id));
    if (page.length < 1000) break;
  }
} else userIds = [who];
const ids: string[] = [];
await pool(userIds, async (id) => {
  const tokens = await get<{ id: string }[]>(`/api/v1/users/${id}/tokens`);
  ids.push(...tokens.map((t) => t.id));
});
let failed = 0;
await pool(ids, async (id) => {
  const r = await fetch(`${url}/api/v1/auth/revoke/${id}`, { method: "POST", headers, body: "{}" });
  if (!r.ok) failed++;
  await r.body?.cancel();
});
console.log(`${ids.length - failed} of ${ids.length}`);
if (failed) Deno.exit(1);
