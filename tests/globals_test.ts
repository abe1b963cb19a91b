/** Global flags and their environment variables, on either side of the command. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { loginAs, readConfig, run, tempHome, withServer } from "./helpers.ts";

const TLS = new URL("./fixtures/tls/", import.meta.url);

Deno.test("global flags work before and after the command", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password", { profile: "ops" });
    const after = await run(["whoami", "--json", "--profile", "ops"], { home });
    const before = await run(["--json", "-p", "ops", "whoami"], { home });
    const equals = await run(["whoami", "--profile=ops", "--json"], { home });
    assert.equal(after.code, 0, after.stderr);
    assert.deepEqual(JSON.parse(after.stdout), JSON.parse(before.stdout));
    assert.deepEqual(JSON.parse(after.stdout), JSON.parse(equals.stdout));
    assert.equal(JSON.parse(after.stdout).profile, "ops");
    const missing = await run(["whoami"], { home });
    assert.equal(missing.code, 3, "the default profile is not logged in");
  });
});

Deno.test("PANGOLIN_PROFILE and PANGOLIN_URL stand in for the flags; flags win", async () => {
  await withServer(async (server) => {
    const home = await tempHome();
    const login = await run(["login", "-u", "admin", "--password-stdin"], {
      home,
      stdin: "password",
      env: { PANGOLIN_URL: server.url, PANGOLIN_PROFILE: "cron" },
    });
    assert.equal(login.code, 0, login.stderr);
    const config = await readConfig(home);
    assert.deepEqual(Object.keys(config.profiles), ["cron"]);
    assert.equal(config.profiles.cron.url, server.url);
    // An explicit token: the profile's saved one is bound to its own server.
    const token = String(config.profiles.cron.token);
    const flagWins = await run(["whoami", "--json", "--url", "http://127.0.0.1:9"], {
      home,
      env: { PANGOLIN_PROFILE: "cron", PANGOLIN_URL: server.url, PANGOLIN_TOKEN: token },
    });
    assert.equal(JSON.parse(flagWins.stdout).url, "http://127.0.0.1:9");
  });
});

Deno.test("--tenant and PANGOLIN_TENANT send X-Pangolin-Tenant", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const flag = await run(["list-catalogs", "--json", "--tenant", SEED.tenantId], { home });
    assert.equal(flag.code, 0, flag.stderr);
    assert.equal(server.requests[0].headers["x-pangolin-tenant"], SEED.tenantId);
    assert.equal(JSON.parse(flag.stdout).length, 2);
    server.clearRequests();
    const env = await run(["list-catalogs", "--json"], {
      home,
      env: { PANGOLIN_TENANT: SEED.tenantId },
    });
    assert.equal(env.code, 0);
    assert.equal(server.requests[0].headers["x-pangolin-tenant"], SEED.tenantId);
    server.clearRequests();
    const none = await run(["list-catalogs", "--json"], { home });
    assert.equal(server.requests[0].headers["x-pangolin-tenant"], undefined);
    assert.deepEqual(JSON.parse(none.stdout), [], "root's default tenant has no catalogs");
  });
});

Deno.test("bad global values are usage errors, before anything is sent", async () => {
  for (
    const [argv, env, pattern] of [
      [["list-catalogs", "--timeout", "soon"], {}, /--timeout must be a number of seconds/],
      [["list-catalogs", "--timeout", "0"], {}, /--timeout must be/],
      [["list-catalogs"], { PANGOLIN_TIMEOUT: "-3" }, /PANGOLIN_TIMEOUT must be/],
      [
        ["list-catalogs", "--tenant", "6f1c0b1e-2a3d"],
        {},
        /--tenant: '6f1c0b1e-2a3d' is not a UUID/,
      ],
      [["list-catalogs"], { PANGOLIN_TENANT: " " }, /PANGOLIN_TENANT: must not be empty/],
      [["list-catalogs", "--url", "ftp://x"], {}, /--url must be an http/],
      [["list-catalogs", "--url", "not a url"], {}, /--url is not a URL/],
      [["list-catalogs"], { PANGOLIN_CLIENT_ID: "bot", PANGOLIN_API_KEY: "k" }, /not a UUID/],
      [["list-catalogs", "--json=yes"], {}, /--json takes no value/],
    ] as Array<[string[], Record<string, string>, RegExp]>
  ) {
    const r = await run(argv, { env: { PANGOLIN_TOKEN: "a.b.c", ...env } });
    assert.equal(r.code, 2, `${argv.join(" ")} ${JSON.stringify(env)}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.match(r.stderr, /^Error: /);
  }
});

Deno.test("PANGOLIN_TIMEOUT bounds a hanging server like --timeout", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.setFault({ kind: "hang" });
    const r = await run(["list-catalogs"], { home, env: { PANGOLIN_TIMEOUT: "1" } });
    assert.equal(r.code, 6);
    assert.match(r.stderr, /within 1s/);
  });
});

async function tlsServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: await Deno.readTextFile(new URL("server.pem", TLS)),
    key: await Deno.readTextFile(new URL("server.key", TLS)),
    onListen: () => {},
  }, () => Response.json([]));
  return { url: `https://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

Deno.test("--ca-cert and PANGOLIN_CA_CERT trust a private CA; without it TLS fails, exit 6", async () => {
  const tls = await tlsServer();
  try {
    const ca = new URL("ca.pem", TLS).pathname;
    const env = { PANGOLIN_TOKEN: "a.b.c" };
    const trusted = await run(["list-catalogs", "--url", tls.url, "--ca-cert", ca], { env });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal(trusted.stdout, "No catalogs found\n");
    const viaEnv = await run(["list-catalogs", "--url", tls.url], {
      env: { ...env, PANGOLIN_CA_CERT: ca },
    });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    const untrusted = await run(["list-catalogs", "--url", tls.url], { env });
    assert.equal(untrusted.code, 6);
    assert.match(
      untrusted.stderr,
      /^Error: Cannot reach the server at https:\/\/127\.0\.0\.1:\d+: TLS: the server's certificate is not trusted/,
    );
    const missing = await run(
      ["list-catalogs", "--url", tls.url, "--ca-cert", "/nonexistent.pem"],
      {
        env,
      },
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read the CA certificate \/nonexistent\.pem \(--ca-cert\)/);
    const notPem = await run([
      "list-catalogs",
      "--url",
      tls.url,
      "--ca-cert",
      new URL("README.md", TLS).pathname,
    ], { env });
    assert.equal(notPem.code, 2);
    assert.match(notPem.stderr, /is not a PEM certificate/);
  } finally {
    await tls.close();
  }
});
