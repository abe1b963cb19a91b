/**
 * Secret-named properties. The server returns storage keys, tokens and passwords in catalog,
 * warehouse, federated-catalog, tenant, asset, metadata and settings objects verbatim; every
 * endpoint function that returns such an object passes it through `maskSecrets`, so no command
 * can print one by mistake, in human or --json output alike. `--show-secrets` turns it off.
 */

/** What a masked secret reads as. */
export const MASK = "***";

// Name parts that mark a secret; a name that ends in `key` (account-key, api_key, privateKey,
// `*.key`) is one too, while `access-key-id` or `kms-key-id` are identifiers and stay readable.
const SECRET_WORDS = new Set([
  "secret",
  "password",
  "passwd",
  "pwd",
  "token",
  "credential",
  "credentials",
  "sas",
  "signature",
  "authorization",
  "cookie",
  "apikey",
  "privatekey",
  "secretkey",
  "accountkey",
]);

// A name whose value is a whole key document: `gcs.service-account-json`, `keyfile-json`.
const KEY_DOCUMENTS = new Set(["account", "keyfile", "key"]);

/** Whether a property or config key names a secret (token, password, secret key, ...). */
export function looksSecret(key: string): boolean {
  const parts = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/)
    .filter((p) => p !== "");
  if (parts.some((p) => SECRET_WORDS.has(p)) || parts.at(-1) === "key") return true;
  return parts.at(-1) === "json" && parts.some((p) => KEY_DOCUMENTS.has(p));
}

// `https://user:pass@host/...`: the user part of a URL is a credential too.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/gi;
// `?user=a&password=b`, `;password=b;` (JDBC), `token=...`: a secret-named parameter in a value.
const PARAMETER = /(^|[?&;,\s])([a-z][\w.-]*)=([^&;,\s]*)/gi;

/**
 * Text with the credentials inside it masked: the user part of every URL
 * (`https://***@host/...`) and every secret-named `name=value` parameter (`password=***`).
 */
export function redactText(text: string): string {
  return text.replace(URL_USERINFO, `$1${MASK}@`).replace(
    PARAMETER,
    (all, lead: string, name: string, value: string) =>
      looksSecret(name) && value !== "" ? `${lead}${name}=${MASK}` : all,
  );
}

function maskLeaf(value: unknown, secret: boolean, mask: string): unknown {
  if (typeof value === "string") {
    if (secret) return value === "" ? value : mask;
    return redactText(value);
  }
  if (secret && value !== null && value !== undefined) return mask;
  return value;
}

function maskTree(value: unknown, secret: boolean, mask: string, depth: number): unknown {
  // Server objects are a few levels deep; past 64 the rest is masked whole, never recursed.
  if (depth > 64) return value === null || value === undefined ? value : mask;
  if (Array.isArray(value)) return value.map((v) => maskTree(v, secret, mask, depth + 1));
  if (typeof value === "object" && value !== null) {
    // fromEntries makes own properties, so even a `__proto__` key stays a plain key.
    return Object.fromEntries(
      Object.entries(value).map((
        [k, v],
      ) => [k, maskTree(v, secret || looksSecret(k), mask, depth + 1)]),
    );
  }
  return maskLeaf(value, secret, mask);
}

/**
 * A copy of a server object with every secret masked: values under secret-named keys (and
 * everything below such a key), and credentials inside other text values (`redactText`).
 * With `show` (`--show-secrets`) the object is returned as it is.
 */
export function maskSecrets<T>(value: T, show?: boolean, mask: string = MASK): T {
  return show ? value : maskTree(value, false, mask, 0) as T;
}
