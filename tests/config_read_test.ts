/** The config file is read whole, as text: large files, a byte-order mark, non-ASCII names. */
import assert from "node:assert/strict";
import { ConfigStore } from "../lib/config.ts";
import { tempHome } from "./helpers.ts";

async function storeWith(bytes: Uint8Array): Promise<ConfigStore> {
  const home = await tempHome();
  await Deno.mkdir(`${home}/.pangolin`, { mode: 0o700 });
  await Deno.writeFile(`${home}/.pangolin/config`, bytes, { mode: 0o600 });
  return new ConfigStore(`${home}/.pangolin/config`, { write: () => {} });
}

Deno.test("a config far larger than one read is read whole", async () => {
  const profiles: Record<string, { url: string; username: string }> = {};
  for (let i = 0; i < 2000; i++) {
    profiles[`profile-${i}`] = { url: `https://pangolin-${i}.example.invalid`, username: `u${i}` };
  }
  const text = JSON.stringify({ profiles }, null, 2);
  assert.ok(text.length > 100_000);
  const config = await (await storeWith(new TextEncoder().encode(text))).read();
  assert.deepEqual(config.profiles, profiles);
});

Deno.test("a byte-order mark is dropped and UTF-8 names survive", async () => {
  const text = JSON.stringify({ profiles: { "prod-ñ-東京": { username: "zoë" } } });
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
  const config = await (await storeWith(bom)).read();
  assert.deepEqual(config.profiles, { "prod-ñ-東京": { username: "zoë" } });
});

Deno.test("an empty config file is refused as before, and left in place", async () => {
  const store = await storeWith(new Uint8Array());
  await assert.rejects(() => store.read(), /is not valid JSON/);
  assert.equal((await Deno.stat(store.path)).size, 0);
});
