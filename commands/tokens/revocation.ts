/**
 * Revoking many tokens at once, shared by revoke-user-tokens, revoke-tokens and offboard-user:
 * the selector flags, bounded parallel revocation with a progress line, and its report.
 */
import type { ApiClient } from "../../lib/api/client.ts";
import { revokeTokenById, type TokenInfo } from "../../lib/api/tokens.ts";
import { exitCodeFor, messageFor } from "../../lib/cli.ts";
import { mapBounded } from "../../lib/concurrency.ts";
import type { Context } from "../../lib/context.ts";
import { parseAge, parseTime } from "../../lib/duration.ts";
import { UsageError } from "../../lib/errors.ts";
import { note, say } from "../../lib/output.ts";
import { dropSavedToken, type Session } from "../../lib/session.ts";
import { progress } from "../../lib/progress.ts";
import { warnShortRevocation } from "./shared.ts";

/** Parallel revocations at once: quick for 1,000 tokens, gentle on the server. */
export const CONCURRENCY = 8;

/** --issued-before and --older-than: revoke only the matching tokens. */
export const selectorFlags = {
  issuedBefore: {
    kind: "parsed",
    parse: parseTime,
    optional: true,
    brief: "Only tokens created before this time (ISO 8601, e.g. 2026-03-01T09:00:00Z)",
    placeholder: "time",
  },
  olderThan: {
    kind: "parsed",
    parse: parseAge,
    optional: true,
    brief: "Only tokens created longer ago than this (90s, 15m, 12h, 30d)",
    placeholder: "duration",
  },
} as const;

/** The selector flags' values. */
export interface SelectorFlags {
  issuedBefore?: Date;
  olderThan?: number;
}

/** The tokens the selectors pick (all of them when none is given). */
export function selectTokens<T extends { created_at: string }>(
  ctx: Context,
  tokens: readonly T[],
  flags: SelectorFlags,
): T[] {
  const limits: number[] = [];
  if (flags.issuedBefore) limits.push(flags.issuedBefore.getTime());
  if (flags.olderThan !== undefined) limits.push(ctx.now().getTime() - flags.olderThan);
  if (limits.length === 0) return [...tokens];
  const before = Math.min(...limits);
  return tokens.filter((t) => {
    const created = Date.parse(t.created_at);
    if (Number.isNaN(created)) {
      throw new UsageError(`token ${(t as { id?: string }).id} has no readable created_at`);
    }
    return created < before;
  });
}

/** A token to revoke, with whose it is. */
export type Target = Pick<TokenInfo, "id" | "user_id" | "username" | "expires_at" | "created_at">;

/** The outcome for one token. */
export interface Result {
  id: string;
  user_id: string;
  username: string;
  ok: boolean;
  error?: string;
  exitCode?: number;
}

/**
 * Revokes every target by id, CONCURRENCY at a time, with a progress line on stderr; warns
 * where the server's 24-hour revocation ends before the token does. Never throws.
 */
export async function revokeAll(
  ctx: Context,
  api: ApiClient,
  targets: readonly Target[],
  reason?: string,
): Promise<Result[]> {
  const outcomes = await mapBounded(
    targets,
    CONCURRENCY,
    (t) => revokeTokenById(api, t.id, reason),
    targets.length > 0 ? progress(ctx, "Revoking") : undefined,
  );
  warnShortRevocation(ctx, outcomes.filter((o) => o.ok).map((o) => o.item));
  return outcomes.map((o) => {
    const base = { id: o.item.id, user_id: o.item.user_id, username: o.item.username };
    if (o.ok) return { ...base, ok: true };
    const line = messageFor(o.error).split("\n")[0].replace(/^Error: /, "");
    note(ctx, `Failed to revoke ${o.item.id}: ${line}`);
    return { ...base, ok: false, error: line, exitCode: exitCodeFor(o.error) };
  });
}

/** The exit code for a set of failures: theirs when they agree, else 1. */
export function failureCode(results: readonly Result[]): number {
  const codes = new Set(results.filter((r) => !r.ok).map((r) => r.exitCode ?? 1));
  return codes.size === 1 ? [...codes][0] : 1;
}

/** The token id of the caller's own session, when the server lists it (rotated, or minted). */
export function currentTokenId(session: Session): string | undefined {
  return session.credential.kind === "token" ? session.claims?.jti : undefined;
}

/** The targets with the caller's own session marked (for dry runs and --json). */
export function markCurrent<T extends { id: string }>(
  session: Session,
  targets: readonly T[],
): Array<T & { current?: boolean }> {
  const own = currentTokenId(session);
  return targets.map((t) => (t.id === own ? { ...t, current: true } : t));
}

/** The legend under a dry run's table that holds the caller's own session. */
export const CURRENT_LEGEND =
  "* this session's own token: revoking it ends the session you are running this with " +
  "(it is revoked last; --except-current keeps it)";

/** The line under a summary that counted the caller's own session. */
export function ownSessionLine(id: string): string {
  return `Including this session's own token ${id} (revoked last).`;
}

/**
 * Revokes every target, the caller's own session last, so that a session cut off halfway does
 * not stop the rest; once its own token is revoked it is dropped from the profile, with a note.
 */
export async function revokeAllOwnLast(
  ctx: Context,
  api: ApiClient,
  session: Session,
  targets: readonly Target[],
  reason?: string,
): Promise<{ results: Result[]; own?: Result }> {
  const id = currentTokenId(session);
  const mine = targets.filter((t) => t.id === id);
  const results = await revokeAll(ctx, api, targets.filter((t) => t.id !== id), reason);
  if (mine.length === 0) return { results };
  const [own] = await revokeAll(ctx, api, mine.slice(0, 1), reason);
  results.push(own);
  const cred = session.credential;
  if (own.ok && cred.kind === "token") {
    if (cred.source === "profile") {
      await dropSavedToken(ctx, session, cred.token);
      note(
        ctx,
        `Note: token ${own.id} was this session's own; it was revoked last and removed from ` +
          `profile '${session.profileName}'. Log in again to continue.`,
      );
    } else {
      note(
        ctx,
        `Note: token ${own.id} was this session's own (${session.credentialSource}); it was ` +
          "revoked last and no longer works.",
      );
    }
  }
  return { results, own };
}

/** Prints the own-session line under a summary when the caller's session was revoked. */
export function sayOwnSession(ctx: Context, own: Result | undefined): void {
  if (own?.ok) say(ctx, ownSessionLine(own.id));
}
