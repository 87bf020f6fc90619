// Legacy HTTP+SSE (2024-11-05) server transport: replies go out on the open GET /sse stream as
// `event: message`; client messages arrive through POST /messages and are handed in with receive().

export class LegacySseTransport {
  constructor(sessionId, write) {
    this.sessionId = sessionId;
    this.write = write;
    this.closed = false;
    this.onclose = undefined;
    this.onerror = undefined;
    this.onmessage = undefined;
  }

  async start() {}

  async send(message) {
    if (this.closed) throw new Error("the SSE stream is closed");
    await this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  receive(message, extra) {
    this.onmessage?.(message, extra);
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

/** SSE frame for the endpoint the client must POST to. */
export function endpointFrame(url) {
  return `event: endpoint\ndata: ${url}\n\n`;
}

export const KEEPALIVE_FRAME = ": keepalive\n\n";
