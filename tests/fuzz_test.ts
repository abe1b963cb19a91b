/**
 * Argument fuzzing: thousands of random command lines built from the real command tree (every
 * command, its flags in kebab and camel case, negations, aliases and positionals, the global
 * flags) mixed with garbage, each run in-process with no terminal. Credentials, when a case has
 * any, point at hosts that only a fake `fetch` answers (refusals, error statuses, garbage and
 * plausible replies), so nothing reaches a real network address.
 *
 * A second test calls every command well formed against every kind of garbage reply (`null`,
 * `[null]`, `[{}]`, HTML, a bare number, ...), where a command reads the fields of what came back.
 *
 * Every case must finish in time, end in an exit code of the contract, print no stack trace and
 * no "unexpected internal error", say something on stderr when it fails, never prompt, and send
 * at most MAX_REQUESTS requests. A failure names the seed, the case and its argv.
 *
 *   FUZZ_SEED=<n>   the seed of both tests (printed by every run; the default is fixed)
 *   FUZZ_RUNS=<n>   how many fuzzed command lines (default DEFAULT_RUNS)
 *   FUZZ_CASE=<i>   run only fuzzed case i of the seed (to reproduce one failure)
 */
import assert from "node:assert/strict";
import { GROUPS } from "../commands/tree.ts";
import { extractGlobals } from "../lib/globals.ts";
import { run, type RunResult } from "./helpers.ts";

