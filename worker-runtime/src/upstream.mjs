// What every tool pack that calls an upstream shares (issue #5), handed to handlers as `ctx.upstream`:
// one deadline per tool call, bodies read with a byte bound while streaming, redirects followed by hand only
// where a policy allows (same origin by default, so a token never leaves its apiBaseUrl), and upstream
// failures turned into ToolErrors whose message says what happened and what to do. A credential (Authorization,
// Proxy-Authorization, Cookie, or a request marked `credentials: true`) never goes over plain http to a host that is
// not loopback (issue #9.4): that request is refused before anything is sent. The adapter answers a
// thrown ToolError with an `isError` result (never a protocol error, never a stack).

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
const DETAIL_LIMIT = 500;

/** An expected failure of a tool call; its message is shown to the client as is (after secret scrubbing). */
export class ToolError extends Error {
  /** kind: the failure class (unauthorized, not_found, …); code: the API's own error code, when it gave one. */
  constructor(message, kind = "error", code = undefined) {
    super(message);
    this.name = "ToolError";
    this.kind = kind;
    this.code = code;
  }
}

/** The per-call timeout: 10 s, or MCP_UPSTREAM_TIMEOUT_MS (optional plain_text binding, 50–25000; used by tests). */
export function upstreamTimeoutMs(env) {
  const value = Number.parseInt(env?.MCP_UPSTREAM_TIMEOUT_MS ?? "", 10);
  return Number.isInteger(value) && value >= 50 && value <= 25_000 ? value : DEFAULT_TIMEOUT_MS;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const seconds = (ms) => {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
};

function clip(text, limit = DETAIL_LIMIT) {
  const flat = String(text).replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(value, now = Date.now()) {
  if (value === null || value === undefined || String(value).trim() === "") return null;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The message for an upstream failure. details:
 *   service      who answered ("GitHub", "Slack", "example.com")
 *   kind         unauthorized | forbidden | not_found | rate_limited | upstream_error | bad_request | bad_response
 *                (default: from status)
 *   status       HTTP status, when there is one
 *   code         the API's own error code (Slack's `error`, Notion's `code`)
 *   message      the API's own message
 *   scope        the permission/scope the API says is missing
 *   provided     the scopes the token has, when the API says
 *   retryAfter   seconds to wait (rate limits)
 *   what         what was asked for ("repository acme/site", "channel C123") for 404s
 *   advice       what to do, replacing the class's default advice
 *   hint         one more sentence of advice, appended
 *   secretInput  the tool's secret input name (e.g. "token"), for the credential advice
 *   credentials  false when the tool sends no credentials (fetch)
 */
export function describeFailure(details) {
  const { service, status, code, message, scope, provided, retryAfter, what, advice, hint, secretInput, credentials = true } = details;
  const kind = details.kind ?? kindOfStatus(status);
  const reason = [status ? `HTTP ${status}` : null, code ? `error '${clip(code, 80)}'` : null, message ? `"${clip(message)}"` : null].filter(Boolean).join(" ");
  const said = reason ? ` (${reason})` : "";
  const secret = secretInput ? `the secret mapped to \`secrets.${secretInput}\`` : "the tool's secret";
  let happened;
  let todo;
  switch (kind) {
    case "unauthorized":
      happened = credentials ? `${service} rejected the credentials` : `${service} requires credentials`;
      todo = credentials
        ? `The token in ${secret} is missing, invalid, expired or revoked: store a valid one (\`./mcpsaas secrets set …\`) and redeploy the server.`
        : "This tool never sends any, so this page cannot be fetched.";
      break;
    case "forbidden":
      if (scope) {
        happened = `${service} refused the request: the token lacks the permission '${scope}'${provided ? ` (it has: ${provided})` : ""}`;
        todo = `Grant '${scope}' to the token or app, then update ${secret}.`;
      } else {
        happened = `${service} refused access`;
        todo = credentials
          ? `The token may lack a permission or access to this resource: grant it, then update ${secret}.`
          : "This tool sends no credentials, so pages behind a login cannot be fetched.";
      }
      break;
    case "not_found":
      happened = `${service} found no ${what ?? "such resource"}`;
      todo = `Check the ids and names${credentials ? "; resources the token cannot see are reported as not found too" : ""}.`;
      break;
    case "rate_limited":
      happened = `${service} rate limit reached`;
      todo =
        retryAfter !== null && retryAfter !== undefined
          ? `Retry after ${retryAfter} s (at ${new Date(Date.now() + retryAfter * 1000).toISOString()}).`
          : "Wait a minute, then retry.";
      break;
    case "upstream_error":
      happened = `${service} failed on its side`;
      todo = `Retry in a moment; if it persists, check ${service}'s status.`;
      break;
    case "bad_response":
      happened = `${service} sent an answer this tool cannot read`;
      todo = `Check the tool's apiBaseUrl points at the ${service} API.`;
      break;
    default:
      happened = `${service} refused the request`;
      todo = "";
  }
  // `advice` replaces the class's default advice (a pack knows better); `hint` is appended to it.
  return [`${happened}${said}.`, advice ?? todo, hint].filter(Boolean).join(" ");
}

function kindOfStatus(status) {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404 || status === 410) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "upstream_error";
  return "bad_request";
}

/** A read upstream answer: status, headers, final url, the body bytes (bounded) and whether they were cut. */
export class UpstreamResponse {
  constructor(response, url, bytes, truncated) {
    this.status = response.status;
    this.ok = response.ok;
    this.headers = response.headers;
    this.url = url;
    this.bytes = bytes;
    this.truncated = truncated;
    this.contentType = (response.headers.get("content-type") ?? "").toLowerCase();
  }
  get size() {
    return this.bytes.byteLength;
  }
  /** The body decoded with the charset of Content-Type (UTF-8 when absent or not supported). */
  text() {
    if (this._text === undefined) {
      const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(this.contentType)?.[1] ?? "utf-8";
      let decoder;
      try {
        decoder = new TextDecoder(charset);
      } catch {
        decoder = new TextDecoder("utf-8");
      }
      this._text = decoder.decode(this.bytes);
    }
    return this._text;
  }
  /** The body as JSON, or null when it is not JSON. */
  json() {
    if (this._json === undefined) {
      try {
        this._json = JSON.parse(this.text());
      } catch {
        this._json = null;
      }
    }
    return this._json;
  }
}

/**
 * The upstream client of one tool call. options:
 *   service      default name in messages (the tool's title)
 *   secretInput  the tool's (first) secret input, for credential advice
 *   signal       the call's cancellation signal
 *   timeoutMs    the call's total budget (every request of the call shares it)
 */
export function createUpstream({ service = "The upstream", secretInput = null, signal = null, timeoutMs = DEFAULT_TIMEOUT_MS, now = Date.now } = {}) {
  const deadline = now() + timeoutMs;

  /** Throwable: a ToolError for an upstream answer (see describeFailure for details). */
  function failure(response, details = {}) {
    const retryAfterHeader = response?.headers?.get?.("retry-after");
    const merged = {
      service,
      secretInput,
      status: response?.status,
      retryAfter: retryAfterSeconds(retryAfterHeader),
    };
    // A detail given as undefined keeps the default; null clears it.
    for (const [key, value] of Object.entries(details)) if (value !== undefined) merged[key] = value;
    const kind = merged.kind ?? kindOfStatus(merged.status);
    return new ToolError(describeFailure({ ...merged, kind }), kind, merged.code);
  }

  /**
   * fetch(url, init) with the call's deadline; the body is read here, at most maxBytes.
   * init: method, headers, body | json, service, maxBytes (default 8 MiB), overflow "fail" (default) | "cut",
   *       redirect: "same-origin" (default) | "none" | (nextUrl: URL, fromUrl: URL) => null (follow) or a refusal message,
   *       credentials: true when the request carries a credential outside the headers (a token in the query or body).
   * Returns an UpstreamResponse. Throws ToolError on timeout, cancellation, an unreachable host, a refused or
   * endless redirect, or (overflow "fail") a body over maxBytes. HTTP error statuses are returned, not thrown.
   */
  async function request(url, init = {}) {
    const who = init.service ?? service;
    let current = new URL(url);
    let method = (init.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers ?? {});
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const maxBytes = init.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
    const policy = redirectPolicy(init.redirect ?? "same-origin", who);
    for (let hop = 0; ; hop++) {
      refuseClearTextCredential(current, headers, init.credentials === true, who);
      const { response, timeout, controller } = await send(current, { method, headers, body }, who);
      try {
        if (REDIRECT_STATUSES.has(response.status) && response.headers.has("location") && policy) {
          await response.body?.cancel().catch(() => {});
          if (hop >= MAX_REDIRECTS) throw new ToolError(`${who} redirected more than ${MAX_REDIRECTS} times (last to ${response.headers.get("location")}); giving up.`, "redirect_loop");
          const next = new URL(response.headers.get("location"), current);
          const refusal = policy(next, current);
          if (refusal) throw new ToolError(refusal, "not_allowed");
          if (next.origin !== current.origin) {
            headers.delete("authorization");
            headers.delete("cookie");
          }
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
            method = "GET";
            body = undefined;
            headers.delete("content-type");
          }
          current = next;
          continue;
        }
        const { bytes, truncated } = await readBounded(response, maxBytes, controller);
        if (truncated && (init.overflow ?? "fail") === "fail") {
          throw new ToolError(`${who} answered more than ${maxBytes.toLocaleString("en-US")} bytes, more than this tool reads. Ask for less (a smaller page size, a narrower query).`, "too_large");
        }
        return new UpstreamResponse(response, current.href, bytes, truncated);
      } catch (error) {
        throw translate(error, who, timeout);
      } finally {
        timeout.clear();
      }
    }
  }

  async function send(target, { method, headers, body }, who) {
    const left = deadline - now();
    if (left <= 0) throw timeoutError(who);
    const controller = new AbortController();
    const timeout = timer(left, () => controller.abort(new ToolError("timeout", "timeout")));
    const onCancel = () => controller.abort(new ToolError("cancelled", "cancelled"));
    if (signal) {
      if (signal.aborted) onCancel();
      else signal.addEventListener("abort", onCancel, { once: true });
    }
    const clear = timeout.clear;
    timeout.clear = () => {
      clear();
      signal?.removeEventListener?.("abort", onCancel);
    };
    try {
      const response = await fetch(target.href, { method, headers, body, redirect: "manual", signal: controller.signal });
      return { response, timeout, controller };
    } catch (error) {
      timeout.clear();
      throw translate(error, who, timeout, target);
    }
  }

  function translate(error, who, timeout, target) {
    if (error instanceof ToolError && error.kind !== "timeout" && error.kind !== "cancelled") return error;
    if (timeout.fired) return timeoutError(who);
    if (signal?.aborted) return new ToolError(`The call was cancelled before ${who} answered.`, "cancelled");
    if (error instanceof ToolError) return error;
    const where = target ? ` at ${target.host}` : "";
    return new ToolError(`Could not reach ${who}${where}: ${clip(error?.message ?? String(error), 200)}. Check the URL (for API tools: the apiBaseUrl setting) and retry.`, "unreachable");
  }

  function timeoutError(who) {
    return new ToolError(`${who} did not answer within ${seconds(timeoutMs)} (this tool's per-call timeout). Retry later, or ask for less.`, "timeout");
  }

  return { request, failure, timeoutMs, get remainingMs() {
    return Math.max(0, deadline - now());
  } };
}

const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/** Whether a URL hostname is loopback: 127.0.0.0/8, ::1 or localhost (what plain http may carry a credential to). */
export function isLoopbackHost(hostname) {
  const host = String(hostname ?? "").toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host === "[::1]" || host === "::1") return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255) && Number(octets[1]) === 127;
}

