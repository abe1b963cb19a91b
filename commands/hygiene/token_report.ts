import { defineCommand } from "../../lib/command.ts";
import type { UserInfo } from "../../lib/api/auth.ts";
import { listServiceUsers, type ServiceUser } from "../../lib/api/service_users.ts";
import { type TokenInfo, userTokenPages } from "../../lib/api/tokens.ts";
import { listUsers } from "../../lib/api/users.ts";
import { auditLogPath, lastKeyRotations } from "../../lib/audit_log.ts";
import { forEachBounded } from "../../lib/concurrency.ts";
import type { Context } from "../../lib/context.ts";
import { formatDuration, parseDuration } from "../../lib/duration.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { type Block, type Column, note, printJson, say, table, warn } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { CONCURRENCY } from "../tokens/revocation.ts";
import { LOGIN_SESSIONS_NOTE } from "../tokens/shared.ts";

interface Flags {
  maxAge?: number;
  expiringWithin?: number;
  keyMaxAge?: number;
}

const DAY_MS = 86_400_000;
const NIL_TENANT = "00000000-0000-0000-0000-000000000000";

/**
 * The policy when no flag names one: the common 90-day rotation for tokens and keys. No expiry
 * window: the server's tokens last 24 h by default, so any window would flag every one of them.
 */
const DEFAULT_POLICY = { maxAge: 90 * DAY_MS, keyMaxAge: 90 * DAY_MS };

type Kind = "token-too-old" | "token-expiring" | "key-too-old" | "key-never-used";

interface TokenFinding {
  kind: "token-too-old" | "token-expiring";
  token_id: string;
  user_id: string;
  username: string;
  created_at: string;
  expires_at: string;
}

/** A service user's key, with the date its age is counted from and where that came from. */
interface KeyAge {
  service_user_id: string;
  name: string;
  created_at: string;
  key_date: string;
  key_date_source: "audit-log-rotation" | "created-at";
  last_used: string | null;
}

type KeyFinding = KeyAge & { kind: "key-too-old" | "key-never-used" };

/** POST /api/v1/tokens files a token for an unknown username under a random user id. */
const UNLISTED_NOTE = "Note: tokens minted for a username that is no user are filed under no " +
  "listed user, so they are not checked.";

/** What no listing of the server shows, said in every report. */
const LIMITS = [
  "Sessions from login are not recorded by the server: they are not listed and stay valid " +
  "until they expire (at most 24 h).",
  "Tokens minted for a username that is no user are filed under a user id that no user " +
  "listing reaches; they are not checked.",
  "The server keeps no rotation time for service-user keys: key ages count from the last " +
  "rotation this host recorded in its audit log, else from created-at.",
  "last-used belongs to the service user, not to its current key, and the server updates it " +
  "on a best-effort basis.",
];

