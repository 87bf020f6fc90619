// JSON-RPC envelopes and the runtime's own error codes (documented in README.md).

export const ErrorCode = Object.freeze({
  parseError: -32700,
  invalidRequest: -32600,
  invalidParams: -32602,
  internalError: -32603,
  unauthorized: -32001,
  suspended: -32002,
  quotaExceeded: -32003,
  forbiddenHost: -32004,
  sessionNotFound: -32005,
  rateLimited: -32029,
});

export function errorMessage(id, code, message, data) {
  const error = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: "2.0", id: id ?? null, error };
}

export function jsonResponse(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Requests (with an id and a method) among parsed JSON-RPC messages; notifications and responses are skipped. */
export function requestsOf(messages) {
  return messages.filter((m) => m && typeof m === "object" && typeof m.method === "string" && m.id !== undefined && m.id !== null);
}

/** A parsed body as a list of messages (a 2025-03-26 batch is an array; anything else is one message). */
export function asMessageList(parsed) {
  if (Array.isArray(parsed)) return parsed;
  return parsed === undefined ? [] : [parsed];
}

/**
 * One error answer for every request of a body: a single object for a single message, an array for a batch.
 * Returns null when the body holds no request (only notifications or responses): the caller answers 202.
 */
export function errorsFor(parsed, code, message, data) {
  const list = asMessageList(parsed);
  const errors = requestsOf(list).map((m) => errorMessage(m.id, code, message, data));
  if (errors.length === 0) return null;
  return Array.isArray(parsed) ? errors : errors[0];
}
