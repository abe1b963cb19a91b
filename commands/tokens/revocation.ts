/**
 * Revoking many tokens at once, shared by revoke-user-tokens, revoke-tokens and offboard-user:
 * the selector flags, bounded parallel revocation with a progress line, and its report.
 */
import type { ApiClient } from "../../lib/api/client.ts";
import { revokeTokenById, type TokenInfo } from "../../lib/api/tokens.ts";
import { exitCodeFor, messageFor } from "../../lib/cli.ts";
import { mapBounded } from "../../lib/concurrency.ts";
import type { Context } from "../../lib/context.ts";
import { parseDuration, parseTime } from "../../lib/duration.ts";
import { UsageError } from "../../lib/errors.ts";
import { note } from "../../lib/output.ts";
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
    parse: parseDuration,
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
