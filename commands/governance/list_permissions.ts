import { defineCommand } from "../../lib/command.ts";
import type { ApiClient, Paging } from "../../lib/api/client.ts";
import { type Permission, permissionPages } from "../../lib/api/permissions.ts";
import { collect } from "../../lib/api/client.ts";
import { filterPages, printListing } from "../../lib/listing.ts";
import { getRole, type Role } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, UsageError } from "../../lib/errors.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { label, parseRef, resolveById } from "../../lib/resolve.ts";
import { catalogNamesFor, grantTable, pageLocally, permissionTable } from "./shared.ts";

interface Flags extends PagingFlags {
  user?: string;
  role?: string;
}

/** `list-permissions`: a user's direct permissions, the tenant's, or a role's grants. */
export const listPermissionsCommand = defineCommand({
  docs: {
    brief: "List direct permissions (of a user with --user), or a role's grants (--role)",
    fullDescription: [
      "Permissions belong to users and service users. --user takes a username (looked up in",
      "this tenant) or a user or service-user id. Without --user the server lists the session",
      "tenant's permissions; root must pass --user (the server answers 400 otherwise). Some",
      "servers return every tenant's permissions there; the tool keeps this session's tenant",
      "and says how many it left out.",
      "",
      "The server ignores a role filter on this listing, so --role does not filter it: it lists",
      "the grants stored in that role (by id or name; GET /api/v1/roles/{id}). Role grants have",
      "no permission id and cannot be revoked with revoke-permission. Permissions a user gets",
      "through roles are not in --user's list: see list-user-roles.",
      "",
      "Examples:",
      "  pangolin-admin list-permissions --user alice",
      "  pangolin-admin list-permissions --all --json",
      "  pangolin-admin list-permissions --role analyst",
    ].join("\n"),
  },
  parameters: {
    flags: {
      user: {
        kind: "parsed",
        parse: parseRef,
        optional: true,
        brief: "Username, or user or service-user id",
        placeholder: "user",
      },
      role: {
        kind: "parsed",
        parse: parseRef,
        optional: true,
        brief: "Role id or name: list that role's grants instead",
        placeholder: "role",
      },
      ...pagingFlags,
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    if (flags.user !== undefined && flags.role !== undefined) {
      throw new UsageError(
        "--user lists a user's direct permissions and --role a role's grants; pass one of them",
      );
    }
    const paging = pagingOf(flags);
    const { session, api } = await connect(this);
    const root = session.claims?.role === "root";
    if (flags.role !== undefined) {
      const ref = await resolveById(api, session, "role", flags.role);
      return await listRoleGrants(this, api, ref.listed ?? await getRole(api, ref.id), paging);
    }
    if (flags.user === undefined && root) {
      // GET /api/v1/permissions without ?user= answers 400 to sessions without a tenant.
      throw new UsageError(
        "As root, pass --user <username|id>: the server lists permissions per user for root " +
          "(400 without one)",
      );
    }
    const user = flags.user === undefined
      ? undefined
      : await resolveById(api, session, "user", flags.user);
    const tenant = session.claims?.tenant_id;
    let dropped = 0;
    // The in-memory backend ignores the tenant here and returns every tenant's permissions.
    const pages = !user && tenant
      ? filterPages(permissionPages(api, paging), (p) => {
        if (p["tenant-id"] === tenant) return true;
        dropped++;
        return false;
      })
      : permissionPages(api, paging, user?.id);
    if (user) {
      note(this, "Note: permissions through roles are not listed; see list-user-roles.");
    }
    let perms: Permission[] = [];
    try {
      if (this.globals.json) {
        await printListing(this, pages, { table: () => "", empty: "" });
      } else perms = await collect(pages);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && !user) {
        throw new ApiError(err.what, err.status, err.serverMessage, {
          ...err.options,
          hint: "this session has no tenant; pass --user <username|id>",
        });
      }
      throw err;
    }
    if (dropped > 0) {
      note(
        this,
        `Note: left out ${dropped} permission(s) of other tenants that the server returned.`,
      );
    }
    if (this.globals.json) return;
    if (perms.length === 0) {
      say(this, user ? `No permissions found for user ${label(user)}` : "No permissions found");
      return;
    }
    const names = await catalogNamesFor(api, perms.map((p) => p.scope));
    say(this, permissionTable(this, perms, names));
  },
});

async function listRoleGrants(
  ctx: Context,
  api: ApiClient,
  role: Role,
  paging: Paging,
): Promise<void> {
  const grants = pageLocally(role.permissions ?? [], paging);
  note(
    ctx,
    `Note: grants of role ${role.name} (${role.id}); they apply to every holder of the role ` +
      "and have no permission id.",
  );
  if (ctx.globals.json) {
    printJson(ctx, grants);
    return;
  }
  if (grants.length === 0) {
    say(ctx, `No grants found for role ${role.name}`);
    return;
  }
  const names = await catalogNamesFor(api, grants.map((g) => g.scope));
  say(ctx, grantTable(ctx, grants, names));
}
