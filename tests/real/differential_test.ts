// Differential tests: the test double checked against the real server. Each group starts a
// fresh real server and a fresh double, seeds both by the same requests and sends both the same
// script; statuses, error bodies and JSON shapes must match, except where
// tests/real/differential/exceptions.ts says why not. Without the binary the groups are not
// registered and the harness's tier status line (tests/real/harness_test.ts) says why.
import assert from "node:assert/strict";
import { realServerBinary, startRealServer } from "./harness.ts";
import { startServer } from "../server/mod.ts";
import { runGroup, SEED_STEPS, UNKNOWN_UUID } from "./differential/setup.ts";
import type { GroupOptions } from "./differential/setup.ts";
import {
  AUTH_STEPS,
  LEGACY_KEY_STEPS,
  SERVICE_USER_STEPS,
  THROTTLE_STEPS,
  USER_STEPS,
} from "./differential/identity.ts";
import {
  CATALOG_STEPS,
  FEDERATED_STEPS,
  MERGE_STEPS,
  WAREHOUSE_STEPS,
} from "./differential/catalogs.ts";
import {
  ASSET_STEPS,
  DISCOVERY_STEPS,
  GOVERNANCE_STEPS,
  ROOT_TENANT_STEPS,
} from "./differential/governance.ts";
import { EXCEPTIONS } from "./differential/exceptions.ts";
import {
  compare,
  diffShapes,
  exceptionFor,
  judge,
  runScript,
  shapeOf,
  unsubstitute,
} from "./differential/engine.ts";
import type { Answer, Outcome, Step, Target } from "./differential/engine.ts";

const GROUPS: Array<[string, Step[], GroupOptions?]> = [
  ["login, tokens, revocation, routing", AUTH_STEPS],
  ["users and tenants", USER_STEPS],
  ["service users", SERVICE_USER_STEPS],
  ["warehouses", WAREHOUSE_STEPS],
  ["catalogs and merge operations", CATALOG_STEPS],
  ["federated catalogs", FEDERATED_STEPS],
  ["branch merges and merge operations", MERGE_STEPS],
  ["roles and permissions", GOVERNANCE_STEPS],
  ["metadata, access requests, search, settings, audit", DISCOVERY_STEPS],
  ["namespaces and assets, and what reads them", ASSET_STEPS],
  ["root in a tenant through X-Pangolin-Tenant", ROOT_TENANT_STEPS],
  ["legacy API keys in X-API-Key", LEGACY_KEY_STEPS, { legacyApiKeys: true }],
  // The seed spends four of the six (its logins); the script the rest, then goes over.
  ["credential throttle", THROTTLE_STEPS, { rateLimit: 6 }],
];

if (realServerBinary().found) {
  for (const [name, steps, options] of GROUPS) {
    Deno.test(`differential: ${name}`, async () => {
      await runGroup(steps, options);
    });
  }

  Deno.test("differential: a drifted double is caught, with the request and both answers", async () => {
    // The double with revocations recorded but not enforced: the revoked token still works.
    const realServer = await startRealServer();
    const double = await startServer({ seed: false, ignoreRevocations: true });
    try {
      const vars = () => new Map([["unknown", UNKNOWN_UUID], ["garbage", "not-a-jwt"]]);
      const real: Target = { label: "real", url: realServer.url, vars: vars() };
      const dbl: Target = { label: "double", url: double.url, vars: vars() };
      const outcomes = await runScript(real, dbl, [
        ...SEED_STEPS,
        { id: "drift.me-revoked", method: "GET", path: "/api/v1/users/me", as: "revoked" },
      ]);
      const report = judge(outcomes, EXCEPTIONS);
      assert.match(report, /^MISMATCH drift\.me-revoked: GET \/api\/v1\/users\/me as revoked$/m);
      assert.match(report, /^ {2}status: real 401, double 200$/m);
      assert.match(report, /^ {2}real body: Token has been revoked$/m);
    } finally {
      await double.close();
      await realServer.close();
    }
  });
}

Deno.test("differential: every exception names a step of some script, a route and a reason", () => {
  const ids = [...SEED_STEPS, ...GROUPS.flatMap(([, steps]) => steps)].map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, "step ids are unique");
  for (const e of EXCEPTIONS) {
    assert.ok(ids.some((id) => exceptionFor(id, [e]) === e), `exception ${e.step} covers no step`);
    assert.ok(e.route.length > 0 && e.reason.length > 20, `exception ${e.step} says why`);
  }
});

Deno.test("differential: shapes keep keys and kinds, not values", () => {
  const a = shapeOf({
    id: "0d5e4f3a-2b1c-4d0e-9f8a-7b6c5d4e3f21",
    at: "2026-01-01T00:00:00.123Z",
    token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
    n: 1,
    list: [{ a: 1 }, { a: 2 }],
  });
  const b = shapeOf({
    id: "1d5e4f3a-2b1c-4d0e-9f8a-7b6c5d4e3f22",
    at: "2026-05-01T10:00:00+00:00",
    token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ5In0.c2ln",
    n: 7,
    list: [{ a: 3 }],
  });
  assert.deepEqual(diffShapes(a, b), []);
  assert.deepEqual(diffShapes(shapeOf({ "tenant-id": null }), shapeOf({ tenant_id: null })), [
    '$.tenant-id: only the real server has it ("null")',
    '$.tenant_id: only the double has it ("null")',
  ]);
  assert.deepEqual(diffShapes(shapeOf({ active: true }), shapeOf({ active: "true" })), [
    '$.active: real "boolean", double "string"',
  ]);
  assert.deepEqual(diffShapes(shapeOf([1, 2], true), shapeOf([1], true)), [
    "$: length real 2, double 1",
  ]);
});

Deno.test("differential: error texts are compared with the script's own ids put back as names", () => {
  const step: Step = { id: "t", method: "GET", path: "/x" };
  const answer = (text: string): Answer => ({
    status: 404,
    contentType: "text/plain",
    text,
    family: "text",
    json: undefined,
    headers: new Headers(),
  });
  const real: Target = { label: "real", url: "", vars: new Map([["tenant", "aaaa-1"]]) };
  const dbl: Target = { label: "double", url: "", vars: new Map([["tenant", "bbbb-2"]]) };
  assert.deepEqual(compare(step, real, answer("no aaaa-1"), dbl, answer("no bbbb-2")), []);
  assert.deepEqual(compare(step, real, answer("no aaaa-1"), dbl, answer("none bbbb-2")), [
    'text: real "no {tenant}", double "none {tenant}"',
  ]);
  assert.equal(
    unsubstitute("id 0d5e4f3a-2b1c-4d0e-9f8a-7b6c5d4e3f21 at 2026-01-01T00:00:00Z", new Map()),
    "id {uuid} at {time}",
  );
});

Deno.test("differential: an exception that no longer differs is reported stale", () => {
  const same: Answer = {
    status: 200,
    contentType: "",
    text: "",
    family: "empty",
    json: undefined,
    headers: new Headers(),
  };
  const outcome: Outcome = {
    step: { id: "x.y", method: "GET", path: "/" },
    request: "GET /",
    real: same,
    double: same,
    diff: [],
  };
  assert.match(
    judge([outcome], [{ step: "x.*", route: "GET /", reason: "a reason long enough" }]),
    /^STALE EXCEPTION x\.\* \(GET \/\): both servers now agree/,
  );
});
