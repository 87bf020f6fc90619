// The tool adapter: turns tool modules (plain objects, no SDK inside) and MCP_CONFIG.tools into
// one server surface, and builds an SDK `Server` serving it for one request or one session.
//
// A tool module (tools/<id>/index.mjs, bundled to dist/tools/<id>.mjs) default-exports:
//   {
//     meta,                                   // its tool.json, imported at bundle time
//     tools: { [name]: async (args, ctx) => result },   // one handler per meta.tools[].name
//     resources?:         [{ uri, name, title?, description?, mimeType?, read: async (uri, ctx) => contents[] }],
//     resourceTemplates?: [{ uriTemplate, name, title?, description?, mimeType?, read: async (uri, vars, ctx) => contents[],
//                            complete?: { [variable]: (value, ctx) => string[] } }],
//     prompts?:           [{ name, title?, description?, arguments?: [{ name, description?, required? }],
//                            get: async (args, ctx) => ({ description?, messages }), complete?: { [argument]: (value, ctx) => string[] } }],
//   }
// See README.md ("Tool modules") for the ctx a handler receives.

import { Validator } from "@cfworker/json-schema";
import {
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  UriTemplate,
  createRequestStateCodec,
  inputRequired,
} from "@modelcontextprotocol/server";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/server/validators/cf-worker";
import { allowListHelpers } from "./allow-lists.mjs";
import { ConfigError } from "./config.mjs";
import { RESULT_TEXT_LIMIT, scrubDeep, secretScrubber, trimResult } from "./results.mjs";
import { ToolError, createUpstream, upstreamTimeoutMs } from "./upstream.mjs";
import { toolLabel } from "./usage.mjs";

export const SERVER_VERSION = "0.1.0";
const SECRET_PREFIX = "MCP_SECRET_";

/** `MCP_SECRET_<ALIAS>_<INPUT>`, upper-cased; characters outside [A-Z0-9_] become `_`. */
export function secretBindingName(alias, input) {
  return `${SECRET_PREFIX}${alias}_${input}`.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}

/** Exposed-name prefix of an entry: `<as>_` when an alias other than the tool id is given, else none. */
export function namePrefix(entry) {
  return typeof entry.as === "string" && entry.as !== "" && entry.as !== entry.use ? `${entry.as}_` : "";
}

/** `with:` completed with the defaults of the tool's settings schema (top-level properties). */
export function settingsWithDefaults(settingsSchema, given) {
  const settings = { ...(given && typeof given === "object" ? given : {}) };
  for (const [key, schema] of Object.entries(settingsSchema?.properties ?? {})) {
    if (settings[key] === undefined && schema && Object.prototype.hasOwnProperty.call(schema, "default")) settings[key] = structuredClone(schema.default);
  }
  return settings;
}

/** The MCP `tools/list` entry for a catalog tool (the catalog's own fields; `writes` is ours, not MCP's). */
export function listingOf(def, exposedName) {
  const listing = { name: exposedName };
  if (def.title !== undefined) listing.title = def.title;
  listing.description = def.description;
  listing.inputSchema = def.inputSchema;
  if (def.outputSchema !== undefined) listing.outputSchema = def.outputSchema;
  if (def.annotations !== undefined) listing.annotations = def.annotations;
  return listing;
}

const WRAPPER_KEYWORDS = new Set(["properties", "allOf", "$ref", "items", "prefixItems", "false", "dependentSchemas", "then", "else", "if", "unevaluatedProperties", "additionalProperties"]);

/** Readable argument problems from @cfworker/json-schema output: leaf errors only, with where they are. */
export function describeValidationErrors(errors, schema) {
  const lines = [];
  for (const error of errors) {
    if (WRAPPER_KEYWORDS.has(error.keyword) && !/additional properties|False boolean schema/i.test(error.error)) continue;
    let line;
    const where = error.instanceLocation === "#" ? "arguments" : `'${error.instanceLocation.replace(/^#\//, "").replaceAll("/", ".")}'`;
    if (error.keyword === "required") line = error.error.replace(/^Instance does not have required property/, "missing required argument");
    else if (error.keyword === "false") line = `${where} is not an accepted argument`;
    else if (error.keyword === "additionalProperties") continue;
    else line = `${where}: ${error.error.replace(/^Instance /, "value ")}`;
    line = line.replace(/\.$/, "");
    if (!lines.includes(line)) lines.push(line);
  }
  if (lines.length === 0) lines.push("the arguments do not match the tool's input schema");
  const known = Object.keys(schema?.properties ?? {});
  const required = Array.isArray(schema?.required) ? schema.required : [];
  let hint = "";
  if (known.length > 0) hint += ` Accepted arguments: ${known.join(", ")}.`;
  if (required.length > 0) hint += ` Required: ${required.join(", ")}.`;
  return `${lines.slice(0, 8).join("; ")}.${hint}`;
}

