/**
 * The benchmark's baseline for ending a user's sessions: the least a script could do with
 * fetch alone — list the user's tokens once, then revoke each by id, 8 at a time. Run as its
 * own process, like the CLI, so both pay a start-up.
 */
const [url, token, userId] = Deno.args;
const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
const list = await fetch(`${url}/api/v1/users/${userId}/tokens`, { headers });
const ids: string[] = (await list.json()).map((t: { id: string }) => t.id);
let next = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < ids.length) {
    const id = ids[next++];
    const r = await fetch(`${url}/api/v1/auth/revoke/${id}`, {
      method: "POST",
      headers,
      body: "{}",
    });
    await r.text();
  }
}));
console.log(ids.length);
