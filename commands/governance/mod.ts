import type { StaticGroup as Group } from "../../lib/help.ts";
import { assignRoleCommand } from "./assign_role.ts";
import { createRoleCommand } from "./create_role.ts";
import { deleteRoleCommand } from "./delete_role.ts";
import { getRoleCommand } from "./get_role.ts";
import { grantPermissionCommand } from "./grant_permission.ts";
import { listPermissionsCommand } from "./list_permissions.ts";
import { listRolesCommand } from "./list_roles.ts";
import { listUserRolesCommand } from "./list_user_roles.ts";
import { revokePermissionCommand } from "./revoke_permission.ts";
import { revokeUserRoleCommand } from "./revoke_user_role.ts";

/** Roles and permissions. */
export const group: Group = {
  title: "Roles and permissions",
  commands: {
    "list-permissions": listPermissionsCommand,
    "grant-permission": grantPermissionCommand,
    "revoke-permission": revokePermissionCommand,
    "list-roles": listRolesCommand,
    "create-role": createRoleCommand,
    "get-role": getRoleCommand,
    "delete-role": deleteRoleCommand,
    "assign-role": assignRoleCommand,
    "revoke-user-role": revokeUserRoleCommand,
    "list-user-roles": listUserRolesCommand,
  },
};
