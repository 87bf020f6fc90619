using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>
/// The fake's own workerd config: every script as a service (modules written to files, bindings as uploaded, secrets
/// from the environment, Durable Objects on disk), behind a router on one TLS socket that dispatches
/// <c>&lt;script&gt;.&lt;subdomain&gt;.workers.dev</c> to the scripts with workers.dev enabled, Host header kept.
/// Outbound fetches may reach loopback (a platform's usage endpoint in tests).
/// </summary>
internal static class FakeWorkerdConfig
{
    public static (string Capnp, Dictionary<string, string> Environment) Render(
        IReadOnlyList<FakeScriptView> scripts, string folder, int port, string subdomain, FakeTlsCertificate certificate)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append("using Workerd = import \"/workerd/workerd.capnp\";\n\nconst config :Workerd.Config = (\n  services = [\n");
        sb.Append("    (name = \"router\", worker = .router),\n");
        for (var i = 0; i < scripts.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    (name = {Str(Service(scripts[i].Name))}, worker = .w{i}),\n");
        }

        sb.Append("    (name = \"internet\", network = (allow = [\"public\", \"private\", \"local\"], tlsOptions = (trustBrowserCas = true))),\n");
        var storage = Path.Combine(folder, "do-storage");
        Directory.CreateDirectory(storage);
        sb.Append(CultureInfo.InvariantCulture, $"    (name = \"do-storage\", disk = (path = {Str(storage)}, writable = true)),\n  ],\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"  sockets = [ (name = \"https\", address = {Str($"127.0.0.1:{port}")}, https = (options = (), tlsOptions = (keypair = (privateKey = {Str(certificate.PrivateKeyPem)}, certificateChain = {Str(certificate.CertificatePem)}))), service = \"router\") ],\n);\n\n");

        var routes = new JsonObject();
        sb.Append("const router :Workerd.Worker = (\n");
        sb.Append(CultureInfo.InvariantCulture, $"  modules = [ (name = \"router.mjs\", esModule = {Str(Router(subdomain, scripts, routes))}) ],\n");
        sb.Append("  compatibilityDate = \"2024-01-01\",\n  bindings = [\n");
        for (var i = 0; i < scripts.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    (name = {Str($"S{i}")}, service = {Str(Service(scripts[i].Name))}),\n");
        }

        sb.Append("  ],\n);\n");

        for (var i = 0; i < scripts.Count; i++)
        {
            var script = scripts[i];
            var dir = Path.Combine(folder, "scripts", i.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            sb.Append(CultureInfo.InvariantCulture, $"\nconst w{i} :Workerd.Worker = (\n  modules = [\n");
            // The entry module first: workerd takes the first module as the main one.
            var modules = script.Modules.OrderBy(m => m.Name == script.MainModule ? 0 : 1).ToList();
            for (var j = 0; j < modules.Count; j++)
            {
                var kind = ModuleKind(modules[j].ContentType);
                if (kind is null)
                {
                    continue;
                }

                var file = Path.Combine(dir, j.ToString(CultureInfo.InvariantCulture));
                File.WriteAllBytes(file, modules[j].Content);
                sb.Append(CultureInfo.InvariantCulture, $"    (name = {Str(modules[j].Name)}, {kind} = embed {Str(Path.GetRelativePath(folder, file))}),\n");
            }

            sb.Append("  ],\n");
            sb.Append(CultureInfo.InvariantCulture, $"  compatibilityDate = {Str(script.CompatibilityDate)},\n");
            sb.Append(CultureInfo.InvariantCulture, $"  compatibilityFlags = [{string.Join(", ", script.CompatibilityFlags.Select(Str))}],\n  bindings = [\n");
            foreach (var text in script.Bindings)
            {
                var binding = JsonNode.Parse(text)!.AsObject();
                var name = (string)binding["name"]!;
                var line = (string)binding["type"]! switch
                {
                    "json" => $"json = {Str(binding["json"]!.ToJsonString())}",
                    "plain_text" => $"text = {Str((string)binding["text"]!)}",
                    "secret_text" => $"fromEnvironment = {Str(Secret(environment, i, name, script.Secrets[name]))}",
                    "durable_object_namespace" => (string?)binding["script_name"] is { } other && other != script.Name
                        ? $"durableObjectNamespace = (className = {Str((string)binding["class_name"]!)}, serviceName = {Str(Service(other))})"
                        : $"durableObjectNamespace = {Str((string)binding["class_name"]!)}",
                    "service" => (string?)binding["entrypoint"] is { } entrypoint
                        ? $"service = (name = {Str(Service((string)binding["service"]!))}, entrypoint = {Str(entrypoint)})"
                        : $"service = {Str(Service((string)binding["service"]!))}",
                    var other => throw new InvalidOperationException($"binding type {other} is not run by the fake"),
                };
                sb.Append(CultureInfo.InvariantCulture, $"    (name = {Str(name)}, {line}),\n");
            }

            sb.Append("  ],\n");
            if (script.DurableObjectClasses.Count > 0)
            {
                sb.Append("  durableObjectNamespaces = [\n");
                foreach (var c in script.DurableObjectClasses)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"    (className = {Str(c)}, uniqueKey = {Str($"{script.Name}-{c}")}),\n");
                }

                sb.Append("  ],\n  durableObjectStorage = (localDisk = \"do-storage\"),\n");
            }

            sb.Append("  globalOutbound = \"internet\",\n);\n");
        }

        return (sb.ToString(), environment);
    }

    public static string Service(string script) => $"w-{script}";

    private static string? ModuleKind(string contentType) => contentType.ToLowerInvariant() switch
    {
        "application/javascript+module" or "text/javascript+module" => "esModule",
        "application/javascript" or "text/javascript" => "commonJsModule",
        "application/wasm" => "wasm",
        "text/plain" => "text",
        "application/octet-stream" => "data",
        _ => null, // source maps, python: not run by the fake
    };

    private static string Secret(Dictionary<string, string> environment, int script, string binding, string value)
    {
        var variable = $"FAKECF_{script}_{binding}";
        environment[variable] = value;
        return variable;
    }

    private static string Router(string subdomain, IReadOnlyList<FakeScriptView> scripts, JsonObject routes)
    {
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].WorkersDevEnabled)
            {
                routes[scripts[i].Name] = $"S{i}";
            }
        }

        var suffix = JsonSerializer.Serialize($".{subdomain}.workers.dev".ToLowerInvariant(), FakeJsonContext.Default.String);
        return $$"""
            // The fake's workers.dev: <script>.<subdomain>.workers.dev → that script, when its workers.dev is enabled.
            const ROUTES = {{routes.ToJsonString()}};
            const SUFFIX = {{suffix}};
            export default {
              async fetch(request, env) {
                const host = (request.headers.get("host") ?? new URL(request.url).host).toLowerCase().replace(/:\d+$/, "");
                if (host.endsWith(SUFFIX)) {
                  const binding = ROUTES[host.slice(0, -SUFFIX.length)];
                  if (binding) return env[binding].fetch(request);
                }
                return new Response("There is nothing here yet", { status: 404 });
              },
            };

            """;
    }

    /// <summary>A Cap'n Proto text literal.</summary>
    private static string Str(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                < ' ' => sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
