/** Pieces shared by the merge verbs: the conflict type, strategies, the not-found 500. */
import type { MergeConflict, Strategy } from "../../lib/api/merges.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";

/** The single key of the externally tagged conflict type, e.g. `SchemaChange`. */
export function conflictKind(c: MergeConflict): string {
  const t = c.conflict_type;
  if (typeof t === "string") return t;
  if (t && typeof t === "object") return Object.keys(t)[0] ?? "-";
  return "-";
}

/** The asset a conflict is about (every variant carries `asset_name`). */
export function conflictAsset(c: MergeConflict): string {
  const t = c.conflict_type;
  if (t && typeof t === "object") {
    const inner = Object.values(t)[0] as { asset_name?: unknown } | undefined;
    if (typeof inner?.asset_name === "string") return inner.asset_name;
  }
  return c.asset_id ?? "-";
}

const STRATEGY_BY_KEY: Record<string, Strategy> = {
  automerge: "AutoMerge",
  takesource: "TakeSource",
  taketarget: "TakeTarget",
  manual: "Manual",
  threewaymerge: "ThreeWayMerge",
  // The old CLI's documented spellings.
  usesource: "TakeSource",
  usetarget: "TakeTarget",
};

/** A strategy in any case, with or without `-`/`_`, or the old use-source/use-target. */
export function parseStrategy(input: string): Strategy {
  const strategy = STRATEGY_BY_KEY[input.trim().toLowerCase().replace(/[-_\s]/g, "")];
  if (!strategy) {
    throw new SyntaxError(
      `'${input}' is not a strategy; valid: AutoMerge, TakeSource, TakeTarget, Manual, ` +
        "ThreeWayMerge (any case), use-source, use-target",
    );
  }
  return strategy;
}

/**
 * POST .../abort answers 500 `Merge operation not found` for an unknown id (api.md 7.4 #28):
 * reported as the not-found it is (exit 5).
 */
export function notFoundFrom500(err: unknown, id: string): unknown {
  if (err instanceof ApiError && err.status === 500 && /not found/i.test(err.serverMessage)) {
    return new CommandFailure(
      `API Request Failed: ${err.message}`,
      5,
      `no merge operation ${id} (the server answers 500 for an unknown id); check it with ` +
        "get-merge-operation",
    );
  }
  return err;
}