/** `token-report`: tokens and service-user keys that break an age and expiry policy. */
export const tokenReportCommand = defineCommand({
  docs: {
    brief: "Report tokens and keys that break the age and expiry policy",
    fullDescription: [
      "Lists every user of the current tenant, then each user's recorded tokens (8 at a",
      "time), and reports tokens created longer ago than --max-age and tokens that expire",
      "within --expiring-within (only tokens that live longer than that window: a 24-hour",
      "session is always within a day of its end, by design). With --key-max-age it lists the",
      "tenant's service users and",
      "reports keys older than that, and keys never used (last-used empty). Inactive or",
      "expired service users are skipped: their keys do not work. Exit 1 when anything breaks",
      "the policy (cron mails the report), 0 with a 'No findings' line otherwise.",
      "",
      "Without any policy flag the default policy is --max-age 90d --key-max-age 90d (no",
      "expiry window: tokens last 24 h unless created longer, so any window would flag all of",
      "them); with one or more flags, only those checks run.",
      "",
      "What the report cannot see: sessions from login are never recorded, so never listed;",
      "tokens minted for a username that is no user are not under any listed user; as root,",
      "the server lists only the default tenant's tokens, so users of another tenant are",
      "counted as not checked (exit 1; run it as that tenant's admin). The server keeps no",
      "rotation time and rotation leaves created-at unchanged: a key's age counts from the",
      "last rotation this host's audit log recorded, else from created-at (an overestimate",
      "when the key was rotated elsewhere); the report says which for each key.",
      "",
      "Examples:",
      "  pangolin-admin token-report",
      "  pangolin-admin token-report --max-age 30d --expiring-within 3d",
      "  pangolin-admin token-report --key-max-age 90d --json > keys.json",
    ].join("\n"),
  },
  parameters: {
    flags: {
      maxAge: {
        kind: "parsed",
        parse: parseDuration,
        optional: true,
        brief: "Report tokens created longer ago than this (90s, 15m, 12h, 30d)",
        placeholder: "duration",
      },
      expiringWithin: {
        kind: "parsed",
        parse: parseDuration,
        optional: true,
        brief: "Report tokens that expire within this time",
        placeholder: "duration",
      },
      keyMaxAge: {
        kind: "parsed",
        parse: parseDuration,
        optional: true,
        brief: "Report service-user keys older than this, or never used",
        placeholder: "duration",
      },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const isDefault = flags.maxAge === undefined && flags.expiringWithin === undefined &&
      flags.keyMaxAge === undefined;
    const policy: Flags = isDefault ? DEFAULT_POLICY : flags;
    if (isDefault) {
      note(
        this,
        "Note: no policy flag given; using the default policy --max-age 90d --key-max-age 90d.",
      );
    }
    const checkTokens = policy.maxAge !== undefined || policy.expiringWithin !== undefined;
    const checkKeys = policy.keyMaxAge !== undefined;
    const { session, api } = await connect(this);
    const now = this.now().getTime();

    let users: UserInfo[] = [];
    let unchecked = 0;
    const scan = new TokenScan(policy, now);
    if (checkTokens) {
      users = await listUsers(api, { all: true });
      // GET /api/v1/users/{id}/tokens answers only for the caller's session tenant (api.md
      // 5.2.8): for root that is the default tenant, whatever tenant --tenant listed users of.
      const own = session.claims
        ? (session.claims.tenant_id ?? NIL_TENANT).toLowerCase()
        : undefined;
      const tenantOf = (u: UserInfo) => (u["tenant-id"] ?? NIL_TENANT).toLowerCase();
      const reachable = own === undefined ? users : users.filter((u) => tenantOf(u) === own);
      unchecked = users.length - reachable.length;
      note(this, LOGIN_SESSIONS_NOTE);
      note(this, UNLISTED_NOTE);
      if (unchecked > 0) {
        const other = tenantOf(users.find((u) => tenantOf(u) !== own)!);
        const whose = own === NIL_TENANT ? "the default tenant's" : `tenant ${own}'s`;
        warn(
          this,
          `Warning: as ${session.claims?.role}, the server lists only ${whose} tokens; the ` +
            `tokens of ${plural(unchecked, "user")} of tenant ${other} are not checked (only ` +
            "that tenant's admin can list them).",
        );
      }
      // Page by page (a user's whole list in one reply can pass the reply limit), CONCURRENCY
      // users at a time; only the findings and the counts are kept, never the tokens.
      await forEachBounded(reachable, CONCURRENCY, async (u) => {
        for await (const page of userTokenPages(api, u.id, { all: true })) scan.add(page);
      });
    }

    let keys: KeyAge[] = [];
    let skipped = 0;
    if (checkKeys) {
      const all = await listServiceUsers(api, { all: true });
      const usable = all.filter((su) => su.active && !expired(su, now));
      skipped = all.length - usable.length;
      const rotations = await lastKeyRotations(this);
      keys = usable.map((su) => keyAge(su, rotations.get(su.id.toLowerCase())));
      const fromLog = keys.filter((k) => k.key_date_source === "audit-log-rotation").length;
      const log = auditLogPath(this.env);
      if (keys.length > 0 && log) {
        note(
          this,
          `Note: the server keeps no rotation time: key ages count from created-at for ` +
            `${plural(keys.length - fromLog, "key")} and from a rotation recorded in ${log} ` +
            `for ${fromLog}; a key rotated from another host looks older than it is.`,
        );
      } else if (keys.length > 0) {
        note(
          this,
          "Note: the server keeps no rotation time and this host's audit log is off: every " +
            "key's age counts from created-at, so a rotated key looks older than it is.",
        );
      }
      if (skipped > 0) {
        note(
          this,
          `Note: ${plural(skipped, "inactive or expired service user")} not checked (their keys ` +
            "do not work).",
        );
      }
    }

    const tokenFindings = scan.findings();
    const short = scan.short;
    if (short > 0) {
      note(
        this,
        `Note: ${plural(short, "token")} ${short === 1 ? "lives" : "live"} no longer than ` +
          `--expiring-within ${formatDuration(policy.expiringWithin!)} (sessions and ` +
          "rotations of 24 h); they are not counted as expiring.",
      );
    }
    const keyFindings = findKeys(keys, policy, now);
    const count = (kind: Kind) =>
      [...tokenFindings, ...keyFindings].filter((f) => f.kind === kind).length;
    const total = tokenFindings.length + keyFindings.length;
    const checkedUsers = users.length - unchecked;

    if (this.globals.json) {
      printJson(this, {
        checked_at: new Date(now).toISOString(),
        policy: {
          default: isDefault,
          max_age_seconds: seconds(policy.maxAge),
          expiring_within_seconds: seconds(policy.expiringWithin),
          key_max_age_seconds: seconds(policy.keyMaxAge),
        },
        findings: [...tokenFindings, ...keyFindings],
        service_user_keys: keys,
        counts: {
          findings: total,
          token_too_old: count("token-too-old"),
          token_expiring: count("token-expiring"),
          key_too_old: count("key-too-old"),
          key_never_used: count("key-never-used"),
          users: users.length,
          users_checked: checkedUsers,
          users_not_checked: unchecked,
          tokens: scan.count,
          tokens_short_lived: short,
          service_users_checked: keys.length,
          service_users_skipped: skipped,
        },
        limits: unchecked > 0 ? [...LIMITS, unreachedLimit(unchecked)] : LIMITS,
      });
    } else {
      say(this, `Policy: ${describePolicy(policy)}`);
      if (tokenFindings.length > 0) {
        say(this, "");
        say(this, "Tokens:");
        say(this, tokenTable(this, tokenFindings));
      }
      if (keyFindings.length > 0) {
        say(this, "");
        say(this, "Service-user keys:");
        say(this, keyTable(this, keyFindings));
      }
      const scope = [
        checkTokens ? `${plural(scan.count, "token")} of ${plural(checkedUsers, "user")}` : "",
        checkKeys ? plural(keys.length, "service-user key") : "",
      ].filter(Boolean).join(" and ");
      const notChecked = unchecked > 0 ? `; ${plural(unchecked, "user")} not checked` : "";
      if (total === 0) {
        const verdict = unchecked > 0 ? "No findings in what was checked" : "No findings";
        say(this, "");
        say(this, `${verdict}: all within the policy (checked ${scope}${notChecked})`);
      } else {
        const breakdown = (Object.keys(LABEL) as Kind[]).filter((k) => count(k) > 0).map((k) =>
          `${plural(count(k), k.startsWith("token") ? "token" : "key")} ${LABEL[k]}`
        ).join(", ");
        say(this, "");
        say(this, `${plural(total, "finding")}: ${breakdown} (checked ${scope}${notChecked})`);
      }
    }
    if (total > 0 || unchecked > 0) {
      const what = [
        total > 0
          ? `${plural(total, "finding")} ${total === 1 ? "breaks" : "break"} the policy`
          : "",
        unchecked > 0 ? `the tokens of ${plural(unchecked, "user")} were not checked` : "",
      ].filter(Boolean).join("; ");
      throw new CommandFailure(
        what.charAt(0).toUpperCase() + what.slice(1) + ".",
        1,
        unchecked > 0
          ? "log in as that tenant's admin (login --tenant-id <uuid>) and run this again"
          : undefined,
      );
    }
  },
});

function unreachedLimit(count: number): string {
  return `The server lists tokens only for the caller's own tenant (root: the default tenant): ` +
    `the tokens of ${plural(count, "user")} of another tenant were not checked.`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function seconds(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms / 1000);
}

function describePolicy(p: Flags): string {
  const parts: string[] = [];
  if (p.maxAge !== undefined) parts.push(`tokens older than ${formatDuration(p.maxAge)}`);
  if (p.expiringWithin !== undefined) {
    parts.push(`tokens expiring within ${formatDuration(p.expiringWithin)}`);
  }
  if (p.keyMaxAge !== undefined) {
    parts.push(`service-user keys older than ${formatDuration(p.keyMaxAge)} or never used`);
  }
  return parts.join("; ");
}

/** A date the server sent, or an unexpected reply (never a silent pass). */
function timeOf(value: string | null | undefined, what: string): number {
  const t = value ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) {
    throw new ApiError("read the report's data", 200, `${what} has no readable date ('${value}')`, {
      unexpected: true,
    });
  }
  return t;
}

