// The app's only way to the server: the public GraphQL API.

// APIError is a GraphQL error: its message and extensions.code
// (BAD_USER_INPUT, NOT_FOUND, UNAUTHENTICATED, QUERY_TOO_COMPLEX...).
export class APIError extends Error {
  constructor(message, code, data) {
    super(message);
    this.name = "APIError";
    this.code = code;
    this.data = data;
  }
}

// TOKEN_KEY is where the add page keeps the API token (sessionStorage, or
// localStorage when asked to remember it).
export const TOKEN_KEY = "tracuu.token";

// savedToken is the API token the add page kept, or "".
export function savedToken() {
  return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY) || "";
}

// authHeaders carries the token, so that a server with PUBLIC_READ=false
// can be read (and exported) once a token is given.
export function authHeaders(token = savedToken()) {
  return token ? { Authorization: "Bearer " + token } : {};
}

// gql runs one GraphQL operation and returns its data, or throws an
// APIError. opts: signal (an AbortSignal), token (for mutations; by
// default the one kept), extensions (called with the response's
// extensions, e.g. searchIndex while the index is being built).
export async function gql(query, variables = {}, opts = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json", ...authHeaders(opts.token ?? savedToken()) };
  let res;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      signal: opts.signal,
    });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new APIError("Không kết nối được với máy chủ. Hãy thử lại.", "NETWORK");
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new APIError(`Máy chủ trả lời lỗi ${res.status}.`, "INTERNAL");
  }
  if (opts.extensions) opts.extensions(body.extensions || {});
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    throw new APIError(e.message, (e.extensions && e.extensions.code) || "INTERNAL", body.data);
  }
  return body.data;
}

// Fields of the five kinds of node, for lists and links.
export const NODE_FIELDS = `
  __typename
  ... on Node { id }
  ... on Article { title source publishedAt }
  ... on Person { name }
  ... on Organisation { name orgKind: kind level }
  ... on Resolution { code title kind issuedOn }
  ... on Report { title periodStart periodEnd }`;

// suggest returns typeahead suggestions for a prefix.
export async function suggest(prefix, opts = {}) {
  const d = await gql(
    `query Suggest($p: String!, $types: [EntityType!], $n: Int) {
      suggest(prefix: $p, types: $types, first: $n) { label type node { ${NODE_FIELDS} } }
    }`,
    { p: prefix, types: opts.types || null, n: opts.first || 8 },
    opts,
  );
  return d.suggest;
}
