/** Pieces shared by the federated-catalog verbs. */
import type { ApiClient } from "../../lib/api/client.ts";
import { redactText } from "../../lib/secrets.ts";
import { getFederatedCatalog } from "../../lib/api/federated.ts";
import { ApiError } from "../../lib/errors.ts";

const LIST_HINT = "check the name with pangolin-admin list-federated-catalogs " +
  "(names are case-sensitive)";

/**
 * Adds the hint the federated routes' 400 and 404 need, and masks URL credentials in the
 * server's message (a remote's error can quote the catalog's uri).
 */
export function explainFederated(error: unknown, name: string): unknown {
  if (!(error instanceof ApiError)) return error;
  const err = new ApiError(
    error.what,
    error.status,
    redactText(error.serverMessage),
    error.options,
  );
  if (err.status === 400 && /not a federated catalog/i.test(err.serverMessage)) {
    return new ApiError(err.what, err.status, err.serverMessage, {
      ...err.options,
      hint: `'${name}' is a local catalog; see pangolin-admin list-catalogs`,
    });
  }
  if (err.status === 404) {
    return new ApiError(err.what, err.status, err.serverMessage, {
      ...err.options,
      hint: LIST_HINT,
    });
  }
  return err.serverMessage === error.serverMessage ? error : err;
}

/**
 * Looks the federated catalog up first, for the routes that do not: stats answer for any
 * name, and sync fails with a bare 500. A missing one is reported as what `what` needed.
 */
export async function requireFederated(api: ApiClient, name: string, what: string) {
  try {
    return await getFederatedCatalog(api, name);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
      const message = err.status === 404
        ? `Federated catalog '${name}' not found`
        : `'${name}' is not a federated catalog`;
      throw explainFederated(new ApiError(what, err.status, message, err.options), name);
    }
    throw err;
  }
}
