import type { StaticGroup as Group } from "../../lib/help.ts";
import { cleanupExpiredTokensCommand } from "./cleanup_expired_tokens.ts";
import { createTokenCommand } from "./create_token.ts";
import { deleteTokenCommand } from "./delete_token.ts";
import { listMyTokensCommand } from "./list_my_tokens.ts";
import { listUserTokensCommand } from "./list_user_tokens.ts";
import { revokeTokenCommand } from "./revoke_token.ts";
import { revokeTokenByIdCommand } from "./revoke_token_by_id.ts";
import { revokeTokensCommand } from "./revoke_tokens.ts";
import { revokeUserTokensCommand } from "./revoke_user_tokens.ts";
import { rotateTokenCommand } from "./rotate_token.ts";

/** Token management. */
export const group: Group = {
  title: "Tokens",
  commands: {
    "revoke-token": revokeTokenCommand,
    "revoke-token-by-id": revokeTokenByIdCommand,
    "list-user-tokens": listUserTokensCommand,
    "delete-token": deleteTokenCommand,
    "list-my-tokens": listMyTokensCommand,
    "create-token": createTokenCommand,
    "revoke-user-tokens": revokeUserTokensCommand,
    "revoke-tokens": revokeTokensCommand,
    "rotate-token": rotateTokenCommand,
    "cleanup-expired-tokens": cleanupExpiredTokensCommand,
  },
};
