/** The whole command tree. A new verb is one file plus one line here. */
import { buildRouteMap } from "@stricli/core";
import type { Context } from "../lib/context.ts";
import { loginCommand } from "./auth/login.ts";
import { useCommand } from "./auth/use.ts";
import { whoamiCommand } from "./auth/whoami.ts";
import { listCatalogsCommand } from "./catalogs/list_catalogs.ts";
import { createServiceUserCommand } from "./service_users/create_service_user.ts";
import { deleteServiceUserCommand } from "./service_users/delete_service_user.ts";
import { getServiceUserCommand } from "./service_users/get_service_user.ts";
import { listServiceUsersCommand } from "./service_users/list_service_users.ts";
import { rotateServiceUserKeyCommand } from "./service_users/rotate_service_user_key.ts";
import { updateServiceUserCommand } from "./service_users/update_service_user.ts";
import { cleanupExpiredTokensCommand } from "./tokens/cleanup_expired_tokens.ts";
import { createTokenCommand } from "./tokens/create_token.ts";
import { deleteTokenCommand } from "./tokens/delete_token.ts";
import { listMyTokensCommand } from "./tokens/list_my_tokens.ts";
import { listUserTokensCommand } from "./tokens/list_user_tokens.ts";
import { logoutCommand, revokeTokenCommand } from "./tokens/revoke_token.ts";
import { revokeTokenByIdCommand } from "./tokens/revoke_token_by_id.ts";
import { revokeUserTokensCommand } from "./tokens/revoke_user_tokens.ts";
import { rotateTokenCommand } from "./tokens/rotate_token.ts";

/** Every command of pangolin-admin. */
export const root = buildRouteMap<string, Context>({
  routes: {
    // Authentication
    "login": loginCommand,
    "logout": logoutCommand,
    "whoami": whoamiCommand,
    "use": useCommand,
    // Tokens
    "revoke-token": revokeTokenCommand,
    "revoke-token-by-id": revokeTokenByIdCommand,
    "list-user-tokens": listUserTokensCommand,
    "delete-token": deleteTokenCommand,
    "list-my-tokens": listMyTokensCommand,
    "create-token": createTokenCommand,
    "revoke-user-tokens": revokeUserTokensCommand,
    "rotate-token": rotateTokenCommand,
    "cleanup-expired-tokens": cleanupExpiredTokensCommand,
    // Service users
    "create-service-user": createServiceUserCommand,
    "list-service-users": listServiceUsersCommand,
    "get-service-user": getServiceUserCommand,
    "update-service-user": updateServiceUserCommand,
    "delete-service-user": deleteServiceUserCommand,
    "rotate-service-user-key": rotateServiceUserKeyCommand,
    // Catalogs
    "list-catalogs": listCatalogsCommand,
  },
  docs: {
    brief: "Administer a Pangolin catalog server: sessions, tokens, service users and more",
    fullDescription: [
      "Credentials, first match wins: PANGOLIN_CLIENT_ID + PANGOLIN_API_KEY (a service user),",
      "PANGOLIN_API_KEY alone (X-API-Key), PANGOLIN_TOKEN, the profile's saved token.",
      "",
      "Exit codes: 0 ok, 1 failure, 2 usage, 3 not authenticated, 4 forbidden, 5 not found,",
      "6 cannot reach the server, 130 cancelled.",
      "",
      "Example:",
      "  pangolin-admin login --username admin && pangolin-admin whoami",
    ].join("\n"),
  },
});
