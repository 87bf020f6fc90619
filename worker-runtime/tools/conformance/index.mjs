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
    const result = await ctx.sample({ messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 100 });
    const content = Array.isArray(result.content) ? result.content.find((c) => c.type === "text") : result.content;
    return { content: [text(`LLM response: ${content?.text ?? JSON.stringify(result.content)}`)] };
  },

  async test_elicitation({ message }, ctx) {
    requireCapability(ctx, "elicitation");
    const result = await ctx.elicit({
      message,
      requestedSchema: {
        type: "object",
        properties: {
          username: { type: "string", description: "User's response" },
          email: { type: "string", description: "User's email address" },
        },
        required: ["username", "email"],
      },
    });
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
};

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
