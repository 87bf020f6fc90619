// Drives an SDK Server in-process: hand it JSON-RPC messages, await the response with the same id.
export class FakeTransport {
  constructor() {
    this.sent = [];
    this.waiters = new Map();
    this.onmessage = undefined;
    this.onclose = undefined;
    this.onerror = undefined;
  }
  async start() {}
  async close() {
    this.onclose?.();
  }
  async send(message) {
    this.sent.push(message);
    if (message.id !== undefined && (message.result !== undefined || message.error !== undefined)) {
      this.waiters.get(message.id)?.(message);
    }
  }
  request(message, extra) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${message.method}`)), 3000);
      this.waiters.set(message.id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.onmessage(message, extra);
    });
  }
}

let nextId = 1;
export async function connected(server, capabilities = {}) {
  const transport = new FakeTransport();
  await server.connect(transport);
  await transport.request({
    jsonrpc: "2.0",
    id: nextId++,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities, clientInfo: { name: "unit", version: "1" } },
  });
  transport.onmessage({ jsonrpc: "2.0", method: "notifications/initialized" });
  const call = (method, params) => transport.request({ jsonrpc: "2.0", id: nextId++, method, params });
  return { transport, call };
}
