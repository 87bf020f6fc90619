// The tool modules this Worker was built with (createWorker registers them at module load), and the
// server surface per env object. The Durable Object classes run in the same isolate and read them from here.

import { buildSurface } from "./adapter.mjs";
import { readConfig } from "./config.mjs";

let toolModules = [];
const surfaces = new WeakMap();

export function registerToolModules(modules) {
  toolModules = modules;
}

export function surfaceFor(env) {
  let surface = surfaces.get(env);
  if (!surface) {
    surface = buildSurface(toolModules, readConfig(env), env);
    surfaces.set(env, surface);
  }
  return surface;
}

export function serverInfoFor(env) {
  const config = readConfig(env);
  return { name: config.name, version: "mcpsaas-runtime/0.1.0" };
}

/** A usage event as the outbox stores it (never arguments or results). */
export function usageEvent(serverId, partial) {
  return {
    eventId: crypto.randomUUID(),
    serverId,
    tool: partial.tool,
    keyId: partial.keyId ?? null,
    ok: partial.ok,
    errorKind: partial.errorKind ?? null,
    durationMs: partial.durationMs,
    ts: new Date().toISOString(),
  };
}