export function validatorFor(inputSchema) {
  const validator = new Validator(inputSchema, "2020-12", false);
  return (args) => {
    const outcome = validator.validate(args);
    return outcome.valid ? null : describeValidationErrors(outcome.errors, inputSchema);
  };
}


/**
 * Pure: the server surface for a tool-module list and a parsed config.
 * Returns { tools: Map(name -> entry), resources, templates, prompts, capabilities } or throws ConfigError.
 */
export function buildSurface(modules, config, env) {
  const byId = new Map();
  for (const module of modules) {
    if (!module || !module.meta || typeof module.meta.id !== "string") throw new ConfigError("a tool module has no meta.id (it must default-export { meta, tools })");
    byId.set(module.meta.id, module);
  }
  const tools = new Map();
  const resources = [];
  const templates = [];
  const prompts = new Map();
  const secretValues = [];
  for (const entry of config.tools) {
    const module = byId.get(entry.use);
    if (!module) throw new ConfigError(`tool '${entry.use}' is configured but not bundled in this Worker`);
    const meta = module.meta;
    const alias = typeof entry.as === "string" && entry.as !== "" ? entry.as : entry.use;
    const prefix = namePrefix(entry);
    const settings = settingsWithDefaults(meta.settings, entry.with);
    const secrets = {};
    const secretBindings = {};
    for (const input of Object.keys(meta.secrets ?? {})) {
      secretBindings[input] = secretBindingName(alias, input);
      const value = env[secretBindings[input]];
      if (typeof value === "string") {
        secrets[input] = value;
        secretValues.push(value);
      }
    }
    const shared = Object.freeze({
      id: meta.id,
      alias,
      title: typeof meta.title === "string" ? meta.title : meta.id,
      settings: Object.freeze(settings),
      secrets: Object.freeze(secrets),
      secretBindings: Object.freeze(secretBindings),
      ...allowListHelpers(settings),
    });
    const readOnly = settings.readOnly === true;
    for (const def of meta.tools) {
      if (readOnly && def.writes) continue;
      const handler = module.tools?.[def.name];
      if (typeof handler !== "function") throw new ConfigError(`tool '${meta.id}' declares '${def.name}' in tool.json but its module has no handler for it`);
      const name = prefix + def.name;
      if (tools.has(name)) throw new ConfigError(`two configured tools expose '${name}': give one of them another alias ('as:')`);
      tools.set(name, { name, def, handler, listing: listingOf(def, name), validate: null, shared });
    }
    for (const resource of module.resources ?? []) resources.push({ ...resource, shared });
    for (const template of module.resourceTemplates ?? []) templates.push({ ...template, matcher: new UriTemplate(template.uriTemplate), shared });
    for (const prompt of module.prompts ?? []) prompts.set(prefix + prompt.name, { ...prompt, exposedName: prefix + prompt.name, shared });
  }
  const capabilities = { tools: { listChanged: false }, logging: {} };
  if (resources.length > 0 || templates.length > 0) capabilities.resources = { subscribe: true, listChanged: false };
  if (prompts.size > 0) capabilities.prompts = { listChanged: false };
  if (templates.some((t) => t.complete) || [...prompts.values()].some((p) => p.complete)) capabilities.completions = {};
  const codec = requestStateCodecFor(env, config.serverId);
  // Every secret of every configured tool is scrubbed from every result, error and log notification.
  const scrub = secretScrubber(secretValues);
  const timeoutMs = upstreamTimeoutMs(env);
  return { tools, toolList: [...tools.values()].map((t) => t.listing), resources, templates, prompts, capabilities, codec, scrub, hasSecrets: secretValues.length > 0, timeoutMs };
}

export { ConfigError };

function normalizeResult(result) {
  if (typeof result === "string") return { content: [{ type: "text", text: result }] };
  if (result && typeof result === "object" && result.resultType === "input_required") return result;
  if (result && typeof result === "object" && Array.isArray(result.content)) return result;
  if (result === undefined || result === null) return { content: [] };
  return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
}

function textError(text) {
  return { isError: true, content: [{ type: "text", text }] };
}

/**
 * The context a handler receives. `request` is the SDK's per-request context. See README.md ("Tool modules").
 */
