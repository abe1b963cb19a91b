import { defineCommand } from "../../lib/command.ts";
import { type Action, grantPermission } from "../../lib/api/permissions.ts";
import type { Context } from "../../lib/context.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { label, parseRef, resolveById } from "../../lib/resolve.ts";
import {
  describeResource,
  parseActions,
  parseResource,
  refuseRoot,
  resolveScope,
  RESOURCE_FORMS,
  type ResourceSpec,
  showActions,
} from "./shared.ts";

/** `grant-permission`: a direct permission for a user or service user. */
export const grantPermissionCommand = defineCommand({
  docs: {
    brief: "Grant a user a direct permission on a resource",
    fullDescription: [
      "<user> is a username (looked up in this tenant) or a user or service-user id.",
      "<actions> is one action or several separated by commas: read, write, delete, create,",
      "update, list, all, ingest-branching, experimental-branching, manage-discovery (sent in",
      "lowercase). <resource> is one of:",
      "  tenant                              everything in the tenant",
      "  catalog:<name>                      a catalog, by name (or id)",
      "  namespace:<catalog>.<namespace>     a namespace and those below it, e.g. sales.eu.b2b",
      "  asset:<uuid>                        one asset (its catalog and namespace are looked up)",
      "  tag:<name>                          assets whose business metadata carries the tag",
      "",
      "The grant is recorded in the session's tenant. The server refuses grants from root",
      "(also after 'use'); the tool refuses them before sending anything. It makes no admin",
      "check: a tenant user may grant permissions too.",
      "",
      "Examples:",
      "  pangolin-admin grant-permission alice read catalog:sales",
      "  pangolin-admin grant-permission alice read,write namespace:sales.analytics",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [
        {
          brief: "Username, or user or service-user id",
          parse: parseRef,
          placeholder: "user",
        },
        { brief: "Action(s), comma-separated", parse: parseActions, placeholder: "actions" },
        { brief: `Resource: ${RESOURCE_FORMS}`, parse: parseResource, placeholder: "resource" },
      ],
    },
  },
  func: async function (
    this: Context,
    _flags: Record<never, never>,
    user: string,
    actions: Action[],
    resource: ResourceSpec,
  ): Promise<void> {
    const { session, api } = await connect(this);
    refuseRoot(session, "grant permissions");
    const target = await resolveById(api, session, "user", user);
    const scope = await resolveScope(api, session, resource);
    const perm = await grantPermission(api, { "user-id": target.id, scope, actions });
    if (this.globals.json) {
      printJson(this, perm);
      return;
    }
    say(
      this,
      `✅ Permission granted to user ${label(target)} on '${describeResource(resource)}' ` +
        `(${showActions(actions)})`,
    );
    say(this, `Permission ID: ${perm.id}`);
  },
});
