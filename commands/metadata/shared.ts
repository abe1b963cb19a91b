/** Pieces shared by the metadata and access-request verbs. */
import { getAsset } from "../../lib/api/assets.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, UsageError } from "../../lib/errors.ts";
import { optionalUuidFlag } from "../../lib/flags.ts";
import { say } from "../../lib/output.ts";
import type { Session } from "../../lib/session.ts";

const ASSET_WORDS = new Set(["asset", "table", "view"]);

/** The old `--entity-type`: only assets have business metadata on the server. */
export function parseEntityType(input: string): string {
  const v = input.trim().toLowerCase();
  if (!ASSET_WORDS.has(v)) {
    throw new SyntaxError(
      `'${input}': business metadata exists for assets only (asset, table or view)`,
    );
  }
  return v;
}

/** --asset-id, plus the old CLI's --entity-id and --entity-type (hidden, still accepted). */
export const assetIdFlags = {
  assetId: optionalUuidFlag("Asset id (UUID), required"),
  entityId: { ...optionalUuidFlag("Old name of --asset-id"), hidden: true },
  entityType: {
    kind: "parsed",
    parse: parseEntityType,
    optional: true,
    hidden: true,
    brief: "Old flag: asset, table or view",
    placeholder: "type",
  },
} as const;

/** The values of assetIdFlags. */
export interface AssetIdFlags {
  assetId?: string;
  entityId?: string;
  entityType?: string;
}

/** The asset id from --asset-id or the old --entity-id (exactly one of them). */
export function assetIdOf(flags: AssetIdFlags): string {
  if (flags.assetId && flags.entityId && flags.assetId !== flags.entityId) {
    throw new UsageError("--asset-id and --entity-id name different assets; pass one");
  }
  const id = flags.assetId ?? flags.entityId;
  if (!id) throw new UsageError("Pass --asset-id <uuid>");
  return id;
}

/**
 * Whether the asset exists in the session tenant: false on 404, true on 200 or 403 (the
 * server looks the asset up before checking access), undefined when it cannot tell.
 */
export async function assetExists(api: ApiClient, id: string): Promise<boolean | undefined> {
  try {
    await getAsset(api, id);
    return true;
  } catch (err) {
    if (err instanceof ApiError && !err.options.unexpected) {
      if (err.status === 404) return false;
      if (err.status === 403) return true;
    }
    return undefined;
  }
}

/**
 * Adds the reason to a 404 `Asset not found` for root: these routes look in the session
 * tenant, and root's session has none (the server uses the default tenant).
 */
export function explainAssetNotFound(err: unknown, session: Session): unknown {
  if (
    err instanceof ApiError && err.status === 404 && !err.options.unexpected &&
    session.claims?.role === "root"
  ) {
    return new ApiError(err.what, err.status, err.serverMessage, {
      ...err.options,
      hint: "root's session has no tenant, so the server looks only in the default tenant; " +
        "log in as a user of the asset's tenant",
    });
  }
  return err;
}

/** Whether a JSON value is a plain object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Prints `Properties:` and one indented `key: value` line per property. */
export function printProperties(ctx: Context, label: string, value: unknown): void {
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) {
      say(ctx, `${label}: (none)`);
      return;
    }
    say(ctx, `${label}:`);
    for (const [k, v] of entries) {
      say(ctx, `  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    }
    return;
  }
  say(ctx, `${label}: ${value === null || value === undefined ? "(none)" : JSON.stringify(value)}`);
}

/** Tags as shown. */
export function showTags(tags: readonly string[] | undefined): string {
  return tags && tags.length > 0 ? tags.join(", ") : "-";
}
