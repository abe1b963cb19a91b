/** The profile file: modes from the first byte, atomic writes under a lock, nothing lost. */
import assert from "node:assert/strict";
import { ConfigStore } from "../lib/config.ts";
import { ConfigError } from "../lib/errors.ts";
import { tempHome } from "./helpers.ts";

const POSIX = Deno.build.os !== "windows";

function sink() {
  let text = "";
  return { write: (s: string) => void (text += s), text: () => text };
}

Deno.test({
  name: "the folder is created 0700 and the file 0600",
  ignore: !POSIX,
  fn: async () => {
    const home = await tempHome();
    const store = new ConfigStore(`${home}/.pangolin/config`, sink());
    await store.updateProfile("default", () => ({ url: "http://x", token: "t" }));
    assert.equal((await Deno.stat(`${home}/.pangolin`)).mode! & 0o777, 0o700);
    assert.equal((await Deno.stat(`${home}/.pangolin/config`)).mode! & 0o777, 0o600);
    const leftovers = [...Deno.readDirSync(`${home}/.pangolin`)].map((e) => e.name).sort();
    assert.deepEqual(leftovers, ["config", "config.lock"]);
  },
});

Deno.test({
  name: "a file with group or other bits is tightened to 0600 with a warning",
  ignore: !POSIX,
  fn: async () => {
    const home = await tempHome();
    const path = `${home}/config`;
    await Deno.writeTextFile(path, '{"profiles":{}}');
    await Deno.chmod(path, 0o644);
    const warn = sink();
    await new ConfigStore(path, warn).read();
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.equal(
      warn.text(),
      `Warning: ${path} was readable by others (mode 0644); tightened to 0600.\n`,
    );
  },
});

Deno.test("a file that is not valid JSON is refused and left byte-for-byte untouched", async () => {
  const home = await tempHome();
  const path = `${home}/config`;
  const bytes = '{"profiles": {"default": {"token": "abc"'; // truncated
  await Deno.writeTextFile(path, bytes);
  const store = new ConfigStore(path, sink());
  await assert.rejects(store.read(), (e) => e instanceof ConfigError && e.message.includes(path));
  await assert.rejects(
    store.updateProfile("other", () => ({ url: "http://y" })),
    (e) => e instanceof ConfigError && /not valid JSON/.test(e.message),
  );
  assert.equal(await Deno.readTextFile(path), bytes);
});

Deno.test("JSON of the wrong shape is refused too", async () => {
  const home = await tempHome();
  for (const text of ["[]", '{"profiles": []}', '{"profiles": {"a": 1}}', "null"]) {
    const path = `${home}/config-${crypto.randomUUID()}`;
    await Deno.writeTextFile(path, text);
    await assert.rejects(new ConfigStore(path, sink()).read(), ConfigError);
    assert.equal(await Deno.readTextFile(path), text);
  }
});

Deno.test("parallel updates of different profiles all land", async () => {
  const home = await tempHome();
  const path = `${home}/.pangolin/config`;
  await Promise.all(
    Array.from(
      { length: 30 },
      (_, i) =>
        new ConfigStore(path, sink()).updateProfile(`p${i}`, () => ({ url: `http://h${i}` })),
    ),
  );
  const config = JSON.parse(await Deno.readTextFile(path));
  assert.equal(Object.keys(config.profiles).length, 30);
});

Deno.test("unknown keys written by a newer version are kept", async () => {
  const home = await tempHome();
  const path = `${home}/config`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({ version: 9, profiles: { a: { url: "u", extra: { x: 1 } } } }),
  );
  await Deno.chmod(path, 0o600);
  await new ConfigStore(path, sink()).updateProfile("b", () => ({ url: "v" }));
  const config = JSON.parse(await Deno.readTextFile(path));
  assert.equal(config.version, 9);
  assert.deepEqual(config.profiles.a.extra, { x: 1 });
});
