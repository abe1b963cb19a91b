/**
 * A baseline for an everyday read: one GET with a bearer token, the body to stdout; the least
 * a script could do. Usage: get.ts <url> <token> <path>
 */
const [url, token, path] = Deno.args;
const r = await fetch(url + path, {
  headers: { accept: "application/json", authorization: `Bearer ${token}` },
});
const body = await r.text();
if (!r.ok) {
  console.error(r.status, body);
  Deno.exit(1);
}
await Deno.stdout.write(new TextEncoder().encode(body + "\n"));
