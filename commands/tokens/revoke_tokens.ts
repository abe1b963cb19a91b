import { defineCommand } from "../../lib/command.ts";
import { collect } from "../../lib/api/client.ts";
import type { TokenInfo } from "../../lib/api/tokens.ts";
import { listUsers } from "../../lib/api/users.ts";
import { forEachBounded } from "../../lib/concurrency.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { reasonFlag, yesFlag } from "../../lib/flags.ts";
import { type Block, type Column, note, printJson, say, table, warn } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import {
  CONCURRENCY,
  confirmRevocation,
  CURRENT_LEGEND,
  currentTokenId,
  failureCode,
  markCurrent,
  sayOwnSession,
  selectedTokens,
  selector,
  type SelectorFlags,
  selectorFlags,
  StreamingRevoker,
} from "./revocation.ts";
import { LOGIN_SESSIONS_NOTE } from "./shared.ts";

interface Flags extends SelectorFlags {
  allUsers?: boolean;
  exceptCurrent?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  reason?: string;
}

const NIL_TENANT = "00000000-0000-0000-0000-000000000000";

/** `revoke-tokens --all-users`: the incident form: matching tokens of every user in reach. */
export const revokeTokensCommand = defineCommand({
  docs: {
    brief: "Revoke the matching tokens of every user (admin, for incidents)",
    fullDescription: [
      "Lists every user the caller can see (the current tenant), lists each user's recorded",
      "tokens, keeps those the selectors match, and revokes them in parallel. --dry-run lists",
      "exactly what would be revoked. Sessions from login are not listed by the server, and",
      "tokens minted for a username that is no user are filed under a made-up user id that no",
      "listing reaches: revoke those by id. When the caller's own session is among them (a",
      "rotated or minted token is listed), the dry run marks it, and it is revoked last and",
      "removed from the profile; --except-current keeps it.",
      "",
      "Examples:",
      "  pangolin-admin revoke-tokens --all-users --issued-before 2026-03-01T09:00:00Z --dry-run",
      "  pangolin-admin revoke-tokens --all-users --older-than 30d --yes --json > revoked.json",
    ].join("\n"),
  },
  parameters: {
    flags: {
      allUsers: {
        kind: "boolean",
        optional: true,
        brief: "Every user the caller can see (required: the scope is stated, not implied)",
      },
      ...selectorFlags,
      exceptCurrent: {
        kind: "boolean",
        optional: true,
        brief: "Keep the token this command runs with",
      },
      dryRun: { kind: "boolean", optional: true, brief: "Only list what would be revoked" },
      yes: yesFlag,
      reason: reasonFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    if (!flags.allUsers) {
      throw new UsageError(
        "Name the scope: --all-users (or revoke-user-tokens --user-id <uuid> for one user)",
      );
    }
    const { session, api } = await connect(this);
    const role = session.claims?.role;
    const users = await listUsers(api, { all: true });
    note(this, LOGIN_SESSIONS_NOTE);
    // Root's token listings cover only the default tenant (api.md 5.2.8), whatever tenant
    // its user listing was switched to.
    const tenantOf = (u: (typeof users)[number]) => u["tenant-id"] ?? NIL_TENANT;
    const reachable = role === "root" ? users.filter((u) => tenantOf(u) === NIL_TENANT) : users;
    const unreached = users.length - reachable.length;
    if (unreached > 0) {
      warn(
        this,
        `Warning: as root, the server lists only the default tenant's tokens; the tokens of ` +
          `${unreached} users of tenant ${tenantOf(users[0])} can only be listed (and so ` +
          "revoked) by that tenant's admin.",
      );
    }
    const select = selector(this, flags);
    const own = currentTokenId(session);
    const except = flags.exceptCurrent ? own : undefined;
    const pick = (t: TokenInfo) => t.id !== except && select(t);
    if (flags.dryRun) {
      // A listing: every selected token of every user is shown, each read page by page.
      // In the users' order, whichever listing comes back first.
      const byUser: TokenInfo[][] = new Array(reachable.length);
      await forEachBounded(reachable.keys(), CONCURRENCY, async (i) => {
        const u = reachable[i];
        byUser[i] = await listOrExplain(u, collect(selectedTokens(api, u.id, pick)));
      });
      const targets = byUser.flat();
      const marked = markCurrent(session, targets);
      if (this.globals.json) {
        printJson(this, { dry_run: true, users: reachable.length, would_revoke: marked });
      } else {
        if (targets.length > 0) say(this, targetTable(this, marked));
        const usersHit = new Set(targets.map((t) => t.user_id)).size;
        say(this, `Would revoke ${targets.length} tokens of ${usersHit} users`);
        if (marked.some((t) => t.current)) say(this, CURRENT_LEGEND);
      }
      if (unreached > 0) throw unreachedFailure(unreached);
      return;
    }
    if (!flags.yes) {
      // The question states the counts, so the tokens are counted first (no rows kept); with
      // --yes they are revoked as each user's list is read.
      let count = 0;
      let hitsOwn = false;
      const hit = new Set<string>();
      await forEachBounded(reachable, CONCURRENCY, async (u) => {
        const listed = await listOrExplain(u, collect(selectedTokens(api, u.id, pick)));
        count += listed.length;
        if (listed.length > 0) hit.add(u.id);
        hitsOwn ||= listed.some((t) => t.id === own);
      });
      await confirmRevocation(this, count, `${hit.size} users`, hitsOwn, flags.yes);
    }
    const revoker = new StreamingRevoker(this, api, session, {
      reason: flags.reason,
      keepResults: this.globals.json,
      exceptCurrent: flags.exceptCurrent,
    });
    let stopped: CommandFailure | undefined;
    // Users are walked CONCURRENCY at a time; the revoker bounds the requests in flight.
    await forEachBounded(reachable, CONCURRENCY, async (u) => {
      if (stopped) return;
      try {
        await revoker.user(u.id, pick);
      } catch (err) {
        stopped ??= new CommandFailure(
          `Cannot list the tokens of ${u.username} (${u.id}): ${(err as Error).message}; ` +
            "the users after it were not reached.",
        );
      }
    });
    const run = await revoker.finish();
    const ownResult = run.own;
    if (this.globals.json) {
      printJson(this, {
        users: reachable.length,
        listed: run.attempted,
        results: (run.results ?? []).map(({ exitCode: _code, ...r }) =>
          r.id === ownResult?.id ? { ...r, current: true } : r
        ),
      });
    } else {
      say(this, `✅ Revoked ${run.ok} of ${run.attempted} tokens of ${run.users} users`);
      sayOwnSession(this, ownResult);
    }
    if (stopped) throw stopped;
    if (run.failed.length > 0) {
      throw new CommandFailure(
        `${run.failed.length} of ${run.attempted} tokens were not revoked (listed above).`,
        failureCode(run.failed),
      );
    }
    if (unreached > 0) throw unreachedFailure(unreached);
  },
});

/** A user's listing, or the failure that names the user; nothing has been revoked yet. */
async function listOrExplain<T>(
  user: { id: string; username: string },
  listing: Promise<T>,
): Promise<T> {
  try {
    return await listing;
  } catch (err) {
    throw new CommandFailure(
      `Cannot list the tokens of ${user.username} (${user.id}): ${(err as Error).message}; ` +
        "nothing was revoked.",
    );
  }
}

function unreachedFailure(count: number): CommandFailure {
  return new CommandFailure(
    `The tokens of ${count} users were not reached.`,
    1,
    "log in as that tenant's admin (login --tenant-id <uuid>) and run this again",
  );
}

function targetTable(
  ctx: Context,
  tokens: ReadonlyArray<TokenInfo & { current?: boolean }>,
): Block {
  const columns: Column<TokenInfo & { current?: boolean }>[] = [
    { header: "Token ID", kind: "id", cell: (t) => t.id + (t.current ? " *" : "") },
    { header: "User", cell: (t) => t.username },
    { header: "Created At", kind: "time", cell: (t) => t.created_at },
    { header: "Expires At", kind: "time", cell: (t) => t.expires_at },
  ];
  return table(ctx, tokens, columns);
}
