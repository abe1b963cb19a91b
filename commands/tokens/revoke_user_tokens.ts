import { buildCommand } from "@stricli/core";
import { listUserTokens, type TokenInfo } from "../../lib/api/tokens.ts";
import { getUser } from "../../lib/api/users.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, reasonFlag, refFlag, yesFlag } from "../../lib/flags.ts";
import { note, printJson, say, warn } from "../../lib/output.ts";
import { label, named, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import {
  CURRENT_LEGEND,
  failureCode,
  markCurrent,
  revokeAllOwnLast,
  sayOwnSession,
  type SelectorFlags,
  selectorFlags,
  selectTokens,
} from "./revocation.ts";
import { LOGIN_SESSIONS_NOTE, tokenTable } from "./shared.ts";

interface Flags extends SelectorFlags {
  userId: string;
  exceptCurrent?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  reason?: string;
}

const NIL_TENANT = "00000000-0000-0000-0000-000000000000";

/** `revoke-user-tokens`: ends every listed session of a user in one command. */
export const revokeUserTokensCommand = buildCommand({
  docs: {
    brief: "Revoke all listed tokens of a user (admin)",
    fullDescription: [
      "Lists the user's recorded tokens, then revokes each (in parallel, bounded). Asks to",
      "confirm on a terminal; without one, --yes is required. Sessions from login are not",
      "listed by the server and stay valid until they expire (at most 24 h).",
      "",
      "Examples:",
      "  pangolin-admin revoke-user-tokens --user-id alice --dry-run",
      "  pangolin-admin revoke-user-tokens --user-id 3f0c2a7e-5b1d-4c8e-9a63-2d7f1e0b4c55 --yes",
      "  pangolin-admin revoke-user-tokens --user-id <uuid> --older-than 30d --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: refFlag("User: username or id", "user"),
      exceptCurrent: {
        kind: "boolean",
        optional: true,
        brief: "Keep the token this command runs with",
      },
      dryRun: { kind: "boolean", optional: true, brief: "Only list what would be revoked" },
      yes: yesFlag,
      reason: reasonFlag,
      ...selectorFlags,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const user = await named(
      this,
      api,
      await resolveById(api, session, "user", flags.userId),
      flags.yes || flags.dryRun,
    );
    const userId = user.id;
    // One request for the whole list: without `limit` the server returns every token.
    const listed: TokenInfo[] = (await listUserTokens(api, userId))
      .map(({ token: _secret, ...t }) => t);
    let tokens = selectTokens(this, listed, flags);
    if (flags.exceptCurrent && session.claims?.jti) {
      tokens = tokens.filter((t) => t.id !== session.claims?.jti);
    }
    note(this, LOGIN_SESSIONS_NOTE);
    const unreached = await rootCannotReach(this, session.claims?.role, api, userId);
    const marked = markCurrent(session, tokens);
    const hitsOwn = marked.some((t) => t.current);
    if (flags.dryRun) {
      if (this.globals.json) {
        printJson(this, { dry_run: true, user_id: userId, would_revoke: marked });
      } else if (tokens.length === 0) {
        say(this, `No matching tokens found for user ${label(user)}`);
      } else {
        say(this, tokenTable(this, marked));
        say(this, `Would revoke ${tokens.length} tokens for user ${label(user)}`);
        if (hitsOwn) say(this, CURRENT_LEGEND);
      }
      if (unreached) throw unreached;
      return;
    }
    if (
      tokens.length > 0 &&
      !(await confirmOrRequireYes(
        this,
        `Revoke ${tokens.length} tokens of user ${label(user)}` +
          (hitsOwn ? ", this session's own among them?" : "?"),
        flags.yes,
      ))
    ) {
      throw new CommandFailure("Nothing was revoked (not confirmed).", 1);
    }
    const { results, own } = await revokeAllOwnLast(this, api, session, tokens, flags.reason);
    const failed = results.filter((r) => !r.ok);
    if (this.globals.json) {
      printJson(this, {
        user_id: userId,
        listed: tokens.length,
        revoked: results.filter((r) => r.ok).map((r) => r.id),
        ...(own?.ok ? { current_revoked: own.id } : {}),
        failed: failed.map((r) => ({ id: r.id, error: r.error })),
      });
    } else {
      say(
        this,
        `✅ Revoked ${results.length - failed.length} of ${tokens.length} tokens for user ` +
          userId,
      );
      // The contract fixes the line above; the name follows it.
      if (user.name !== undefined) say(this, `User: ${label(user)}`);
      sayOwnSession(this, own);
    }
    if (failed.length > 0) {
      throw new CommandFailure(
        `${failed.length} of ${tokens.length} tokens were not revoked (listed above).`,
        failureCode(results),
      );
    }
    if (unreached) throw unreached;
  },
});

/**
 * Root's token listings cover only the default tenant (api.md 5.2.8), and X-Pangolin-Tenant does
 * not change that. For a user of another tenant, root cannot see (so cannot revoke) its tokens.
 */
async function rootCannotReach(
  ctx: Context,
  role: string | undefined,
  api: Parameters<typeof getUser>[0],
  userId: string,
): Promise<CommandFailure | undefined> {
  if (role !== "root") return undefined;
  const user = await getUser(api, userId).catch(() => undefined);
  const tenant = user?.["tenant-id"];
  if (!tenant || tenant === NIL_TENANT) return undefined;
  warn(
    ctx,
    `Warning: as root, the server lists only the default tenant's tokens; ${user?.username}'s ` +
      `tokens in tenant ${tenant} can only be listed (and so revoked) by that tenant's admin.`,
  );
  return new CommandFailure(
    `Tokens of user ${userId} in tenant ${tenant} were not reached.`,
    1,
    `log in as that tenant's admin (login --tenant-id ${tenant}) and run this again`,
  );
}
