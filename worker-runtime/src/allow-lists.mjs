// Allow-lists in a tool's settings (slack `channels`, github `owners`, fetch `allowedHosts`): a target outside
// the list is refused before any upstream request, with a message naming the list and the fix. A setting that is
// absent (or empty) allows everything. Handlers use them through ctx.allowed / ctx.requireAllowed.

import { hostAllowed } from "./hosts.mjs";
import { ToolError } from "./upstream.mjs";

const PREVIEW = 10;
const DEFAULT_PORTS = { "http:": "80", "https:": "443" };

/** The list in `settings[setting]`, or null when the setting does not restrict anything. */
export function allowListOf(settings, setting) {
  const list = settings?.[setting];
  return Array.isArray(list) && list.length > 0 ? list.map(String) : null;
}

/**
 * Whether `value` is on the list. match: "exact" (default), "ignore-case" (GitHub logins), or "host": value is a
 * URL (or URL string) and an entry is `host` (any port) or `host:port` (the scheme's default port counts).
 */
export function onList(list, value, match = "exact") {
  if (match === "host") {
    const url = value instanceof URL ? value : new URL(String(value));
    const entries = list.map((e) => e.trim().toLowerCase());
    return hostAllowed(url.host, entries) || hostAllowed(`${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol] || ""}`, entries);
  }
  if (match === "ignore-case") return list.some((e) => e.toLowerCase() === String(value).toLowerCase());
  return list.includes(String(value));
}

export function refusal(setting, list, value, what) {
  const shown = list.slice(0, PREVIEW).join(", ") + (list.length > PREVIEW ? `, … (${list.length} in all)` : "");
  return new ToolError(
    `${what} '${value}' is not allowed on this server: it is not in the tool's allow-list \`with.${setting}\` (${shown}). Use one of those, or ask the server's owner to add it in mcp.yaml.`,
    "not_allowed",
  );
}

/** ctx.allowed(setting, value, match) and ctx.requireAllowed(setting, value, { what, match }) for one tool entry. */
export function allowListHelpers(settings) {
  const allowed = (setting, value, match) => {
    const list = allowListOf(settings, setting);
    return list === null || onList(list, value, match);
  };
  const requireAllowed = (setting, value, { what = "target", match } = {}) => {
    const list = allowListOf(settings, setting);
    if (list !== null && !onList(list, value, match)) {
      const shown = match === "host" ? (value instanceof URL ? value : new URL(String(value))).host : value;
      throw refusal(setting, list, shown, what);
    }
  };
  return { allowed, requireAllowed };
}