function handlerContext(server, shared, request, session, surface) {
  const { codec, scrub = (t) => t, timeoutMs } = surface;
  const progressToken = request.mcpReq._meta?.progressToken;
  const clientCapabilities = server.getClientCapabilities() ?? request.mcpReq.envelope?.["io.modelcontextprotocol/clientCapabilities"] ?? {};
  return {
    id: shared.id,
    alias: shared.alias,
    settings: shared.settings,
    secrets: shared.secrets,
    serverId: session.serverId,
    keyId: session.keyId,
    era: session.era,
    signal: request.mcpReq.signal,
    clientCapabilities,
    /** The upstream client of this call (src/upstream.mjs): one deadline, bounded bodies, redirects, failure messages. */
    upstream: createUpstream({ service: shared.title, secretInput: Object.keys(shared.secretBindings)[0] ?? null, signal: request.mcpReq.signal, timeoutMs }),
    /** A secret input's value; throws a ToolError naming the missing binding when it is not bound. */
    secret: (input) => {
      const value = shared.secrets[input];
      if (typeof value === "string" && value !== "") return value;
      throw new ToolError(
        `This tool's secret '${input}' is not set: the server has no ${shared.secretBindings[input] ?? secretBindingName(shared.alias, input)} binding. Map it under \`secrets:\` in mcp.yaml and store it (\`./mcpsaas secrets set …\`).`,
        "missing_secret",
      );
    },
    /** Allow-lists (src/allow-lists.mjs): allowed(setting, value, match) → boolean; requireAllowed throws a refusal. */
    allowed: shared.allowed,
    requireAllowed: shared.requireAllowed,
    /** A ToolError to throw: answered as an isError result with this message. */
    fail: (message, kind) => new ToolError(message, kind),
    /** Characters of text a result may carry before the adapter cuts it. */
    resultLimit: RESULT_TEXT_LIMIT,
    /** Throws unless the client declared `name` (2026-07-28: the -32021 MissingRequiredClientCapability error). */
    requireCapability: (name) => {
      if (clientCapabilities[name]) return;
      if (session.era === "modern") throw new MissingRequiredClientCapabilityError({ requiredCapabilities: { [name]: {} } }, `This tool needs the client capability '${name}'`);
      throw new Error(`the client did not declare the '${name}' capability`);
    },
    log: (level, data, logger) => request.mcpReq.log(level, scrubDeep(data, scrub), logger),
    progress: (progress, total, message) => {
      if (progressToken === undefined) return Promise.resolve();
      const params = { progressToken, progress };
      if (total !== undefined) params.total = total;
      if (message !== undefined) params.message = scrub(String(message));
      return request.mcpReq.notify({ method: "notifications/progress", params });
    },
    // Related to the current request, so they travel on its response stream (not the standalone GET stream).
    sample: (params, options) => request.mcpReq.send({ method: "sampling/createMessage", params }, options),
    elicit: (params, options) => request.mcpReq.send({ method: "elicitation/create", params }, options),
    // Multi-round-trip input (2026-07-28; the SDK turns it into server→client requests for 2025-era clients).
    inputResponses: request.mcpReq.inputResponses,
    requestState: () => request.mcpReq.requestState(),
    inputRequired: (spec) => inputRequired(spec),
    /** An integrity-protected (HMAC) requestState carrying `payload`; verified before the handler runs again. */
    mintState: (payload) => codec.mint(payload, request),
  };
}

/**
 * The HMAC key for multi-round-trip requestState: per server, from its secret usage token (the same on every
 * isolate, so any instance can verify what another minted), bound to the method it was minted for.
 */
export function requestStateCodecFor(env, serverId) {
  const key = `mcpsaas/request-state/v1\0${serverId}\0${env.MCP_USAGE_TOKEN ?? ""}\0${JSON.stringify(env.MCP_KEY_HASHES ?? [])}`;
  return createRequestStateCodec({ key, ttlSeconds: 600, bind: (ctx) => ctx.mcpReq.method });
}

/**
 * A fresh SDK Server over `surface` for one request (stateless and 2026-07-28) or one session.
 * session: { serverId, keyId, era, record(event) } — record receives one usage event per tools/call.
 */
