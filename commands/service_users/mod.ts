import type { StaticGroup as Group } from "../../lib/help.ts";
import { createServiceUserCommand } from "./create_service_user.ts";
import { deleteServiceUserCommand } from "./delete_service_user.ts";
import { getServiceUserCommand } from "./get_service_user.ts";
import { listServiceUsersCommand } from "./list_service_users.ts";
import { rotateServiceUserKeyCommand } from "./rotate_service_user_key.ts";
import { updateServiceUserCommand } from "./update_service_user.ts";

/** Service users and their API keys. */
export const group: Group = {
  title: "Service users",
  commands: {
    "create-service-user": createServiceUserCommand,
    "list-service-users": listServiceUsersCommand,
    "get-service-user": getServiceUserCommand,
    "update-service-user": updateServiceUserCommand,
    "delete-service-user": deleteServiceUserCommand,
    "rotate-service-user-key": rotateServiceUserKeyCommand,
  },
};
