/**
 * Credentials written into a server address (`http://alice:pw@host/v1`, `http://TOKEN@host`,
 * `https://host/v1?api_key=…`) are taken out of it where the address enters, and sent the way the
 * protocols expect instead; the address kept for ids, settings, run keys and messages shows `***` where
 * they were, so a reader still sees that credentials were used but never what they are.
 *
 * - `user:password@` → `Authorization: Basic base64(user:password)`.
 * - a single token (`TOKEN@` or `:TOKEN@`) → the API key: `Authorization: Bearer TOKEN`.
 * - query parameters are moved out of the address and sent with every request (neither SDK keeps a
 *   query string on its base address); those named like a secret (`api_key`, `key`, `token`, …) show as `***`.
 *
 * Everything here is pure: no I/O, no state.
 */

/** One server address, split into where to connect, how it is shown, and what is sent with each request. */
export interface Endpoint {
  /** The address to connect to: scheme, host, port and path; no user, password or query. */
  url: string;
  /** The address as written in ids and messages: credentials replaced by `***`. */
  shown: string;
  /** Headers sent with every request (`Authorization`), empty when the address held no user or password. */
  headers: Record<string, string>;
  /** Query parameters sent with every request (secret ones included). */
  query: Record<string, string>;
  /** The secret strings (decoded and as written), for scrubbing messages; never printed. */
  secrets: string[];
}

/** Query parameter names whose values are secrets (matched case-insensitively, `-`/`_` ignored). */
const SECRET_PARAM = /(key|token|secret|password|passwd|pwd|auth|authorization|signature|sig|credentials?)$/i;

/** True when a query parameter of this name carries a secret (`api_key`, `key`, `access_token`, …). */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name.replace(/[-_]/g, ""));
}

/**
 * The address with its user/password replaced by `***` and the values of secret query parameters by `***`;
 * text that is not a URL is returned with any URL inside it redacted (see {@link redactText}).
 * @example redactUrl("http://alice:pw@host/v1?key=abc&v=2") // "http://***@host/v1?key=***&v=2"
 */
export function redactUrl(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return redactText(url);
  const hadUser = parsed.username !== "" || parsed.password !== "";
  // Nothing to hide: the address as written, so ids and run keys made from it stay what they were.
  if (!hadUser && ![...parsed.searchParams.keys()].some(isSecretParam)) return url.trim();
  parsed.username = "";
  parsed.password = "";
  const query = [...parsed.searchParams].map(([name, value]) => [name, isSecretParam(name) ? "***" : value]);
  parsed.search = "";
  const base = parsed.toString().replace(/\/+$/, "");
  const withUser = hadUser ? base.replace(/^([a-z][a-z0-9+.-]*:\/\/)/i, "$1***@") : base;
  const search = query.map(([n, v]) => `${encodeURIComponent(n)}=${v === "***" ? v : encodeURIComponent(v)}`);
  return search.length > 0 ? `${withUser}?${search.join("&")}` : withUser;
}

/**
 * Splits an address into the bare address to connect to, the headers and query parameters that carry its
 * credentials, and the form to show.
 * @example splitCredentials("http://alice:pw@h:8000/v1")
 * // { url: "http://h:8000/v1", shown: "http://***@h:8000/v1", headers: { Authorization: "Basic YWxpY2U6cHc=" }, query: {}, secrets: [...] }
 */
export function splitCredentials(url: string): Endpoint {
  const parsed = parseUrl(url);
  if (!parsed) return { url, shown: redactText(url), headers: {}, query: {}, secrets: [] };
  const shown = redactUrl(url);
  const user = safeDecode(parsed.username);
  const password = safeDecode(parsed.password);
  // The user name alone is not scrubbed from messages (a word like "admin" would be everywhere), a token is.
  const secrets = [parsed.password, password];
  const headers: Record<string, string> = {};
  if (user !== "" && password !== "") {
    headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
    secrets.push(headers.Authorization.slice("Basic ".length), `${user}:${password}`);
  } else if (user !== "" || password !== "") {
    headers.Authorization = `Bearer ${user || password}`;
    secrets.push(parsed.username, user);
  }
  const query: Record<string, string> = {};
  for (const [name, value] of parsed.searchParams) {
    query[name] = value;
    if (isSecretParam(name)) secrets.push(value, encodeURIComponent(value));
  }
  parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  return {
    url: parsed.toString().replace(/\/+$/, ""),
    shown,
    headers,
    query,
    secrets: [...new Set(secrets.filter((s) => s.length > 0))],
  };
}

/** The endpoint of an address given as a string (split) or already split. */
export function toEndpoint(address: string | Endpoint): Endpoint {
  return typeof address === "string" ? splitCredentials(address) : address;
}

/** The secrets of several endpoints and extra strings (an API key), for {@link redactText}. */
export function secretsOf(endpoints: readonly Endpoint[], extra: readonly (string | undefined)[] = []): string[] {
  const all = [...endpoints.flatMap((e) => e.secrets), ...extra.filter((s): s is string => !!s)];
  return [...new Set(all)];
}

/**
 * A message with every URL's user/password and secret query values replaced by `***`, and every known
 * secret (of 4+ characters) too: for errors that echo the address they failed on.
 * @example redactText("fetch http://u:p@h/x failed") // "fetch http://***@h/x failed"
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, "$1***@")
    .replace(/([?&;])([^=&\s#"'<>]+)=([^&\s#"'<>]*)/g, (whole, sep: string, name: string) =>
      isSecretParam(safeDecode(name)) ? `${sep}${name}=***` : whole,
    );
  // Longest first, so a secret holding a shorter one is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join("***");
  }
  return out;
}

/** The same query parameters appended to a request URL (Ollama's client drops a query on its host). */
export function withQuery(requestUrl: string, query: Record<string, string>): string {
  const entries = Object.entries(query);
  if (entries.length === 0) return requestUrl;
  const url = new URL(requestUrl);
  for (const [name, value] of entries) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * A fetch that sends the endpoint's query parameters with every request (its headers are passed to the
 * clients directly); `inner` is the fetch to wrap.
 */
export function fetchWithQuery(query: Record<string, string>, inner: typeof fetch = fetch): typeof fetch {
  if (Object.keys(query).length === 0) return inner;
  return (input, init) => {
    if (typeof input === "string") return inner(withQuery(input, query), init);
    if (input instanceof URL) return inner(withQuery(input.toString(), query), init);
    return inner(new Request(withQuery(input.url, query), input), init);
  };
}

function parseUrl(text: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim())) return undefined;
  try {
    return new URL(text.trim());
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
