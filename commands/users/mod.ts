import type { StaticGroup as Group } from "../../lib/help.ts";
import { createUserCommand } from "./create_user.ts";
import { deleteUserCommand } from "./delete_user.ts";
import { listUsersCommand } from "./list_users.ts";
import { updateUserCommand } from "./update_user.ts";

/** Users. */
export const group: Group = {
  title: "Users",
  commands: {
    "list-users": listUsersCommand,
    "create-user": createUserCommand,
    "update-user": updateUserCommand,
    "delete-user": deleteUserCommand,
  },
};