const DEFAULT_SEED = 0x5eed_f022;
const DEFAULT_RUNS = 8000;
const CASE_TIMEOUT_MS = 10_000;
/** More requests than this from one command line is a runaway loop. */
const MAX_REQUESTS = 200;
const CONTRACT_CODES = new Set([0, 1, 2, 3, 4, 5, 6, 130]);
/** The clock of every run, so that token expiry (and so every outcome) repeats. */
const NOW = new Date("2031-03-04T05:06:07Z");
const FAKE_HOSTS = ["https://fuzz.invalid", "http://127.0.0.1:9", "https://pangolin.fuzz.invalid"];
const FIXTURES = new URL("./fixtures/tls/", import.meta.url).pathname;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast and good enough to pick among choices. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of case `i` (and of its fake server, `stream` 1): each case can run alone. */
function caseSeed(seed: number, i: number, stream = 0): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) ^ Math.imul(stream + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(0, 15)];
    return s;
  }
  uuid(): string {
    const variant = "89ab"[this.int(0, 3)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

function envInt(name: string, fallback: number): number {
  const raw = Deno.env.get(name);
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number: ${raw}`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Garbage

const FIXED_UUIDS = [
  "6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
  "00000000-0000-0000-0000-000000000000",
  "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF",
  "{6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b}",
  "urn:uuid:6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
  "6f1c0b1e2a3d4e5f8a9b0c1d2e3f4a5b",
];

const BAD_UUIDS = [
  "6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5",
  "6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5bb",
  "6f1c0b1g-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
  "6f1c0b1e--2a3d-4e5f-8a9b-0c1d2e3f4a5b",
  "{6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
  "uuid",
  "12345",
];

const GARBAGE = [
  "",
  " ",
  "  ",
  "-",
  "--",
  "---",
  "=",
  "==",
  "-=",
  "--=",
  "--=x",
  "-=x",
  "--no-",
  "--no",
  "-x",
  "-xyz",
  "-0",
  "-1",
  "-1.5",
  "-1e9",
  "0",
  "1",
  "42",
  "3.14",
  "1e309",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "1_000",
  "99999999999999999999999999",
  "-99999999999999999999",
  "ü",
  "日本語",
  "🦕",
  "🦕🦕🦕",
  "e\u0301",
  "\u202eevil",
  "\u200b",
  "\ufeff",
  "\u{10ffff}",
  "Ω≈ç√∫",
  "\t",
  "\n",
  "\r\n",
  "\x1b[31mred\x1b[0m",
  "\x07",
  "\x7f",
  "\x01\x02\x03",
  "\x1b]0;title\x07",
  "%s",
  "%d%n%x",
  "${HOME}",
  "$(id)",
  "`id`",
  "'",
  '"',
  "\\",
  "{}",
  "[]",
  "null",
  "undefined",
  "true",
  "false",
  '{"a":1}',
  "[1,2,3]",
  "__proto__",
  "constructor",
  "toString",
  "/",
  "~",
  ".",
  "..",
  "/etc/hostname",
  "/nonexistent/path/x",
  "http://",
  "https://",
  "http://[::1",
  "ftp://fuzz.invalid/",
  "javascript:alert(1)",
  "http://user:pass@fuzz.invalid/",
  "http://127.0.0.1:99999",
  "https://fuzz.invalid/a%2Fb?x=1#frag",
  "1h",
  "30d",
  "-1h",
  "0s",
  "1y",
  "P1D",
  "2020-01-01",
  "2031-13-45T99:99:99Z",
  "a=b",
  "=b",
  "a=",
  "root",
  "Root",
  "tenant-admin",
  ...BAD_UUIDS,
  ...FIXED_UUIDS,
];

/**
 * Where random characters come from. No lone surrogates: Deno.args (and the environment) are
 * made from Rust strings, always well-formed Unicode, so a real command line cannot hold one.
 */
const CODE_POINT_RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0x01, 0x1f],
  [0x7f, 0x9f],
  [0xa0, 0x24f],
  [0x590, 0x6ff],
  [0x2000, 0x206f],
  [0x3040, 0x30ff],
  [0x4e00, 0x4fff],
  [0xe000, 0xe0ff],
  [0x10000, 0x1000f],
  [0xfff0, 0xffff],
  [0x1f300, 0x1f6ff],
];

function randomText(rng: Rng, length: number): string {
  let s = "";
  const range = rng.pick(CODE_POINT_RANGES);
  for (let i = 0; i < length; i++) {
    const [lo, hi] = rng.chance(0.8) ? range : rng.pick(CODE_POINT_RANGES);
    s += String.fromCodePoint(rng.int(lo, hi));
  }
  return s;
}

function garbage(rng: Rng): string {
  const r = rng.next();
  if (r < 0.55) return rng.pick(GARBAGE);
  if (r < 0.7) return randomText(rng, rng.int(1, 12));
  if (r < 0.78) return rng.pick(["a", "-", "x", "🦕", "é", "0"]).repeat(rng.int(200, 20_000));
  if (r < 0.84) return "--" + randomText(rng, rng.int(1, 8));
  if (r < 0.88) return "-" + randomText(rng, 1);
  if (r < 0.93) return String(rng.int(-1_000_000, 1_000_000) * (rng.chance(0.5) ? 1 : 1e6));
  if (r < 0.97) return rng.uuid();
  return randomText(rng, rng.int(100, 3000));
}

// ---------------------------------------------------------------------------------------------
// The vocabulary, read from the command tree

interface LooseFlag {
  kind: string;
  parse?: (this: unknown, input: string) => unknown;
  optional?: boolean;
  variadic?: boolean | string;
  default?: unknown;
}

interface LooseParam {
  parse?: (this: unknown, input: string) => unknown;
  optional?: boolean;
  default?: unknown;
}

interface LooseParameters {
  flags?: Record<string, LooseFlag>;
  aliases?: Record<string, string>;
  positional?: {
    kind: "tuple" | "array";
    parameters?: LooseParam[];
    parameter?: LooseParam;
    minimum?: number;
    maximum?: number;
  };
}

interface FlagSpec {
  key: string;
  /** Every spelling the parser accepts: --kebab, --camel, -alias, --no-... for booleans. */
  spellings: string[];
  takesValue: boolean;
  required: boolean;
  /** Values its own parser accepts. */
  valid: string[];
}

interface CommandSpec {
  name: string;
  flags: FlagSpec[];
  /** Values each positional's parser accepts, in order. */
  positionals: Array<{ valid: string[]; required: boolean }>;
  /** Whether more positionals of the last kind are accepted (array positionals). */
  repeats: boolean;
}

interface Vocabulary {
  commands: CommandSpec[];
  /** Every flag spelling of every command. */
  allFlags: string[];
  globals: Array<{ spelling: string; values: string[] }>;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Flags that write a file: their value must stay inside the fuzz folder. */
const FILE_FLAGS = ["--token-file", "--tokenFile", "--key-file", "--keyFile"];

function candidates(root: string): string[] {
  return [
    ...FIXED_UUIDS,
    "6F1C0B1E-2A3D-4E5F-8A9B-0C1D2E3F4A5B",
    "0",
    "1",
    "2",
    "5",
    "24",
    "100",
    "8760",
    "8761",
    "36500",
    "1000000",
    "-1",
    "root",
    "tenant-admin",
    "tenant-user",
    "TenantAdmin",
    "true",
    "false",
    "yes",
    "no",
    "90s",
    "15m",
    "12h",
    "30d",
    "1d12h",
    "2026-03-01",
    "2026-03-01T09:00:00Z",
    "2031-03-04 05:06",
    "admin",
    "alice",
    "fuzz-name",
    "my catalog",
    "alice@example.com",
    "approved",
    "rejected",
    "pending",
    "asset",
    "table",
    "view",
    "s3",
    "gcs",
    "azure",
    "AutoMerge",
    "use-source",
    "use-target",
    "read",
    "write",
    "read,write",
    "read,delete,list",
    "tenant",
    "catalog:sales",
    "namespace:sales.raw",
    "asset:6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
    "tag:pii",
    "create_catalog",
    "success",
    "failure",
    "catalog",
    "user",
    "bash",
    "zsh",
    "fish",
    "a=b",
    "region=eu-west-1",
    "pii,finance",
    '{"a":1}',
    '"text"',
    "42",
    "s3://bucket/prefix",
    "https://s3.fuzz.invalid",
    "sales",
    "raw",
    `${root}/out/secret-a`,
    `${root}/out/secret-b`,
    `${root}/existing-secret`,
    `${root}/missing-dir/secret`,
    "6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b,00000000-0000-0000-0000-000000000001",
  ];
}

/** The candidates `parse` accepts (it may be async, and may look at `this`). */
async function accepted(
  parse: ((this: unknown, input: string) => unknown) | undefined,
  pool: string[],
): Promise<string[]> {
  if (!parse) return pool;
  const self = { now: () => NOW, env: {}, globals: { json: false } };
  const out: string[] = [];
  for (const value of pool) {
    try {
      await parse.call(self, value);
      out.push(value);
    } catch {
      // Not a value this parser takes.
    }
  }
  return out;
}

async function buildVocabulary(root: string): Promise<Vocabulary> {
  const pool = candidates(root);
  const commands: CommandSpec[] = [];
  for (const group of GROUPS) {
    for (const [name, command] of Object.entries(group.commands)) {
      const params = command.parameters as unknown as LooseParameters;
      const aliases = Object.entries(params.aliases ?? {});
      const flags: FlagSpec[] = [];
      for (const [key, flag] of Object.entries(params.flags ?? {})) {
        const spellings = [`--${kebab(key)}`];
        if (kebab(key) !== key) spellings.push(`--${key}`);
        if (flag.kind === "boolean") {
          spellings.push(`--no-${kebab(key)}`, `--no${key[0].toUpperCase()}${key.slice(1)}`);
        }
        for (const [alias, target] of aliases) if (target === key) spellings.push(`-${alias}`);
        const takesValue = flag.kind !== "boolean" && flag.kind !== "counter";
        const isFile = FILE_FLAGS.some((f) => spellings.includes(f));
        flags.push({
          key,
          spellings,
          takesValue,
          required: takesValue && !flag.optional && !flag.variadic && flag.default === undefined,
          valid: takesValue
            ? (isFile
              ? pool.filter((v) => v.startsWith(root))
              : await accepted(flag.parse, pool.filter((v) => !v.startsWith(root))))
            : [],
        });
      }
      const positional = params.positional;
      const positionals: CommandSpec["positionals"] = [];
      let repeats = false;
      if (positional?.kind === "tuple") {
        for (const p of positional.parameters ?? []) {
          positionals.push({
            valid: await accepted(p.parse, pool),
            required: !p.optional && p.default === undefined,
          });
        }
      } else if (positional?.kind === "array" && positional.parameter) {
        const valid = await accepted(positional.parameter.parse, pool);
        const min = Math.max(1, positional.minimum ?? 0);
        for (let i = 0; i < min; i++) {
          positionals.push({ valid, required: i < (positional.minimum ?? 0) });
        }
        repeats = true;
      }
      commands.push({ name, flags, positionals, repeats });
    }
  }
  const allFlags = [...new Set(commands.flatMap((c) => c.flags.flatMap((f) => f.spellings)))];
  const urls = [...FAKE_HOSTS, "http://fuzz.invalid:8080/base/", "https://[::1]:1/"];
  const globals = [
    { spelling: "--url", values: urls },
    { spelling: "-p", values: ["default", "p1", "work"] },
    { spelling: "--profile", values: ["default", "p1", "work"] },
    { spelling: "--tenant", values: [...FIXED_UUIDS] },
    { spelling: "--json", values: [] },
    { spelling: "--timeout", values: ["0.5", "5", "30", "86400"] },
    {
      spelling: "--ca-cert",
      values: [`${FIXTURES}ca.pem`, `${FIXTURES}server.key`, `${root}/missing.pem`, root],
    },
    { spelling: "--help", values: [] },
    { spelling: "-h", values: [] },
    { spelling: "--help-all", values: [] },
    { spelling: "-H", values: [] },
    { spelling: "--version", values: [] },
  ];
  return { commands, allFlags, globals };
}

// ---------------------------------------------------------------------------------------------
// Command lines

function mutateName(rng: Rng, name: string): string {
  switch (rng.int(0, 5)) {
    case 0:
      return name.toUpperCase();
    case 1:
      return name.slice(0, rng.int(1, name.length - 1));
    case 2:
      return name.replace(/-/g, "_");
    case 3:
      return name + rng.pick(["s", "-", "=", " ", "\t", "🦕"]);
    case 4:
      return `--${name}`;
    default: {
      const at = rng.int(0, name.length - 1);
      return name.slice(0, at) + name.slice(at + 1);
    }
  }
}

function valueFor(rng: Rng, valid: readonly string[], p = 0.7): string {
  return valid.length > 0 && rng.chance(p) ? rng.pick(valid) : garbage(rng);
}

/** A flag (with its value when it takes one), in one of the spellings the parser knows. */
function flagTokens(rng: Rng, flag: FlagSpec): string[] {
  const spelling = rng.pick(flag.spellings);
  if (!flag.takesValue) {
    if (rng.chance(0.06)) return [`${spelling}=${rng.pick(["true", "false", "", "x"])}`];
    return [spelling];
  }
  if (rng.chance(0.07)) return [spelling];
  const value = valueFor(rng, flag.valid);
  if (spelling.startsWith("--") && rng.chance(0.2)) return [`${spelling}=${value}`];
  return [spelling, value];
}

function globalTokens(rng: Rng, vocab: Vocabulary): string[] {
  const g = rng.pick(vocab.globals);
  if (g.values.length === 0) {
    return rng.chance(0.05) ? [`${g.spelling}=${garbage(rng)}`] : [g.spelling];
  }
  if (rng.chance(0.05)) return [g.spelling];
  const value = rng.chance(0.75) ? rng.pick(g.values) : garbage(rng);
  return g.spelling.startsWith("--") && rng.chance(0.2)
    ? [`${g.spelling}=${value}`]
    : [g.spelling, value];
}

/** A well-formed call of `command` (every required flag and positional, valid values). */
function wellFormed(rng: Rng, command: CommandSpec, optional = 0.25): string[] {
  const out: string[] = [command.name];
  for (const flag of command.flags) {
    if (flag.required || rng.chance(optional)) {
      const spelling = flag.spellings[0];
      if (!flag.takesValue) {
        if (!spelling.startsWith("--no")) out.push(spelling);
      } else out.push(spelling, valueFor(rng, flag.valid, 0.95));
    }
  }
  for (const p of command.positionals) {
    if (p.required || rng.chance(0.5)) out.push(valueFor(rng, p.valid, 0.9));
  }
  return out;
}

function messyTokens(rng: Rng, vocab: Vocabulary, command: CommandSpec | undefined): string[] {
  const out: string[] = [];
  const n = rng.int(0, 7);
  for (let k = 0; k < n; k++) {
    const r = rng.next();
    if (command && command.flags.length > 0 && r < 0.4) {
      out.push(...flagTokens(rng, rng.pick(command.flags)));
    } else if (command && command.positionals.length > 0 && r < 0.52) {
      out.push(valueFor(rng, rng.pick(command.positionals).valid));
    } else if (r < 0.64) out.push(...globalTokens(rng, vocab));
    else if (r < 0.8) out.push(garbage(rng));
    else if (r < 0.88) out.push(rng.pick(vocab.allFlags));
    else if (r < 0.92) out.push(rng.pick(vocab.commands).name);
    else if (r < 0.96) out.push(rng.pick(["--", "-", "=", "--help", "-h", "--version"]));
    else out.push(`${rng.pick(vocab.allFlags)}=${garbage(rng)}`);
  }
  return out;
}

function commandLine(rng: Rng, vocab: Vocabulary): string[] {
  const r = rng.next();
  if (r < 0.08) {
    // Anything at all.
    const pool = [...vocab.allFlags, ...vocab.commands.map((c) => c.name)];
    return Array.from(
      { length: rng.int(0, 8) },
      () => rng.chance(0.5) ? rng.pick(pool) : garbage(rng),
    );
  }
  const command = rng.pick(vocab.commands);
  const prefix = rng.chance(0.2) ? globalTokens(rng, vocab) : [];
  if (r < 0.62) {
    // Well formed, perhaps with a little noise: these get past the parser.
    const line = wellFormed(rng, command);
    if (rng.chance(0.3)) line.push(...globalTokens(rng, vocab));
    if (rng.chance(0.1)) {
      line.splice(rng.int(1, line.length), 0, ...messyTokens(rng, vocab, command));
    }
    return [...prefix, ...line];
  }
  let name = command.name;
  const s = rng.next();
  if (s < 0.05) name = mutateName(rng, name);
  else if (s < 0.08) name = garbage(rng);
  const body = messyTokens(rng, vocab, command);
  return s < 0.1 ? [...prefix, ...body] : [...prefix, name, ...body];
}

/** A command line whose file-writing flags (if the parser sees any) name files under root. */
function safe(argv: string[], root: string): boolean {
  let rest: string[];
  try {
    rest = extractGlobals(argv).rest;
  } catch {
    return true; // Refused before any command runs.
  }
  for (const [i, arg] of rest.entries()) {
    for (const flag of FILE_FLAGS) {
      let value: string | undefined;
      if (arg === flag) value = rest[i + 1];
      else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
      else continue;
      if (value !== undefined && !value.startsWith(`${root}/`)) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Credentials and the fake server

function b64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function jwt(rng: Rng, expiresAt: Date, role = "root", tenant: string | null = null): string {
  const claims = {
    sub: rng.uuid(),
    jti: rng.uuid(),
    username: rng.pick(["admin", "alice", "fuzz"]),
    tenant_id: tenant,
    role,
    iat: Math.floor(NOW.getTime() / 1000) - 60,
    exp: Math.floor(expiresAt.getTime() / 1000),
  };
  return `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}.${
    b64url(rng.hex(32))
  }`;
}

const LATER = new Date(NOW.getTime() + 86_400_000);
const EARLIER = new Date(NOW.getTime() - 86_400_000);

/** A plausible object of the API: the fields of every kind of record, in both casings. */
function item(rng: Rng): Record<string, unknown> {
  const id = rng.uuid();
  const tenant = rng.uuid();
  const role = rng.pick(["root", "tenant-admin", "tenant-user", "Root", "TenantAdmin"]);
  const user = {
    id: rng.uuid(),
    username: "alice",
    email: "alice@example.com",
    role,
    "tenant-id": tenant,
    active: true,
  };
  return {
    id,
    name: rng.pick(["sales", "fuzz", "bot", "raw"]),
    username: "alice",
    email: "alice@example.com",
    role,
    description: "fuzz",
    active: rng.chance(0.8),
    "tenant-id": tenant,
    tenant_id: tenant,
    "user-id": user.id,
    user_id: user.id,
    "service-user-id": id,
    token: jwt(rng, LATER, "tenant-admin", tenant),
    access_token: jwt(rng, LATER, "tenant-admin", tenant),
    token_type: "Bearer",
    expires_in: 3600,
    "token-id": rng.uuid(),
    token_id: rng.uuid(),
    api_key: `pgk_${rng.hex(32)}`,
    "api-key": `pgk_${rng.hex(32)}`,
    "client-id": id,
    "expires-at": rng.pick([LATER, EARLIER]).toISOString(),
    expires_at: LATER.toISOString(),
    "created-at": EARLIER.toISOString(),
    created_at: EARLIER.toISOString(),
    "updated-at": NOW.toISOString(),
    "last-used": null,
    "issued-at": EARLIER.toISOString(),
    user,
    properties: { region: "eu-west-1" },
    "storage-config": { type: "s3", bucket: "b" },
    "storage-location": "s3://b/p",
    warehouse: "wh",
    "warehouse-name": "wh",
    "catalog-type": "Local",
    catalog_name: "sales",
    status: rng.pick(["pending", "approved", "Pending", "Completed", "Conflicted"]),
    result: "success",
    action: "create_catalog",
    "resource-type": "catalog",
    timestamp: NOW.toISOString(),
    count: rng.int(0, 9),
    total: rng.int(0, 9),
    success: true,
    message: "ok",
    valid: rng.chance(0.5),
    available: rng.chance(0.5),
    tags: ["pii"],
    discoverable: true,
    namespaces: [["raw"], ["raw", "2024"]],
    branches: [{ name: "main" }],
    conflicts: [],
    permissions: [],
    roles: [],
    actions: ["read", "list"],
    scope: { type: "catalog", catalog_id: rng.uuid() },
  };
}

type Behaviour =
  | "refuse"
  | "dns"
  | "tls"
  | "status"
  | "garbage"
  | "redirect"
  | "plausible"
  | "mixed"
  | "fixed";

const BEHAVIOURS: Behaviour[] = [
  "refuse",
  "dns",
  "tls",
  "status",
  "status",
  "garbage",
  "redirect",
  "plausible",
  "plausible",
  "plausible",
  "mixed",
  "mixed",
];

const ERROR_BODIES = [
  '{"error":"Invalid credentials"}',
  '{"error":"Forbidden","details":"Only admins"}',
  '{"error":{"message":"Not found"}}',
  '{"message":"Conflict"}',
  "Internal Server Error",
  "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
  "",
  "{",
  "null",
  '"a string"',
];

const GARBAGE_BODIES = [
  "",
  "null",
  "42",
  '"x"',
  "[]",
  "{}",
  "[1,2]",
  "[null]",
  "[{}]",
  '{"a":',
  "<html><body>proxy</body></html>",
  "not json",
  '{"token":5}',
  '{"items":[]}',
  "\u00ff\u00fe",
];

function header(init: RequestInit | undefined, name: string): string | undefined {
  return new Headers(init?.headers).get(name) ?? undefined;
}

/** A transport answering every request by `behaviour`, recording what was asked. */
function fakeFetch(
  rng: Rng,
  behaviour: Behaviour,
  requests: string[],
  fixed = "",
): typeof fetch {
  const respond = (method: string, url: URL, init?: RequestInit): Promise<Response> => {
    if (init?.signal?.aborted) {
      return Promise.reject(new DOMException("The signal has been aborted", "AbortError"));
    }
    const kind: Behaviour = behaviour === "mixed"
      ? rng.pick(BEHAVIOURS.filter((b) => b !== "mixed"))
      : behaviour;
    const json = { "content-type": "application/json" };
    switch (kind) {
      case "fixed": {
        // A server that pages: past the first page, nothing (else `--all` would never end).
        const more = Number(url.searchParams.get("offset") ?? 0) > 0;
        return Promise.resolve(new Response(more ? "[]" : fixed, { status: 200, headers: json }));
      }
      case "refuse":
        return Promise.reject(
          new TypeError(
            `error sending request for url (${url}): client error (Connect): tcp connect ` +
              "error: Connection refused (os error 111)",
          ),
        );
      case "dns":
        return Promise.reject(
          new TypeError(
            "dns error: failed to lookup address information: Name or service not known",
          ),
        );
      case "tls":
        return Promise.reject(new TypeError("invalid peer certificate: UnknownIssuer"));
      case "status": {
        const status = rng.pick([400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 501, 502, 503]);
        const headers: Record<string, string> = {
          "content-type": rng.pick(["application/json", "text/plain", "text/html"]),
        };
        // Gateway errors are retried after retry-after: keep the wait short.
        if (status >= 502 || (status === 429 && rng.chance(0.5))) headers["retry-after"] = "0.001";
        return Promise.resolve(new Response(rng.pick(ERROR_BODIES), { status, headers }));
      }
      case "garbage": {
        const status = rng.pick([200, 200, 201, 202, 204, 206]);
        const body = status === 204 ? null : rng.pick(GARBAGE_BODIES);
        return Promise.resolve(new Response(body, { status, headers: json }));
      }
      case "redirect":
        return Promise.resolve(
          new Response(null, {
            status: rng.pick([301, 302, 307, 308]),
            headers: { location: "https://elsewhere.fuzz.invalid/" },
          }),
        );
      default: {
        if (method === "DELETE" || (method !== "GET" && rng.chance(0.15))) {
          return Promise.resolve(new Response(null, { status: 204 }));
        }
        const limit = url.searchParams.get("limit");
        const list = limit !== null || url.searchParams.has("offset") ||
          (method === "GET" && rng.chance(0.35));
        let body: unknown;
        if (list) {
          const total = rng.int(0, 5);
          const offset = Number(url.searchParams.get("offset") ?? 0) || 0;
          const size = limit === null ? total : Math.max(0, Number(limit) || 0);
          const n = Math.max(0, Math.min(size, total - offset));
          body = Array.from({ length: n }, () => item(rng));
        } else body = item(rng);
        return Promise.resolve(
          new Response(JSON.stringify(body), { status: rng.pick([200, 200, 201]), headers: json }),
        );
      }
    }
  };
  return (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET"))
      .toUpperCase();
    requests.push(`${method} ${url.pathname}${header(init, "authorization") ? " (auth)" : ""}`);
    if (requests.length > MAX_REQUESTS) {
      return Promise.reject(new TypeError("fuzz: too many requests; connection refused"));
    }
    return respond(method, url, init);
  };
}

type Credentials =
  | "none"
  | "token"
  | "profile"
  | "expired-profile"
  | "client-credentials"
  | "api-key"
  | "odd-env"
  | "corrupt-config";

const CREDENTIALS: Credentials[] = [
  "none",
  "none",
  "token",
  "token",
  "profile",
  "profile",
  "expired-profile",
  "client-credentials",
  "api-key",
  "odd-env",
  "corrupt-config",
];

interface Case {
  index: number;
  argv: string[];
  credentials: Credentials;
  behaviour: Behaviour;
  env: Record<string, string>;
  stdin: string;
  home: string;
  config?: string;
  /** The body of every reply, for the "fixed" server. */
  reply?: string;
}

function buildCase(seed: number, index: number, vocab: Vocabulary, root: string): Case {
  const rng = new Rng(caseSeed(seed, index));
  let argv = commandLine(rng, vocab);
  for (let tries = 0; !safe(argv, root); tries++) {
    argv = tries < 20 ? commandLine(rng, vocab) : ["--help"];
  }
  const credentials = rng.pick(CREDENTIALS);
  const behaviour = rng.pick(BEHAVIOURS);
  const home = `${root}/home-${index}`;
  const url = rng.pick(FAKE_HOSTS);
  const tenant = rng.chance(0.5) ? rng.uuid() : null;
  const role = tenant ? rng.pick(["tenant-admin", "tenant-user"]) : "root";
  const env: Record<string, string> = {};
  let config: string | undefined;
  const profile = (expires: Date) =>
    JSON.stringify({
      profiles: {
        default: {
          url,
          token: jwt(rng, expires, role, tenant),
          token_id: rng.uuid(),
          expires_at: expires.toISOString(),
          username: "admin",
          user_id: rng.uuid(),
          role,
          tenant_id: tenant,
          tenant_name: tenant ? "acme" : null,
        },
      },
    });
  switch (credentials) {
    case "token":
      env.PANGOLIN_URL = url;
      env.PANGOLIN_TOKEN = jwt(rng, LATER, role, tenant);
      break;
    case "profile":
      config = profile(LATER);
      break;
    case "expired-profile":
      config = profile(EARLIER);
      break;
    case "client-credentials":
      env.PANGOLIN_URL = url;
      env.PANGOLIN_CLIENT_ID = rng.uuid();
      env.PANGOLIN_API_KEY = `pgk_${rng.hex(32)}`;
      break;
    case "api-key":
      env.PANGOLIN_URL = url;
      env.PANGOLIN_API_KEY = `pgk_${rng.hex(32)}`;
      break;
    case "odd-env":
      env.PANGOLIN_URL = rng.chance(0.5) ? url : garbage(rng);
      for (const name of ["PANGOLIN_TIMEOUT", "PANGOLIN_TENANT", "PANGOLIN_PROFILE"]) {
        if (rng.chance(0.5)) env[name] = garbage(rng);
      }
      if (rng.chance(0.5)) env.PANGOLIN_TOKEN = rng.chance(0.5) ? garbage(rng) : "a.b.c";
      break;
    case "corrupt-config":
      config = rng.pick(['{"profiles":', "[]", '{"profiles":{"default":7}}', "\u00ff", ""]);
      break;
  }
  const stdin = rng.pick(["", "password\n", '{"region":"eu"}\n', "secret", garbage(rng)]);
  return { index, argv, credentials, behaviour, env, stdin, home, config };
}

// ---------------------------------------------------------------------------------------------
// Running and checking

const STACK_FRAME = /^ {4}at /m;

function describeCase(seed: number, c: Case): string {
  const show = (s: string) => JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);
  const which = c.reply === undefined ? "FUZZ_CASE" : "case";
  return `FUZZ_SEED=${seed} ${which}=${c.index}: argv [${c.argv.map(show).join(", ")}] ` +
    `(credentials ${c.credentials}, server ${c.behaviour}` +
    `${c.reply === undefined ? "" : ` answering ${show(c.reply)}`}, stdin ${show(c.stdin)})`;
}

/** What is wrong with a case's outcome, if anything. */
function problems(c: Case, r: RunResult, requests: string[]): string[] {
  const out: string[] = [];
  const inputs = [...c.argv, c.stdin, ...Object.values(c.env)].join("\n");
  const both = r.stdout + r.stderr;
  if (!CONTRACT_CODES.has(r.code)) out.push(`exit code ${r.code} is not in the contract`);
  if (STACK_FRAME.test(both) && !inputs.includes("    at ")) out.push("a stack trace");
  if (both.includes("file:///") && !inputs.includes("file:")) out.push("a file:/// path");
  if (/unexpected internal error/i.test(both)) out.push("an unexpected internal error");
  if (r.code !== 0 && r.stderr.trim() === "") out.push(`exit ${r.code} with nothing on stderr`);
  if (r.prompts.length > 0) out.push(`prompted without a terminal: ${r.prompts.join(" / ")}`);
  if (requests.length > MAX_REQUESTS) out.push(`more than ${MAX_REQUESTS} requests`);
  return out;
}

async function prepareHome(c: Case): Promise<void> {
  if (c.config === undefined) return;
  await Deno.mkdir(`${c.home}/.pangolin`, { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(`${c.home}/.pangolin/config`, c.config, { mode: 0o600 });
}

async function runCase(seed: number, c: Case): Promise<{ r?: RunResult; requests: string[] }> {
  await prepareHome(c);
  const requests: string[] = [];
  const fetch = fakeFetch(new Rng(caseSeed(seed, c.index, 1)), c.behaviour, requests, c.reply);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), CASE_TIMEOUT_MS);
  });
  try {
    const r = await Promise.race([
      run(c.argv, {
        home: c.home,
        env: c.env,
        stdin: c.stdin,
        terminal: false,
        now: () => NOW,
        fetch,
      }),
      timeout,
    ]);
    return { r, requests };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs cases one after the other; fails with one example of each kind of failure. */
async function runAll(seed: number, cases: Iterable<Case>, label: string): Promise<void> {
  const failures: string[] = [];
  const codes = new Map<number, number>();
  let count = 0;
  let reachedServer = 0;
  const started = performance.now();
  for (const c of cases) {
    count++;
    const { r, requests } = await runCase(seed, c);
    if (!r) {
      failures.push(`${describeCase(seed, c)}\n  did not finish within ${CASE_TIMEOUT_MS} ms`);
      continue;
    }
    codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    if (requests.length > 0) reachedServer++;
    const found = problems(c, r, requests);
    if (found.length > 0) {
      failures.push(
        `${describeCase(seed, c)}\n  exit ${r.code}: ${found.join("; ")}\n` +
          `  stderr: ${JSON.stringify(r.stderr.slice(0, 600))}`,
      );
    }
    await Deno.remove(c.home, { recursive: true }).catch(() => {});
  }
  const histogram = [...codes.entries()].sort((a, b) => a[0] - b[0])
    .map(([code, n]) => `${code}:${n}`).join(" ");
  console.log(
    `${label}: ${count} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `exit codes ${histogram}; ${reachedServer} reached the fake server`,
  );
  if (failures.length > 0) {
    // One example of each kind of failure (what went wrong, and the first of stderr).
    const kinds = new Map<string, string[]>();
    for (const f of failures) {
      const key = f.replace(/^[^\n]*\n/, "").replace(/[0-9a-f-]{36}/g, "<uuid>").slice(0, 160);
      kinds.set(key, [...(kinds.get(key) ?? []), f]);
    }
    assert.fail(
      `${failures.length} of ${count} cases failed, ${kinds.size} kinds; one of each ` +
        `(at most 40):\n\n` +
        [...kinds.values()].slice(0, 40).map((fs) => `${fs[0]}\n  (${fs.length} like it)`)
          .join("\n\n"),
    );
  }
}

