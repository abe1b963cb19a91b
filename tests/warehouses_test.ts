/** Warehouse verbs: create (secrets kept off the output), list, rename, delete, role rules. */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";
import { looksSecret, maskSecrets as redactSecrets } from "../lib/secrets.ts";

async function adminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function ok(argv: string[], home: string, stdin?: string) {
  const r = await run(argv, { home, stdin });
  assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
  return r;
}

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

Deno.test("create-warehouse sends the storage_config keys; the secret never shows", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run([
      "create-warehouse",
      "s3-main",
      "--bucket",
      "lake",
      "--region",
      "us-east-1",
      "--endpoint",
      "http://minio:9000",
      "--access-key",
      "AKIAEXAMPLE",
      "--secret-key-stdin",
      "-P",
      "s3.path-style-access=true",
    ], { home, stdin: SECRET + "\n" });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "✅ Warehouse s3-main created\n");
    assert.equal(r.stderr, "");
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/warehouses",
      "POST /api/v1/warehouses",
    ]);
    assert.equal(server.requests[0].status, 200, "the name is checked in the listing first");
    assert.deepEqual(JSON.parse(server.requests[1].body), {
      name: "s3-main",
      use_sts: false,
      storage_config: {
        "s3.path-style-access": "true",
        "s3.bucket": "lake",
        "s3.access-key-id": "AKIAEXAMPLE",
        "s3.region": "us-east-1",
        "s3.endpoint": "http://minio:9000",
        "s3.secret-access-key": SECRET,
      },
    });

    const list = await ok(["list-warehouses"], home);
    assert.equal(
      list.stdout,
      "Name     Type  Bucket  Region     Use STS  Vending\n" +
        "s3-main  s3    lake    us-east-1  no       -\n",
    );
    const json = await ok(["list-warehouses", "--json"], home);
    const rows = JSON.parse(json.stdout);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].storage_config["s3.secret-access-key"], "***");
    assert.equal(rows[0].storage_config["s3.access-key-id"], "AKIAEXAMPLE");
    for (const out of [list.stdout, json.stdout]) assert.equal(out.includes(SECRET), false);
  });
});

Deno.test("create-warehouse --json, --secret-key warns, azure/gcs keys, --use-sts", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const r = await run([
      "create-warehouse",
      "adls",
      "--type",
      "azure",
      "--bucket",
      "lake",
      "--access-key",
      "acct",
      "--secret-key",
      SECRET,
      "--json",
    ], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^Warning: a secret key on the command line is visible to other/);
    const w = JSON.parse(r.stdout);
    assert.deepEqual(w.storage_config, {
      "azure.container": "lake",
      "adls.account-name": "acct",
      "adls.account-key": "***",
    });
    assert.equal(w.name, "adls");
    assert.equal(r.stdout.includes(SECRET), false);

    server.clearRequests();
    await ok([
      "create-warehouse",
      "gcs-main",
      "--type",
      "gcs",
      "--bucket",
      "lake",
      "--use-sts",
      "-P",
      "gcs.project-id=analytics",
    ], home);
    assert.deepEqual(JSON.parse(server.requests[1].body), {
      name: "gcs-main",
      use_sts: true,
      storage_config: { "gcs.project-id": "analytics", "gcs.bucket": "lake" },
    });
  });
});

Deno.test("create-warehouse on a terminal asks for a missing secret, hidden", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(
      ["create-warehouse", "s3", "--bucket", "b", "--access-key", "AKIA1"],
      { home, terminal: true, answers: [SECRET] },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.prompts, ["Secret key:"]);
    const body = JSON.parse(server.requests.at(-1)!.body);
    assert.equal(body.storage_config["s3.secret-access-key"], SECRET);
  });
});

