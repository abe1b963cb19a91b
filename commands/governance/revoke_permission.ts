import { defineCommand } from "../../lib/command.ts";
import { type Action, listPermissions, revokePermission } from "../../lib/api/permissions.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { confirmOrRequireYes, optionalUuidFlag, yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect, type Session } from "../../lib/session.ts";
import { named, parseRef, resolveById, type ResolvedById } from "../../lib/resolve.ts";
import {
  describeResource,
  parseActions,
  parseResource,
  resourceKey,
  type ResourceSpec,
  sameActions,
  scopeKey,
  showActions,
} from "./shared.ts";

interface Flags {
  id?: string;
  yes?: boolean;
}

/** `revoke-permission`: deletes one direct permission, by id or by what it grants. */
export const revokePermissionCommand = defineCommand({
  docs: {
    brief: "Revoke a direct permission (by id, or by user, action and resource)",
    fullDescription: [
      "Permissions are deleted by id. With <user> <actions> <resource> (the syntax of",
      "grant-permission) the tool lists that user's permissions and picks the one whose",
      "resource and set of actions match exactly; it refuses when none or several match, and",
      "names a permission that grants more than the given actions (revoking it would remove",
      "them all) so it can be revoked whole with --id. Asks to confirm on a terminal; without",
      "one, --yes is required. The server answers success for an id that does not exist, so a",
      "mistyped --id also 'succeeds': check it with list-permissions first.",
      "",
      "Examples:",
      "  pangolin-admin revoke-permission --id a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d --yes",
      "  pangolin-admin revoke-permission alice read catalog:sales",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: optionalUuidFlag("Permission id (UUID)"),
      yes: yesFlag,
    },
    aliases: { y: "yes" },
    positional: {
      kind: "tuple",
      parameters: [
        {
          brief: "Username, or user or service-user id",
          parse: parseRef,
          placeholder: "user",
          optional: true,
        },
        {
          brief: "Action(s), comma-separated",
          parse: parseActions,
          placeholder: "actions",
          optional: true,
        },
        {
          brief: "Resource, as in grant-permission",
          parse: parseResource,
          placeholder: "resource",
          optional: true,
        },
      ],
    },
  },
  func: async function (
    this: Context,
    flags: Flags,
    user?: string,
    actions?: Action[],
    resource?: ResourceSpec,
  ): Promise<void> {
    const given = [user, actions, resource].filter((v) => v !== undefined).length;
    if (flags.id && given > 0) {
      throw new UsageError("Pass either --id <permission-id> or <user> <actions> <resource>");
    }
    if (!flags.id && given !== 3) {
      throw new UsageError(
        "Pass --id <permission-id>, or <user> <actions> <resource> (e.g. alice read catalog:sales)",
      );
    }
    const { session, api } = await connect(this);
    let id: string;
    let question: string;
    if (flags.id) {
      id = flags.id;
      question = `Revoke permission ${id}?`;
    } else {
      const target = await named(
        this,
        api,
        await resolveById(api, session, "user", user!),
        flags.yes,
      );
      const match = await findPermission(api, session, target, actions!, resource!);
      id = match.id;
      question = `Revoke permission ${id} (${match.what})?`;
    }
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was revoked (not confirmed).", 1);
    }
    await revokePermission(api, id);
    if (this.globals.json) {
      printJson(this, { revoked: id });
      return;
    }
    say(this, `✅ Permission ${id} revoked`);
  },
});

/** The one permission of `user` on `resource` whose actions are exactly `actions`. */
async function findPermission(
  api: ApiClient,
  session: Session,
  target: ResolvedById,
  actions: Action[],
  resource: ResourceSpec,
): Promise<{ id: string; what: string }> {
  const key = await resourceKey(api, session, resource);
  const perms = await listPermissions(api, { all: true }, target.id);
  const onResource = perms.filter((p) => scopeKey(p.scope) === key);
  const exact = onResource.filter((p) => sameActions(p.actions, actions));
  const who = target.name ?? target.id;
  const what = `${who}: ${showActions(actions)} on ${describeResource(resource)}`;
  if (exact.length === 1) return { id: exact[0].id, what };
  if (exact.length > 1) {
    // The server does not merge repeated grants: the same grant can be recorded twice.
    throw new UsageError(
      `${exact.length} permissions match (${what}): ${exact.map((p) => p.id).join(", ")}; ` +
        "revoke each with --id",
    );
  }
  const others = onResource.map((p) => `${p.id} (${showActions(p.actions)})`);
  throw new CommandFailure(
    `No permission grants exactly ${what}.`,
    5,
    others.length > 0
      ? `on that resource ${who} holds: ${others.join("; ")}; revoke one whole with ` +
        "--id <permission-id>"
      : `list-permissions --user ${who} shows the user's direct permissions`,
  );
}
