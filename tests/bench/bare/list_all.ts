/**
 * The baseline of `--all`: a bare loop reading every page of a listing, `size` at a time,
 * writing each page's records to stdout as one JSON array. Usage:
 * list_all.ts <url> <token> <path> <size>
 */
const [url, token, path, sizeArg] = Deno.args;
const size = Number(sizeArg);
const headers = { accept: "application/json", authorization: `Bearer ${token}` };
const encoder = new TextEncoder();
const out = Deno.stdout;
let first = true;
await out.write(encoder.encode("["));
for (let offset = 0;; offset += size) {
  const r = await fetch(`${url}${path}?limit=${size}&offset=${offset}`, { headers });
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  const page: Record<string, unknown>[] = await r.json();
  if (page.length > 0) {
    const text = page.map(({ token: _t, ...rest }) => JSON.stringify(rest)).join(",");
    await out.write(encoder.encode((first ? "" : ",") + text));
    first = false;
  }
  if (page.length < size) break;
}
await out.write(encoder.encode("]\n"));