/** A scratch folder for the cases' HOMEs and secret files, removed afterwards. */
async function withRoot(body: (root: string, vocab: Vocabulary) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "pangolin-fuzz-" });
  try {
    await Deno.mkdir(`${root}/out`);
    await Deno.writeTextFile(`${root}/existing-secret`, "old\n", { mode: 0o600 });
    await body(root, await buildVocabulary(root));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("fuzzed command lines end in a contract exit code, with no crash or hang", async () => {
  const seed = envInt("FUZZ_SEED", DEFAULT_SEED);
  const runs = envInt("FUZZ_RUNS", DEFAULT_RUNS);
  const only = Deno.env.get("FUZZ_CASE");
  console.log(`fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}${only ? ` FUZZ_CASE=${only}` : ""}`);
  await withRoot(async (root, vocab) => {
    function* cases() {
      for (let i = 0; i < runs; i++) {
        if (only === undefined || i === Number(only)) yield buildCase(seed, i, vocab, root);
      }
    }
    await runAll(seed, cases(), "fuzz");
  });
});

/** Well-formed calls of each command per reply kind (each gets its own flags and values). */
const CALLS_PER_REPLY = 2;

Deno.test("every command, called well formed, survives every kind of garbage reply", async () => {
  const seed = envInt("FUZZ_SEED", DEFAULT_SEED);
  console.log(`replies: FUZZ_SEED=${seed}`);
  await withRoot(async (root, vocab) => {
    function* cases(): Generator<Case> {
      let index = 0;
      for (const command of vocab.commands) {
        for (const reply of GARBAGE_BODIES) {
          for (let k = 0; k < CALLS_PER_REPLY; k++, index++) {
            const rng = new Rng(caseSeed(seed ^ 0x7e91, index));
            const argv = wellFormed(rng, command, 0.5);
            const yes = command.flags.find((f) => f.key === "yes");
            if (yes) argv.push(yes.spellings[0]);
            if (rng.chance(0.5)) argv.push("--json");
            if (!safe(argv, root)) continue;
            const c = buildCase(seed ^ 0x7e91, index, vocab, root);
            c.credentials = rng.pick(["token", "profile"]);
            c.env = {};
            c.config = undefined;
            const url = FAKE_HOSTS[0];
            const tenant = rng.chance(0.5) ? rng.uuid() : null;
            const role = tenant ? "tenant-admin" : "root";
            const token = jwt(rng, LATER, role, tenant);
            if (c.credentials === "token") {
              c.env = { PANGOLIN_URL: url, PANGOLIN_TOKEN: token };
            } else {
              const profile = { url, token, token_id: rng.uuid(), role, tenant_id: tenant };
              c.config = JSON.stringify({ profiles: { default: profile } });
            }
            yield { ...c, argv, behaviour: "fixed", reply };
          }
        }
      }
    }
    await runAll(seed, cases(), "replies");
  });
});