function expired(su: ServiceUser, now: number): boolean {
  const exp = su["expires-at"];
  return exp !== null && exp !== undefined && timeOf(exp, `service user ${su.id}`) <= now;
}

/** A rotation only counts when it is newer than created-at (a re-created id, a moved clock). */
function keyAge(su: ServiceUser, rotated: Date | undefined): KeyAge {
  const created = timeOf(su["created-at"], `service user ${su.id}`);
  const fromLog = rotated !== undefined && rotated.getTime() > created;
  return {
    service_user_id: su.id,
    name: su.name,
    created_at: su["created-at"],
    key_date: fromLog ? rotated.toISOString() : su["created-at"],
    key_date_source: fromLog ? "audit-log-rotation" : "created-at",
    last_used: su["last-used"] ?? null,
  };
}

/** The token findings of listings read page by page: the counts and findings, not the pages. */
class TokenScan {
  count = 0;
  /** Tokens that live no longer than --expiring-within (never counted as expiring). */
  short = 0;
  #old: TokenFinding[] = [];
  #soon: TokenFinding[] = [];

  constructor(readonly policy: Flags, readonly now: number) {}

  add(page: readonly TokenInfo[]): void {
    this.count += page.length;
    const window = this.policy.expiringWithin;
    if (window !== undefined) this.short += page.filter((t) => shortLived(t, window)).length;
    for (const f of findTokens(page, this.policy, this.now)) {
      (f.kind === "token-too-old" ? this.#old : this.#soon).push(f);
    }
  }

  /** Too old first (oldest first), then expiring (soonest first). */
  findings(): TokenFinding[] {
    const at = (time: string) => Date.parse(time);
    return [
      ...this.#old.sort((a, b) => at(a.created_at) - at(b.created_at)),
      ...this.#soon.sort((a, b) => at(a.expires_at) - at(b.expires_at)),
    ];
  }
}

function findTokens(tokens: readonly TokenInfo[], p: Flags, now: number): TokenFinding[] {
  const finding = (kind: TokenFinding["kind"], t: TokenInfo): TokenFinding => ({
    kind,
    token_id: t.id,
    user_id: t.user_id,
    username: t.username,
    created_at: t.created_at,
    expires_at: t.expires_at,
  });
  const old = p.maxAge === undefined ? [] : tokens
    .filter((t) => timeOf(t.created_at, `token ${t.id}`) < now - p.maxAge!)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
    .map((t) => finding("token-too-old", t));
  const soon = p.expiringWithin === undefined ? [] : tokens
    .filter((t) => !shortLived(t, p.expiringWithin!))
    .filter((t) => timeOf(t.expires_at, `token ${t.id}`) <= now + p.expiringWithin!)
    .sort((a, b) => Date.parse(a.expires_at) - Date.parse(b.expires_at))
    .map((t) => finding("token-expiring", t));
  return [...old, ...soon];
}

/**
 * A token whose whole life fits in the expiry window is always "expiring" (every 24-hour session
 * and rotation, against --expiring-within 1d): that is its design, not news. Only tokens meant
 * to outlive the window (a device's 30-day token) are reported when their end comes near.
 */
function shortLived(t: TokenInfo, window: number): boolean {
  const life = timeOf(t.expires_at, `token ${t.id}`) - timeOf(t.created_at, `token ${t.id}`);
  return life <= window;
}

function findKeys(keys: readonly KeyAge[], p: Flags, now: number): KeyFinding[] {
  if (p.keyMaxAge === undefined) return [];
  const old = keys
    .filter((k) => Date.parse(k.key_date) < now - p.keyMaxAge!)
    .sort((a, b) => Date.parse(a.key_date) - Date.parse(b.key_date))
    .map((k): KeyFinding => ({ kind: "key-too-old", ...k }));
  const unused = keys
    .filter((k) => k.last_used === null)
    .map((k): KeyFinding => ({ kind: "key-never-used", ...k }));
  return [...old, ...unused];
}

const LABEL: Record<Kind, string> = {
  "token-too-old": "too old",
  "token-expiring": "expiring",
  "key-too-old": "too old",
  "key-never-used": "never used",
};

function tokenTable(ctx: Context, rows: readonly TokenFinding[]): Block {
  const columns: Column<TokenFinding>[] = [
    { header: "Finding", cell: (f) => LABEL[f.kind] },
    { header: "Token ID", kind: "id", cell: (f) => f.token_id },
    { header: "User", cell: (f) => f.username },
    { header: "Created At", kind: "time", cell: (f) => f.created_at },
    { header: "Expires At", kind: "time", cell: (f) => f.expires_at },
  ];
  return table(ctx, rows, columns);
}

function keyTable(ctx: Context, rows: readonly KeyFinding[]): Block {
  const columns: Column<KeyFinding>[] = [
    { header: "Finding", cell: (f) => LABEL[f.kind] },
    { header: "Service User ID", kind: "id", cell: (f) => f.service_user_id },
    { header: "Name", cell: (f) => f.name },
    { header: "Key Date", kind: "time", cell: (f) => f.key_date },
    {
      header: "Key Date From",
      cell: (f) => f.key_date_source === "created-at" ? "created-at" : "rotation (audit log)",
    },
    { header: "Last Used", kind: "time", cell: (f) => f.last_used || "never" },
  ];
  return table(ctx, rows, columns);
}
