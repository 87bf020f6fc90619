// The tool modules this Worker was built with (createWorker registers them at module load), and the
// server surface per env object. The Durable Object classes run in the same isolate and read them from here.

import { buildSurface } from "./adapter.mjs";
import { readConfig } from "./config.mjs";
import { limiterFor } from "./limiter-stub.mjs";
import { AdmissionPool } from "./admission.mjs";
import { UsageBuffer } from "./usage-buffer.mjs";

let toolModules = [];
const surfaces = new WeakMap();
const buffers = new WeakMap();
const pools = new WeakMap();

/** The isolate's leased admissions for this server (admission.mjs). */
export function admissionPoolFor(env) {
  let pool = pools.get(env);
  if (!pool) {
    pool = new AdmissionPool();
    pools.set(env, pool);
  }
  return pool;
}


/** The isolate's usage buffer for this server: events go to the limiter in groups, within 25 ms. */
export function usageBufferFor(env) {
  let buffer = buffers.get(env);
  if (!buffer) {
    buffer = new UsageBuffer((events) => limiterFor(env).record(events));
    buffers.set(env, buffer);
  }
  return buffer;
}

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
