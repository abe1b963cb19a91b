/**
 * Global flags are accepted before or after the command (`--json revoke-token` and
 * `revoke-token --json` mean the same), so they are taken out of argv before the command
 * parser sees it.
 */
import { UsageError } from "./errors.ts";

/** The global flags as given on the command line (environment fallbacks are applied later). */
export interface GlobalOptions {
  url?: string;
  profile?: string;
  tenant?: string;
  json: boolean;
  timeout?: number;
  caCert?: string;
  /** -q: notes and progress off stderr (warnings and errors stay). */
  quiet?: boolean;
  /** Tables in full on a terminal too. */
  wide?: boolean;
  /** Secret-named property values printed as the server holds them. */
  showSecrets?: boolean;
}

type Switch = "json" | "quiet" | "wide" | "showSecrets";

interface GlobalSpec {
  key: keyof GlobalOptions;
  names: string[];
  takesValue: boolean;
}

const SPECS: GlobalSpec[] = [
  { key: "url", names: ["--url"], takesValue: true },
  { key: "profile", names: ["--profile", "-p"], takesValue: true },
  { key: "tenant", names: ["--tenant"], takesValue: true },
  { key: "json", names: ["--json"], takesValue: false },
  { key: "timeout", names: ["--timeout"], takesValue: true },
  { key: "caCert", names: ["--ca-cert"], takesValue: true },
  { key: "quiet", names: ["--quiet", "-q"], takesValue: false },
  { key: "wide", names: ["--wide"], takesValue: false },
  { key: "showSecrets", names: ["--show-secrets"], takesValue: false },
];

/** The global flags' names and whether each takes a value (for completion scripts). */
export const GLOBAL_FLAGS: ReadonlyArray<{ names: readonly string[]; takesValue: boolean }> = SPECS;

/** Help text lines describing the global flags. */
export const GLOBAL_FLAGS_HELP = [
  "GLOBAL FLAGS (before or after the command)",
  "      --url <url>            Server base URL [env PANGOLIN_URL; default: the profile's, " +
  "else http://localhost:8080]",
  "  -p, --profile <name>       Saved profile to use [env PANGOLIN_PROFILE; default: default]",
  "      --tenant <name|id>     Tenant context for root, sent as X-Pangolin-Tenant " +
  "[env PANGOLIN_TENANT]",
  "      --json                 Machine output: exactly one JSON document on stdout",
  "      --timeout <seconds>    Per-request deadline [env PANGOLIN_TIMEOUT; default: 30]",
  "      --ca-cert <file>       Extra trusted CA certificate (PEM) [env PANGOLIN_CA_CERT]",
  "  -q, --quiet                Notes off stderr (warnings and errors stay)",
  "      --wide                 Tables in full on a terminal too (no short ids, no cutting)",
  "      --show-secrets         Show secret-named property values instead of ***",
].join("\n");

/** Parses a timeout in seconds (a positive number). */
export function parseTimeout(raw: string, source: string): number {
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(value > 0) || value > 86400) {
    throw new UsageError(`${source} must be a number of seconds between 0 and 86400, got '${raw}'`);
  }
  return value;
}

/** Takes the global flags out of argv; returns them and the remaining arguments. */
export function extractGlobals(
  argv: readonly string[],
): { globals: GlobalOptions; rest: string[] } {
  const globals: GlobalOptions = { json: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = SPECS.find((s) => s.names.includes(name));
    if (!spec) {
      rest.push(arg);
      continue;
    }
    if (!spec.takesValue) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      globals[spec.key as Switch] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith("-") && value.length > 1)) {
        throw new UsageError(`${name} needs a value`);
      }
      i++;
    }
    if (value === "") throw new UsageError(`${name} needs a non-empty value`);
    switch (spec.key) {
      case "timeout":
        globals.timeout = parseTimeout(value, name);
        break;
      case "url":
      case "profile":
      case "tenant":
      case "caCert":
        globals[spec.key] = value;
        break;
    }
  }
  return { globals, rest };
}