/** Throws a ToolError (nothing is sent) when a credential would travel in clear text to a host that is not loopback. */
function refuseClearTextCredential(target, headers, marked, who) {
  if (target.protocol !== "http:" || isLoopbackHost(target.hostname)) return;
  if (!marked && !CREDENTIAL_HEADERS.some((name) => headers.has(name))) return;
  throw new ToolError(
    `Refused to send the credential over plain http to ${target.host}: ${who} must be reached over https (set the tool's apiBaseUrl to an https:// URL). Plain http is allowed only to loopback (127.0.0.1, ::1, localhost) in local mode.`,
    "insecure_transport",
  );
}

function timer(ms, onFire) {
  const handle = { fired: false };
  const id = setTimeout(() => {
    handle.fired = true;
    onFire();
  }, ms);
  handle.clear = () => clearTimeout(id);
  return handle;
}

function redirectPolicy(option, who) {
  if (option === "none") return null;
  if (typeof option === "function") return option;
  return (next, from) =>
    next.origin === from.origin ? null : `${who} redirected to ${next.origin}, another origin than ${from.origin}; this tool does not follow it (credentials are sent only to the configured API).`;
}

/** Reads at most maxBytes of a body while it streams; cancels the rest. */
async function readBounded(response, maxBytes, controller) {
  if (!response.body) return { bytes: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  let truncated = false;
  const onAbort = () => reader.cancel().catch(() => {});
  controller.signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (controller.signal.aborted) throw controller.signal.reason;
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        await reader.cancel().catch(() => {});
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    controller.signal.removeEventListener("abort", onAbort);
  }
  if (controller.signal.aborted && !truncated) throw controller.signal.reason;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, truncated };
}
