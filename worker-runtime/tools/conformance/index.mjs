// The internal `conformance` pack: the reference fixtures the official MCP conformance suite calls by name.
// Plain handlers, no SDK: the runtime's adapter serves them (see src/adapter.mjs for the module shape).

import meta from "./tool.json" with { type: "json" };

// A 1x1 red PNG and a silent 8-sample 8 kHz mono WAV.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
const WAV = "UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YRAAAAAAAAAAAAAAAAAAAAAAAAAA";

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new Error("cancelled"));
    });
  });

const text = (t) => ({ type: "text", text: t });

function requireCapability(ctx, capability) {
  if (!ctx.clientCapabilities?.[capability]) throw new Error(`the client did not declare the '${capability}' capability`);
}

const tools = {
  test_simple_text: () => ({ content: [text("This is a simple text response for testing.")] }),

  test_image_content: () => ({ content: [{ type: "image", data: PNG, mimeType: "image/png" }] }),

  test_audio_content: () => ({ content: [{ type: "audio", data: WAV, mimeType: "audio/wav" }] }),

  test_embedded_resource: () => ({
    content: [{ type: "resource", resource: { uri: "test://embedded-resource", mimeType: "text/plain", text: "This is an embedded resource content." } }],
  }),

  test_multiple_content_types: () => ({
    content: [
      text("Multiple content types test:"),
      { type: "image", data: PNG, mimeType: "image/png" },
      { type: "resource", resource: { uri: "test://mixed-content-resource", mimeType: "application/json", text: JSON.stringify({ test: "data", value: 123 }) } },
    ],
  }),

  async test_tool_with_logging(_args, ctx) {
    await ctx.log("info", "Tool execution started");
    await sleep(50, ctx.signal);
    await ctx.log("info", "Tool processing data");
    await sleep(50, ctx.signal);
    await ctx.log("info", "Tool execution completed");
    return { content: [text("Tool with logging executed successfully")] };
  },

  async test_tool_with_progress(_args, ctx) {
    await ctx.progress(0, 100);
    await sleep(50, ctx.signal);
    await ctx.progress(50, 100);
    await sleep(50, ctx.signal);
    await ctx.progress(100, 100);
    return { content: [text("Tool with progress executed successfully")] };
  },

  test_error_handling: () => {
    throw new Error("This tool intentionally returns an error for testing");
  },

  async test_sampling({ prompt }, ctx) {
    requireCapability(ctx, "sampling");
    const request = { messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 100 };
    let result;
    if (ctx.era === "modern") {
      // 2026-07-28 has no server→client push: ask through an input_required result, answer on the retry.
      result = ctx.inputResponses?.sampling;
      if (!isSamplingResult(result)) return ctx.inputRequired({ inputRequests: { sampling: { method: "sampling/createMessage", params: request } } });
    } else {
      result = await ctx.sample(request);
    }
    const content = Array.isArray(result.content) ? result.content.find((c) => c.type === "text") : result.content;
    return { content: [text(`LLM response: ${content?.text ?? JSON.stringify(result.content)}`)] };
  },

  async test_elicitation({ message }, ctx) {
    requireCapability(ctx, "elicitation");
    const request = {
      message,
      requestedSchema: {
        type: "object",
        properties: {
          username: { type: "string", description: "User's response" },
          email: { type: "string", description: "User's email address" },
        },
        required: ["username", "email"],
      },
    };
    let result;
    if (ctx.era === "modern") {
      result = ctx.inputResponses?.elicitation;
      if (!result || typeof result.action !== "string") return ctx.inputRequired({ inputRequests: { elicitation: { method: "elicitation/create", params: request } } });
    } else {
      result = await ctx.elicit(request);
    }
    return { content: [text(`User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
  },

  async test_elicitation_sep1034_defaults(_args, ctx) {
    requireCapability(ctx, "elicitation");
    const result = await ctx.elicit({
      message: "Please review and update the form fields with defaults",
      requestedSchema: {
        type: "object",
        properties: {
          name: { type: "string", description: "User name", default: "John Doe" },
          age: { type: "integer", description: "User age", default: 30 },
          score: { type: "number", description: "User score", default: 95.5 },
          status: { type: "string", description: "User status", enum: ["active", "inactive", "pending"], default: "active" },
          verified: { type: "boolean", description: "Verification status", default: true },
        },
        required: [],
      },
    });
    return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
  },

  async test_elicitation_sep1330_enums(_args, ctx) {
    requireCapability(ctx, "elicitation");
    const result = await ctx.elicit({
      message: "Please select options from the enum fields",
      requestedSchema: {
        type: "object",
        properties: {
          untitledSingle: { type: "string", description: "Untitled single-select", enum: ["option1", "option2", "option3"] },
          titledSingle: {
            type: "string",
            description: "Titled single-select",
            oneOf: [
              { const: "value1", title: "First Option" },
              { const: "value2", title: "Second Option" },
              { const: "value3", title: "Third Option" },
            ],
          },
          legacyEnum: { type: "string", description: "Legacy titled enum", enum: ["opt1", "opt2", "opt3"], enumNames: ["Option One", "Option Two", "Option Three"] },
          untitledMulti: { type: "array", description: "Untitled multi-select", items: { type: "string", enum: ["option1", "option2", "option3"] } },
          titledMulti: {
            type: "array",
            description: "Titled multi-select",
            items: {
              anyOf: [
                { const: "value1", title: "First Choice" },
                { const: "value2", title: "Second Choice" },
                { const: "value3", title: "Third Choice" },
              ],
            },
          },
        },
        required: [],
      },
    });
    return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
  },

  json_schema_2020_12_tool: (args) => ({ content: [text(`Received: ${JSON.stringify(args)}`)] }),

  // 2026-07-28 diagnostics (server-stateless scenario).
  test_missing_capability: (_args, ctx) => {
    ctx.requireCapability("sampling");
    return { content: [text("The client declared sampling.")] };
  },
  test_streaming_elicitation: (_args, ctx) => ctx.inputRequired({ inputRequests: { user_name: elicitString("What is your name?", "name") } }),
  async test_logging_tool(_args, ctx) {
    await ctx.log("info", "test_logging_tool ran");
    return { content: [text("Logged (only when the request asked for a log level).")] };
  },

  // Multi-round-trip input (SEP-2322): input_required results; 2025-era clients get real server→client requests instead.
  test_input_required_result_elicitation: (_args, ctx) => {
    const name = accepted(ctx.inputResponses, "user_name")?.name;
    if (typeof name !== "string") return ctx.inputRequired({ inputRequests: { user_name: elicitString("What is your name?", "name") } });
    return { content: [text(`Hello, ${name}!`)] };
  },

  test_input_required_result_sampling: (_args, ctx) => {
    const answer = ctx.inputResponses?.capital_question;
    if (!isSamplingResult(answer)) return ctx.inputRequired({ inputRequests: { capital_question: sampling("What is the capital of France?", 100) } });
    return { content: [text(`The model answered: ${samplingText(answer)}`)] };
  },

  test_input_required_result_list_roots: (_args, ctx) => {
    const roots = ctx.inputResponses?.client_roots?.roots;
    if (!Array.isArray(roots)) return ctx.inputRequired({ inputRequests: { client_roots: { method: "roots/list", params: {} } } });
    return { content: [text(`Client roots: ${roots.map((r) => r.uri).join(", ") || "(none)"}`)] };
  },

  async test_input_required_result_request_state(_args, ctx) {
    const state = ctx.requestState();
    const confirm = accepted(ctx.inputResponses, "confirm");
    if (state?.step !== "confirm" || !confirm) {
      return ctx.inputRequired({ inputRequests: { confirm: elicitBoolean("Please confirm", "ok") }, requestState: await ctx.mintState({ step: "confirm" }) });
    }
    return { content: [text(`state-ok: confirmed=${confirm.ok === true}`)] };
  },

  async test_input_required_result_multiple_inputs(_args, ctx) {
    const wanted = {
      user_name: elicitString("What is your name?", "name"),
      greeting: sampling("Generate a greeting", 50),
      client_roots: { method: "roots/list", params: {} },
    };
    const responses = ctx.inputResponses ?? {};
    const have = {
      user_name: accepted(responses, "user_name")?.name,
      greeting: isSamplingResult(responses.greeting) ? samplingText(responses.greeting) : undefined,
      client_roots: Array.isArray(responses.client_roots?.roots) ? responses.client_roots.roots : undefined,
    };
    const missing = Object.keys(wanted).filter((k) => have[k] === undefined);
    if (missing.length > 0 || ctx.requestState()?.step !== "all") {
      const ask = missing.length > 0 ? missing : Object.keys(wanted);
      return ctx.inputRequired({ inputRequests: Object.fromEntries(ask.map((k) => [k, wanted[k]])), requestState: await ctx.mintState({ step: "all" }) });
    }
    return { content: [text(`Name: ${have.user_name}; greeting: ${have.greeting}; roots: ${have.client_roots.length}`)] };
  },

  async test_input_required_result_multi_round(_args, ctx) {
    const state = ctx.requestState();
    if (state?.round === 1) {
      const name = accepted(ctx.inputResponses, "step1")?.name;
      if (typeof name === "string") {
        return ctx.inputRequired({ inputRequests: { step2: elicitString("Step 2: What is your favorite color?", "color") }, requestState: await ctx.mintState({ round: 2, name }) });
      }
    }
    if (state?.round === 2) {
      const color = accepted(ctx.inputResponses, "step2")?.color;
      if (typeof color === "string") return { content: [text(`Done after 3 rounds: ${state.name} likes ${color}.`)] };
      return ctx.inputRequired({ inputRequests: { step2: elicitString("Step 2: What is your favorite color?", "color") }, requestState: await ctx.mintState(state) });
    }
    return ctx.inputRequired({ inputRequests: { step1: elicitString("Step 1: What is your name?", "name") }, requestState: await ctx.mintState({ round: 1 }) });
  },

  async test_input_required_result_tampered_state(_args, ctx) {
    // A tampered requestState never reaches this handler: the runtime verifies its HMAC first (-32602).
    if (ctx.requestState()?.step === "confirm" && accepted(ctx.inputResponses, "confirm")) return { content: [text("state-ok")] };
    return ctx.inputRequired({ inputRequests: { confirm: elicitBoolean("Please confirm", "ok") }, requestState: await ctx.mintState({ step: "confirm" }) });
  },

  test_input_required_result_capabilities: (_args, ctx) => {
    const responses = ctx.inputResponses ?? {};
    const caps = ctx.clientCapabilities;
    const asks = {};
    if (caps.elicitation && !accepted(responses, "user_name")) asks.user_name = elicitString("What is your name?", "name");
    if (caps.sampling && !isSamplingResult(responses.greeting)) asks.greeting = sampling("Generate a greeting", 50);
    if (caps.roots && !Array.isArray(responses.client_roots?.roots)) asks.client_roots = { method: "roots/list", params: {} };
    if (Object.keys(asks).length > 0) return ctx.inputRequired({ inputRequests: asks });
    return { content: [text(`Done with the capabilities the client declared: ${Object.keys(caps).join(", ") || "none"}`)] };
  },
};

function elicitString(message, field) {
  return { method: "elicitation/create", params: { message, requestedSchema: { type: "object", properties: { [field]: { type: "string" } }, required: [field] } } };
}

function elicitBoolean(message, field) {
  return { method: "elicitation/create", params: { message, requestedSchema: { type: "object", properties: { [field]: { type: "boolean" } }, required: [field] } } };
}

function sampling(prompt, maxTokens) {
  return { method: "sampling/createMessage", params: { messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens } };
}

/** The content of an accepted elicitation response, or undefined. */
function accepted(responses, key) {
  const entry = responses?.[key];
  return entry && typeof entry === "object" && entry.action === "accept" && entry.content && typeof entry.content === "object" ? entry.content : undefined;
}

function isSamplingResult(entry) {
  return Boolean(entry && typeof entry === "object" && typeof entry.role === "string" && entry.content !== undefined);
}

function samplingText(entry) {
  const content = Array.isArray(entry.content) ? entry.content.find((c) => c.type === "text") : entry.content;
  return content?.text ?? JSON.stringify(entry.content);
}

const resources = [
  {
    uri: "test://static-text",
    name: "static-text",
    description: "A static text resource for testing.",
    mimeType: "text/plain",
    read: (uri) => [{ uri, mimeType: "text/plain", text: "This is the content of the static text resource." }],
  },
  {
    uri: "test://static-binary",
    name: "static-binary",
    description: "A static binary resource (a 1x1 PNG) for testing.",
    mimeType: "image/png",
    read: (uri) => [{ uri, mimeType: "image/png", blob: PNG }],
  },
  {
    uri: "test://watched-resource",
    name: "watched-resource",
    description: "A resource clients may subscribe to.",
    mimeType: "text/plain",
    read: (uri) => [{ uri, mimeType: "text/plain", text: "Watched resource content" }],
  },
];

const resourceTemplates = [
  {
    uriTemplate: "test://template/{id}/data",
    name: "template",
    description: "A resource template with an {id} parameter.",
    mimeType: "application/json",
    read: (uri, vars) => {
      const id = String(vars.id);
      return [{ uri, mimeType: "application/json", text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }];
    },
    complete: { id: (value) => ["1", "2", "3", "123"].filter((v) => v.startsWith(value)) },
  },
];

const prompts = [
  {
    name: "test_simple_prompt",
    description: "A simple prompt without arguments.",
    get: () => ({ messages: [{ role: "user", content: text("This is a simple prompt for testing.") }] }),
  },
  {
    name: "test_prompt_with_arguments",
    description: "A prompt with two required arguments.",
    arguments: [
      { name: "arg1", description: "First test argument", required: true },
      { name: "arg2", description: "Second test argument", required: true },
    ],
    get: ({ arg1, arg2 }) => ({ messages: [{ role: "user", content: text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) }] }),
    complete: {
      arg1: (value) => ["paris", "park", "party", "test", "testing"].filter((v) => v.startsWith(value)),
      arg2: (value) => ["world", "work"].filter((v) => v.startsWith(value)),
    },
  },
  {
    name: "test_prompt_with_embedded_resource",
    description: "A prompt embedding a resource.",
    arguments: [{ name: "resourceUri", description: "URI of the resource to embed", required: true }],
    get: ({ resourceUri }) => ({
      messages: [
        { role: "user", content: { type: "resource", resource: { uri: resourceUri, mimeType: "text/plain", text: "Embedded resource content for testing." } } },
        { role: "user", content: text("Please process the embedded resource above.") },
      ],
    }),
  },
  {
    name: "test_input_required_result_prompt",
    description: "A prompt that first asks the user for context (multi-round-trip input).",
    get: (_args, ctx) => {
      const context = accepted(ctx.inputResponses, "user_context")?.context;
      if (typeof context !== "string") {
        return ctx.inputRequired({ inputRequests: { user_context: elicitString("What context should the prompt use?", "context") } });
      }
      return { description: "A prompt with user-provided context", messages: [{ role: "user", content: text(`Use this context: ${context}`) }] };
    },
  },
  {
    name: "test_prompt_with_image",
    description: "A prompt with image content.",
    get: () => ({
      messages: [
        { role: "user", content: { type: "image", data: PNG, mimeType: "image/png" } },
        { role: "user", content: text("Please analyze the image above.") },
      ],
    }),
  },
];

export default { meta, tools, resources, resourceTemplates, prompts };
