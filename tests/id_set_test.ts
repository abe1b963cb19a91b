import assert from "node:assert/strict";
import { IdSet } from "../lib/api/id_set.ts";

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
