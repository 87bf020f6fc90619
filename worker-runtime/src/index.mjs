// runtime.mjs: what a server's entry module (main.mjs, worker-contract.md) imports.
export { createWorker } from "./worker.mjs";
export { McpSession } from "./session.mjs";
export { McpLimiter } from "./limiter.mjs";