Deno.test("create-warehouse usage errors: exit 2 before anything is sent", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const cases: Array<[string[], RegExp]> = [
      [["--type", "gcs", "--region", "x"], /--region cannot be used with --type gcs/],
      [["--type", "ftp"], /'ftp' is not a storage type/],
      [["--access-key", "A", "--secret-key", "s", "--secret-key-stdin"], /cannot be used together/],
      [["--access-key", "A"], /--access-key needs its secret: pipe it with --secret-key-stdin/],
      [["--secret-key-stdin"], /A secret key needs its --access-key/],
      [["-P", "novalue"], /'novalue' is not key=value/],
      [["--bucket", "a", "-P", "s3.bucket=b"], /--bucket and -P s3.bucket=\.\.\. disagree/],
    ];
    for (const [flags, message] of cases) {
      const r = await run(["create-warehouse", "w", ...flags], { home, stdin: "x\n" });
      assert.equal(r.code, 2, `${flags.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.equal((await run(["create-warehouse", ".."], { home })).code, 2);
    assert.deepEqual(requestLines(server), []);
  });
});

Deno.test("create-warehouse refuses an existing name: the server would replace it", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await ok(["create-warehouse", "w", "--bucket", "a"], home);
    server.clearRequests();
    const r = await run(["create-warehouse", "w", "--bucket", "b"], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: Warehouse 'w' already exists; the server would silently/);
    assert.match(r.stderr, /\nHint: choose another name, or delete it first: /);
    assert.deepEqual(requestLines(server), ["GET /api/v1/warehouses"]);
  });
});

Deno.test("warehouse writes: root and tenant users refused by role", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
    await ok(["use", SEED.tenantName], root);
    server.clearRequests();
    const r = await run(["create-warehouse", "w", "--bucket", "b"], { home: root });
    assert.equal(r.code, 4);
    assert.equal(
      r.stderr,
      "Error: Root cannot create warehouses: the server allows only a tenant admin, even with " +
        "a tenant context (use or --tenant).\n" +
        "Hint: log in as the tenant's admin: pangolin-admin login -u <admin> -t <tenant-id>\n",
    );
    for (
      const argv of [["update-warehouse", "w", "--name", "x"], ["delete-warehouse", "w", "-y"]]
    ) {
      const refused = await run(argv, { home: root });
      assert.equal(refused.code, 4, argv[0]);
      assert.match(refused.stderr, /^Error: Root cannot (update|delete) warehouses/);
    }
    assert.deepEqual(requestLines(server), [], "nothing is sent");

    const alice = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const user = await run(["create-warehouse", "w"], { home: alice });
    assert.equal(user.code, 4);
    assert.match(user.stderr, /^Error: Tenant users cannot create warehouses: only a tenant admin/);
  });
});

Deno.test("a service-user key (no role to read): the server's 403, exit 4", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const su = JSON.parse(
      (await ok(["create-service-user", "--name", "bot", "--role", "tenant-user", "--json"], home))
        .stdout,
    );
    const r = await run(["create-warehouse", "w", "--bucket", "b"], {
      env: { PANGOLIN_URL: server.url, PANGOLIN_CLIENT_ID: su.id, PANGOLIN_API_KEY: su.api_key },
    });
    assert.equal(r.code, 4);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to create warehouse \(403\): Tenant users cannot create /,
    );
  });
});

Deno.test("list-warehouses: paging, --all, and the empty line", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const empty = await ok(["list-warehouses"], home);
    assert.equal(empty.stdout, "No warehouses found\n");
    assert.deepEqual(JSON.parse((await ok(["list-warehouses", "--json"], home)).stdout), []);
    for (const name of ["c", "a", "b"]) {
      await ok(["create-warehouse", name, "--bucket", name], home);
    }
    server.clearRequests();
    const page = await ok(["list-warehouses", "--limit", "1", "--offset", "1", "--json"], home);
    assert.deepEqual(JSON.parse(page.stdout).map((w: { name: string }) => w.name), ["b"]);
    assert.equal(server.requests[0].query, "limit=1&offset=1");
    server.clearRequests();
    const all = await ok(["list-warehouses", "--all", "--limit", "2", "--json"], home);
    assert.deepEqual(JSON.parse(all.stdout).map((w: { name: string }) => w.name), ["a", "b", "c"]);
    assert.deepEqual(server.requests.map((r) => r.query), [
      "limit=2&offset=0",
      "limit=2&offset=2",
    ]);
  });
});

Deno.test("update-warehouse renames; --id works; catalogs left behind are named", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await ok(["create-warehouse", "s3-main", "--bucket", "lake"], home);
    await ok(["create-catalog", "lakehouse", "--warehouse", "s3-main"], home);
    server.clearRequests();
    const r = await run(["update-warehouse", "s3-main", "--name", "s3-primary"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "✅ Warehouse s3-main renamed to s3-primary\n");
    assert.equal(
      r.stderr,
      "Note: catalog lakehouse still names warehouse 's3-main'; point it at the new name: " +
        "pangolin-admin update-catalog lakehouse --warehouse s3-primary\n",
    );
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/warehouses",
      "PUT /api/v1/warehouses/s3-main",
      "GET /api/v1/catalogs",
    ]);
    assert.deepEqual(JSON.parse(server.requests[1].body), { name: "s3-primary" });

    const byId = await run(["update-warehouse", "--id", "s3-primary", "--name", "s3", "--json"], {
      home,
    });
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(JSON.parse(byId.stdout).name, "s3");

    const uuid = JSON.parse((await ok(["list-warehouses", "--json"], home)).stdout)[0].id;
    const byUuid = await run(["update-warehouse", "--id", uuid, "--name", "s3-old"], { home });
    assert.equal(byUuid.code, 0, byUuid.stderr);
    assert.equal(byUuid.stdout, `✅ Warehouse s3 (${uuid}) renamed to s3-old\n`);
  });
});

Deno.test("update-warehouse failures: usage (2), missing (5), a taken name (1)", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await ok(["create-warehouse", "a", "--bucket", "a"], home);
    await ok(["create-warehouse", "b", "--bucket", "b"], home);
    assert.equal((await run(["update-warehouse", "a"], { home })).code, 2);
    assert.equal((await run(["update-warehouse", "--name", "x"], { home })).code, 2);
    const both = await run(["update-warehouse", "a", "--id", "b", "--name", "c"], { home });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /Give the name once/);
    const missing = await run(["update-warehouse", "zzz", "--name", "c"], { home });
    assert.equal(missing.code, 5);
    assert.match(
      missing.stderr,
      /^Error: API Request Failed: Failed to update warehouse \(404\): Warehouse not found\n/,
    );
    server.clearRequests();
    const taken = await run(["update-warehouse", "a", "--name", "b"], { home });
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /A warehouse named 'b' already exists; renaming onto it/);
    assert.deepEqual(requestLines(server), ["GET /api/v1/warehouses"]);
  });
});

Deno.test("delete-warehouse: --yes without a terminal, asks on one, 404 exit 5", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await ok(["create-warehouse", "old", "--bucket", "a"], home);
    await ok(["create-catalog", "legacy", "--warehouse", "old"], home);
    server.clearRequests();
    const refused = await run(["delete-warehouse", "old"], { home });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^Error: Delete warehouse old: refusing without --yes/);
    assert.deepEqual(requestLines(server), [], "refused before anything is sent");

    const no = await run(["delete-warehouse", "old"], { home, terminal: true, answers: [false] });
    assert.equal(no.code, 1);
    assert.deepEqual(no.prompts, ["Delete warehouse old (catalog legacy uses it)?"]);
    assert.equal(no.stderr, "Error: Nothing was deleted (not confirmed).\n");

    server.clearRequests();
    const yes = await run(["delete-warehouse", "old"], { home, terminal: true, answers: [true] });
    assert.equal(yes.code, 0, yes.stderr);
    assert.equal(yes.stdout, "✅ Warehouse old deleted\n");
    assert.equal(
      yes.stderr,
      "Note: catalog legacy still names warehouse 'old', which no longer exists; point it at " +
        "another: pangolin-admin update-catalog legacy --warehouse <name>\n",
    );
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/catalogs",
      "DELETE /api/v1/warehouses/old",
    ]);

    await ok(["create-warehouse", "w2", "--bucket", "a"], home);
    const json = await ok(["delete-warehouse", "w2", "--yes", "--json"], home);
    assert.deepEqual(JSON.parse(json.stdout), { deleted: "w2" });

    const missing = await run(["delete-warehouse", "old", "--yes"], { home });
    assert.equal(missing.code, 5);
    assert.match(
      missing.stderr,
      /^Error: API Request Failed: Failed to delete warehouse \(404\): Warehouse 'old' not found\n/,
    );
  });
});

Deno.test("secret-looking keys are masked, identifiers and locations are not", () => {
  const secret = [
    "s3.secret-access-key",
    "adls.account-key",
    "adls.sas-token",
    "token",
    "credential",
    "secret_access_key",
    "private_key",
    "privateKey",
    "apikey",
    "smtp_password",
  ];
  const plain = [
    "s3.access-key-id",
    "s3.bucket",
    "uri",
    "gcs.service-account-file",
    "access_key_id",
    "role_arn",
    "warehouse",
    "storage_location",
  ];
  for (const k of secret) assert.ok(looksSecret(k), k);
  for (const k of plain) assert.equal(looksSecret(k), false, k);
  assert.deepEqual(
    redactSecrets({
      name: "w",
      vending_strategy: { AwsStatic: { access_key_id: "AKIA1", secret_access_key: "s" } },
      storage_config: { "s3.endpoint": "https://u:p@minio:9000", "s3.secret-access-key": "" },
      credentials: { id: "x", nested: ["y"] },
    }),
    {
      name: "w",
      vending_strategy: { AwsStatic: { access_key_id: "AKIA1", secret_access_key: "***" } },
      storage_config: { "s3.endpoint": "https://***@minio:9000", "s3.secret-access-key": "" },
      credentials: { id: "***", nested: ["***"] },
    },
  );
});