export function createServer(surface, session, serverInfo) {
  const codec = surface.codec;
  const scrub = surface.scrub ?? ((t) => t);
  const server = new Server(serverInfo, {
    capabilities: surface.capabilities,
    jsonSchemaValidator: new CfWorkerJsonSchemaValidator(),
    requestState: { verify: (state, ctx) => codec.verify(state, ctx) },
  });
  const contextFor = (shared, ctx, extra = session) => handlerContext(server, shared, ctx, extra, surface);

  server.setRequestHandler("tools/list", () => ({ tools: surface.toolList }));

  server.setRequestHandler("tools/call", async (request, ctx) => {
    const name = String(request.params?.name ?? "");
    const args = request.params?.arguments ?? {};
    const started = Date.now();
    const keyId = ctx.http?.authInfo?.extra?.keyId ?? session.keyId ?? null;
    let ok = false;
    let errorKind = null;
    try {
      const tool = surface.tools.get(name);
      if (!tool) {
        errorKind = "unknown_tool";
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: '${name}'. Call tools/list for the tools this server offers.`);
      }
      tool.validate ??= validatorFor(tool.def.inputSchema);
      const problem = tool.validate(args);
      if (problem) {
        errorKind = "invalid_arguments";
        return textError(`Invalid arguments for tool '${name}': ${problem}`);
      }
      let result;
      try {
        result = normalizeResult(await tool.handler(args, contextFor(tool.shared, ctx, { ...session, keyId })));
      } catch (error) {
        if (error instanceof ProtocolError) {
          errorKind = "protocol_error";
          throw error;
        }
        if (error instanceof ToolError) {
          // An expected failure (upstream error, refusal, timeout): its message is the answer.
          errorKind = "tool_error";
          return textError(scrub(error.message));
        }
        errorKind = "tool_exception";
        return textError(scrub(`Tool '${name}' failed: ${error?.message ?? String(error)}`));
      }
      if (result.isError) errorKind = "tool_error";
      else ok = true;
      if (result.resultType === "input_required") return result;
      return trimResult(surface.hasSecrets ? scrubDeep(result, scrub) : result);
    } finally {
      session.record?.({
        tool: toolLabel(name),
        keyId,
        ok,
        errorKind,
        durationMs: Date.now() - started,
      });
    }
  });

  if (surface.capabilities.resources) {
    server.setRequestHandler("resources/list", () => ({
      resources: surface.resources.map(({ uri, name, title, description, mimeType }) => clean({ uri, name, title, description, mimeType })),
    }));
    server.setRequestHandler("resources/templates/list", () => ({
      resourceTemplates: surface.templates.map(({ uriTemplate, name, title, description, mimeType }) => clean({ uriTemplate, name, title, description, mimeType })),
    }));
    server.setRequestHandler("resources/read", async (request, ctx) => {
      const uri = String(request.params?.uri ?? "");
      const direct = surface.resources.find((r) => r.uri === uri);
      if (direct) return { contents: await direct.read(uri, contextFor(direct.shared, ctx)) };
      for (const template of surface.templates) {
        const vars = template.matcher.match(uri);
        if (vars) return { contents: await template.read(uri, vars, contextFor(template.shared, ctx)) };
      }
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Resource not found: ${uri}`, { uri });
    });
    server.setRequestHandler("resources/subscribe", () => ({}));
    server.setRequestHandler("resources/unsubscribe", () => ({}));
  }

  if (surface.capabilities.prompts) {
    server.setRequestHandler("prompts/list", () => ({
      prompts: [...surface.prompts.values()].map((p) => clean({ name: p.exposedName, title: p.title, description: p.description, arguments: p.arguments })),
    }));
    server.setRequestHandler("prompts/get", async (request, ctx) => {
      const name = String(request.params?.name ?? "");
      const prompt = surface.prompts.get(name);
      if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: '${name}'`);
      const args = request.params?.arguments ?? {};
      const missing = (prompt.arguments ?? []).filter((a) => a.required && (args[a.name] === undefined || args[a.name] === "")).map((a) => a.name);
      if (missing.length > 0) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Prompt '${name}' needs the argument(s): ${missing.join(", ")}`);
      return prompt.get(args, contextFor(prompt.shared, ctx));
    });
  }

  if (surface.capabilities.completions) {
    server.setRequestHandler("completion/complete", async (request, ctx) => {
      const { ref, argument } = request.params ?? {};
      let complete;
      let shared;
      if (ref?.type === "ref/prompt") {
        const prompt = surface.prompts.get(ref.name);
        complete = prompt?.complete?.[argument?.name];
        shared = prompt?.shared;
      } else if (ref?.type === "ref/resource") {
        const template = surface.templates.find((t) => t.uriTemplate === ref.uri);
        complete = template?.complete?.[argument?.name];
        shared = template?.shared;
      }
      const values = complete ? await complete(String(argument?.value ?? ""), contextFor(shared, ctx)) : [];
      const top = values.slice(0, 100);
      return { completion: { values: top, total: values.length, hasMore: values.length > top.length } };
    });
  }

  return server;
}

function clean(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}
