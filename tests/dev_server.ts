// Runs the Pangolin TEST DOUBLE (tests/server) for manual trials of pangolin-admin.
// It is not the real Pangolin server. Usage:
//   deno task dev-server [--port N] [--legacy-api-keys] [--basic-auth] [--rate-limit N]
// The port defaults to $PORT, else 8080. Stops on Ctrl-C.

import { SEED, SEED_CATALOGS, startServer } from "./server/mod.ts";
import type { StartOptions } from "./server/mod.ts";

/** Parses the dev server's command line into start options. */
export function parseDevArgs(args: string[], envPort: string | undefined): StartOptions {
  const options: StartOptions = { port: 8080 };
  if (envPort !== undefined && envPort !== "") options.port = portNumber(envPort);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => inline ?? args[++i] ?? "";
    if (flag === "--port") options.port = portNumber(value());
    else if (flag === "--rate-limit") options.rateLimit = Number(value());
    else if (flag === "--legacy-api-keys") options.legacyApiKeys = true;
    else if (flag === "--basic-auth") options.basicAuth = true;
    else throw new Error(`unknown argument: ${arg}`);
  }
  return options;
}

function portNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port: ${text}`);
  return n;
}

function readEnvPort(): string | undefined {
  try {
    return Deno.env.get("PORT");
  } catch {
    // No env permission: fall back to the default port.
    return undefined;
  }
}

async function main(): Promise<void> {
  let options: StartOptions;
  try {
    options = parseDevArgs(Deno.args, readEnvPort());
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    Deno.exit(2);
  }
  let server;
  try {
    server = await startServer(options);
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      console.error(
        `Port ${options.port} on 127.0.0.1 is busy (another server is listening there); ` +
          "choose another: deno task dev-server --port 8081",
      );
      Deno.exit(1);
    }
    throw e;
  }
  const lines = [
    `Pangolin TEST DOUBLE (not the real server) listening on ${server.url}`,
    `  root (no tenant):    ${SEED.rootUsername} / ${SEED.rootPassword}`,
    `  tenant ${SEED.tenantName}:         ${SEED.tenantId}`,
    `  tenant admin:        ${SEED.tenantAdmin.username} / ${SEED.tenantAdmin.password}`,
    `  tenant user:         ${SEED.user.username} / ${SEED.user.password}` +
    ` (may read catalog ${SEED_CATALOGS.sales.name})`,
    `  legacy API keys: ${options.legacyApiKeys ? "accepted" : "refused"}; ` +
    `basic auth: ${options.basicAuth ? "on" : "off"}; ` +
    `rate limit: ${options.rateLimit ? `${options.rateLimit}/60s` : "off"}`,
    "Press Ctrl-C to stop.",
  ];
  console.log(lines.join("\n"));
  const { promise, resolve } = Promise.withResolvers<void>();
  const onSignal = () => resolve();
  Deno.addSignalListener("SIGINT", onSignal);
  await promise;
  Deno.removeSignalListener("SIGINT", onSignal);
  await server.close();
  console.log("stopped");
}

if (import.meta.main) await main();
