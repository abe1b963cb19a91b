import assert from "node:assert/strict";
import { IdSet } from "../lib/api/id_set.ts";
import { measureScriptPeak } from "./peak_rss.ts";

Deno.test("IdSet: every UUID once, through many growths; a repeat is refused", () => {
  const set = new IdSet();
  const ids = Array.from({ length: 200_000 }, () => crypto.randomUUID());
  for (const id of ids) assert.ok(set.add(id), `new id refused: ${id}`);
  assert.equal(set.size, ids.length);
  for (const id of ids) assert.ok(!set.add(id), `repeat accepted: ${id}`);
  assert.equal(set.size, ids.length);
});

Deno.test("IdSet: ids that differ in one hex digit, the nil UUID, other spellings and names", () => {
  const set = new IdSet();
  const base = "00000000-0000-0000-0000-000000000000";
  assert.ok(set.add(base));
  assert.ok(!set.add(base));
  // One digit apart in each of the 32 positions: all distinct.
  const digits = [...base].map((c, i) => c === "-" ? -1 : i).filter((i) => i >= 0);
  for (const i of digits) {
    const id = base.slice(0, i) + "f" + base.slice(i + 1);
    assert.ok(set.add(id), id);
    assert.ok(!set.add(id), id);
  }
  // The same UUID spelt in capitals is another string, as the server would see it.
  const upper = "0000000F-0000-0000-0000-000000000000";
  assert.ok(set.add(upper));
  assert.ok(!set.add(upper));
  for (const other of ["sales", "42", "", "0000000f-0000-0000-0000-00000000000"]) {
    assert.ok(set.add(other), other);
    assert.ok(!set.add(other), other);
  }
  assert.equal(set.size, 1 + digits.length + 1 + 4);
});

Deno.test("IdSet: every id still there after each growth, added one at a time", () => {
  // 20,000 ids take each of the 64 tables through about ten growths from its first size; the
  // id that makes a table grow, and one added long before, must both be found right after.
  const set = new IdSet();
  const ids = Array.from({ length: 20_000 }, () => crypto.randomUUID());
  ids.forEach((id, i) => {
    assert.ok(set.add(id), `new id refused: ${id}`);
    assert.ok(!set.add(id), `repeat accepted right after adding: ${id}`);
    assert.ok(!set.add(ids[i >> 1]), `earlier id lost at size ${i + 1}: ${ids[i >> 1]}`);
    assert.equal(set.size, i + 1);
  });
  for (const id of ids) assert.ok(!set.add(id), `repeat accepted: ${id}`);
});

Deno.test("IdSet: 300,000 ids that differ only in their last words, with zero words among them", () => {
  // Sequential ids (as some servers hand out) and keys whose other words are all zero: a free
  // slot is an all-zero key, so these must never be taken for one.
  const set = new IdSet();
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  const ids = Array.from(
    { length: 300_000 },
    (_, i) => `00000000-0000-0000-${hex((i + 1) >>> 16, 4)}-${hex((i + 1) & 0xffff, 4)}00000000`,
  );
  ids.push("00000000-0000-0000-0000-000000000001", "00000001-0000-0000-0000-000000000000");
  for (const id of ids) assert.ok(set.add(id), `new id refused: ${id}`);
  for (const id of ids) assert.ok(!set.add(id), `repeat accepted: ${id}`);
  assert.equal(set.size, ids.length);
  assert.ok(set.add("00000000-0000-0000-0000-000000000000"), "the nil UUID is not held yet");
  assert.ok(!set.add("00000000-0000-0000-0000-000000000000"));
  assert.equal(set.size, ids.length + 1);
});

Deno.test({
  name: "IdSet: a million UUIDs take at most 40 MB of peak RSS more than building them",
  ignore: Deno.build.os !== "linux",
  async fn() {
    // 16 MB of keys. One table doubling in place peaked 54 MB above the ids alone (the 2^20
    // and 2^21 slot tables at once); the staggered tables measured 25 to 30 MB, 21.5 of it
    // the tables themselves.
    const run = async (mode: string) => {
      const r = await measureScriptPeak("tests/fixtures/id_set_fill.ts", ["1000000", mode]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(new TextDecoder().decode(r.stdout).trim(), "1000000");
      return r.peakMb;
    };
    const built = await run("build");
    const held = await run("add");
    assert.ok(
      held - built <= 40,
      `peak RSS ${held.toFixed(0)} MB with the set, ${built.toFixed(0)} MB without`,
    );
  },
});
