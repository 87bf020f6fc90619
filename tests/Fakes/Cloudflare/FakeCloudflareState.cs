using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>
/// The account's scripts and what each endpoint does to them, with the refusals of cloudflare-workers-api.md. Every
/// method either answers the envelope's <c>result</c> or throws <see cref="FakeApiException"/>; a refused request
/// changes nothing.
/// </summary>
internal sealed partial class FakeCloudflareState(FakeCloudflareOptions options)
{
    /// <summary>Types the real API knows (the fake refuses the ones it does not implement, saying so).</summary>
    private static readonly HashSet<string> KnownBindingTypes = new(StringComparer.Ordinal)
    {
        "plain_text", "secret_text", "json", "kv_namespace", "durable_object_namespace", "analytics_engine", "service", "dispatch_namespace",
        "inherit", "secret_key", "r2_bucket", "d1", "queue", "ai", "browser", "hyperdrive", "vectorize", "version_metadata", "mtls_certificate",
        "send_email", "pipelines", "assets", "secrets_store_secret", "tail_consumer", "workflow", "wasm_module", "text_blob", "data_blob",
    };

    private static readonly HashSet<string> ImplementedBindingTypes = new(StringComparer.Ordinal)
    {
        "plain_text", "secret_text", "json", "durable_object_namespace", "service", "inherit",
    };

    private static readonly HashSet<string> VariableTypes = new(StringComparer.Ordinal) { "plain_text", "secret_text", "json" };

    private readonly Lock _lock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeScript> _scripts = new(StringComparer.Ordinal);
    private long _versions;

    /// <summary>Called (outside the lock) after any change that the running Workers must reflect.</summary>
    public Action? Changed { get; set; }

    public IReadOnlyList<FakeScriptView> Views()
    {
        lock (_lock)
        {
            return [.. _scripts.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.View())];
        }
    }

    public FakeScriptView? View(string name)
    {
        lock (_lock)
        {
            return _scripts.TryGetValue(name, out var script) ? script.View() : null;
        }
    }

    // GET /accounts/{a}/workers/scripts[?tags=a:yes,b:no]
    public JsonNode List(string? tagFilter)
    {
        var filters = ParseTagFilter(tagFilter);
        lock (_lock)
        {
            return new JsonArray([.. _scripts.Values
                .Where(s => filters.All(f => s.Tags.Contains(f.Tag) == f.Present))
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(ScriptJson)]);
        }
    }

    // PUT /accounts/{a}/workers/scripts/{name}
    public async Task<JsonNode> UploadAsync(string name, string? contentType, byte[] body, bool strictInherit, CancellationToken cancellationToken)
    {
        CheckName(name);
        var parts = await MultipartParts.ReadAsync(contentType, body, cancellationToken);
        var metadataPart = parts.FirstOrDefault(p => p.Name == "metadata")
            ?? throw FakeApiException.Validation("The upload has no 'metadata' part.");
        var metadata = FakeJson.ParseObject(metadataPart.Content, "metadata");
        // Module bytes are shared between scripts that upload the same module (the runtime, tools): a benchmark's 10,000 scripts fit.
        var modules = parts.Where(p => p.Name != "metadata").Select(p => p with { Content = Intern(p.Content) }).ToList();

        var main = FakeJson.String(metadata, "main_module", "metadata");
        if (string.IsNullOrEmpty(main))
        {
            throw FakeApiException.Validation(metadata.ContainsKey("body_part")
                ? "Service-worker uploads (body_part) are not supported by this fake: send main_module."
                : "metadata.main_module is required for a module Worker.");
        }

        var mainModule = modules.FirstOrDefault(m => m.Name == main)
            ?? throw FakeApiException.Validation($"Uncaught Error: No such module \"{main}\" (main_module names no uploaded part).");
        if (!mainModule.IsEsModule)
        {
            throw FakeApiException.Validation($"main_module '{main}' has content type '{mainModule.ContentType}': the entry module must be application/javascript+module.");
        }

        foreach (var module in modules)
        {
            if (!MultipartParts.ModuleTypes.Contains(module.ContentType))
            {
                throw FakeApiException.Validation($"Module '{module.Name}' has unsupported content type '{module.ContentType}'.");
            }
        }

        // The real API falls back to 2021-11-02 without a date; the fake refuses, so a client that forgets it is caught.
        var date = FakeJson.String(metadata, "compatibility_date", "metadata")
            ?? throw FakeApiException.Validation("metadata.compatibility_date is missing (Cloudflare would silently use 2021-11-02): always send it.");
        CheckDate(date);
        var flags = FakeJson.Strings(metadata, "compatibility_flags", "metadata") ?? [];
        var tags = FakeJson.Strings(metadata, "tags", "metadata") ?? [];
        CheckTags(tags);
        var keep = FakeJson.Strings(metadata, "keep_bindings", "metadata") ?? [];

        var size = modules.Sum(m => (long)m.Content.Length);
        if (size > options.MaxScriptBytes)
        {
            throw new FakeApiException(400, FakeErrorCodes.TooLarge, $"Script is too large ({size} bytes; this account allows {options.MaxScriptBytes}).");
        }

        var exports = ModuleExports.Of(mainModule.Text);
        bool changed;
        JsonNode result;
        lock (_lock)
        {
            _scripts.TryGetValue(name, out var previous);
            if (previous is null && _scripts.Count >= options.MaxScripts)
            {
                throw new FakeApiException(400, FakeErrorCodes.TooManyScripts,
                    $"You have exceeded the limit of {options.MaxScripts} Workers on your account.");
            }

            var (classes, migrationTag) = ApplyMigrations(metadata["migrations"], previous, exports);
            var (bindings, secrets) = ResolveBindings(name, metadata["bindings"], keep, previous, strictInherit, classes, exports);

            foreach (var existing in previous?.DurableObjectClasses ?? [])
            {
                if (classes.Contains(existing) && !exports.Contains(existing))
                {
                    throw new FakeApiException(400, FakeErrorCodes.DurableObjectClassRemoved,
                        $"New version of script does not export class '{existing}' which is depended on by existing Durable Objects. Did you forget to export it or to add a delete-class migration?");
                }
            }

            var now = options.Clock.GetUtcNow();
            var script = previous ?? new FakeScript { Name = name, Tag = Guid.NewGuid().ToString("N"), CreatedOn = now };
            script.MainModule = main;
            script.Modules = modules;
            script.CompatibilityDate = date;
            script.CompatibilityFlags = flags;
            script.Bindings = bindings;
            script.Secrets = secrets;
            script.Tags = tags;
            script.MigrationTag = migrationTag;
            script.DurableObjectClasses = classes;
            script.LastDeployedFrom = "api";
            NewVersion(script, body, now, newEtag: true);
            _scripts[name] = script;
            changed = true;
            result = ScriptJson(script);
            result["startup_time_ms"] = 1;
        }

        if (changed)
        {
            Changed?.Invoke();
        }

        return result;
    }

    // GET …/scripts/{name}/settings
    public JsonNode GetSettings(string name)
    {
        lock (_lock)
        {
            return SettingsJson(Find(name));
        }
    }

    // PATCH …/scripts/{name}/settings (multipart, part "settings")
    public async Task<JsonNode> PatchSettingsAsync(string name, string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        var parts = await MultipartParts.ReadAsync(contentType, body, cancellationToken);
        var part = parts.FirstOrDefault(p => p.Name == "settings") ?? throw FakeApiException.Validation("The request has no 'settings' part.");
        var settings = FakeJson.ParseObject(part.Content, "settings");
        JsonNode result;
        lock (_lock)
        {
            var script = Find(name);
            var tags = FakeJson.Strings(settings, "tags", "settings");
            if (tags is not null)
            {
                CheckTags(tags);
            }

            var date = FakeJson.String(settings, "compatibility_date", "settings");
            if (date is not null)
            {
                CheckDate(date);
            }

            var flags = FakeJson.Strings(settings, "compatibility_flags", "settings");
            List<JsonObject>? bindings = null;
            Dictionary<string, string>? secrets = null;
            if (settings["bindings"] is not null)
            {
                var exports = ModuleExports.Of(script.Modules.First(m => m.Name == script.MainModule).Text);
                var keep = FakeJson.Strings(settings, "keep_bindings", "settings") ?? [];
                (bindings, secrets) = ResolveBindings(name, settings["bindings"], keep, script, strictInherit: true, script.DurableObjectClasses, exports);
            }

            script.Tags = tags ?? script.Tags;
            script.CompatibilityDate = date ?? script.CompatibilityDate;
            script.CompatibilityFlags = flags ?? script.CompatibilityFlags;
            script.Bindings = bindings ?? script.Bindings;
            script.Secrets = secrets ?? script.Secrets;
            NewVersion(script, body, options.Clock.GetUtcNow(), newEtag: true);
            result = SettingsJson(script);
        }

        Changed?.Invoke();
        return result;
    }

    // GET …/scripts/{name}/script-settings
    public JsonNode GetScriptSettings(string name)
    {
        lock (_lock)
        {
            return ScriptSettingsJson(Find(name));
        }
    }

    // PATCH …/scripts/{name}/script-settings (JSON; not versioned)
    public JsonNode PatchScriptSettings(string name, byte[] body)
    {
        var patch = FakeJson.ParseObject(body, "body");
        var tags = FakeJson.Strings(patch, "tags", "body");
        if (tags is not null)
        {
            CheckTags(tags);
        }

        lock (_lock)
        {
            var script = Find(name);
            script.Tags = tags ?? script.Tags;
            return ScriptSettingsJson(script);
        }
    }

    // PUT …/scripts/{name}/secrets
    public JsonNode PutSecret(string name, byte[] body)
    {
        var secret = FakeJson.ParseObject(body, "body");
        var secretName = FakeJson.String(secret, "name", "body");
        var (type, text) = SecretValue(secret, "body");
        JsonNode result;
        lock (_lock)
        {
            var script = Find(name);
            var secrets = new Dictionary<string, string>(script.Secrets, StringComparer.Ordinal);
            CheckSecretName(script, secretName);
            secrets[secretName!] = text;
            ApplySecrets(script, secrets);
            result = new JsonObject { ["name"] = secretName, ["type"] = type };
        }

        Changed?.Invoke();
        return result;
    }

    // PATCH …/scripts/{name}/secrets-bulk
    public JsonNode PatchSecrets(string name, byte[] body)
    {
        var patch = FakeJson.ParseObject(body, "body");
        if (patch["secrets"] is not JsonObject entries)
        {
            throw FakeApiException.Validation("body.secrets must be an object of secret name to {type, text} or null.");
        }

        JsonNode result;
        lock (_lock)
        {
            var script = Find(name);
            var secrets = new Dictionary<string, string>(script.Secrets, StringComparer.Ordinal);
            foreach (var (secretName, value) in entries)
            {
                CheckSecretName(script, secretName);
                if (value is null)
                {
                    secrets.Remove(secretName);
                    continue;
                }

                if (value is not JsonObject entry)
                {
                    throw FakeApiException.Validation($"body.secrets.{secretName} must be an object or null.");
                }

                secrets[secretName] = SecretValue(entry, $"body.secrets.{secretName}").Text;
            }

            ApplySecrets(script, secrets);
            result = new JsonArray([.. secrets.Keys.Order(StringComparer.Ordinal)
                .Select(n => (JsonNode)new JsonObject { ["name"] = n, ["type"] = "secret_text" })]);
        }

        Changed?.Invoke();
        return result;
    }

    // DELETE …/scripts/{name}[?force=true]
    public JsonNode Delete(string name, bool force)
    {
        lock (_lock)
        {
            var script = Find(name);
            var dependents = _scripts.Values.Where(s => s.Name != name && s.Bindings.Any(b =>
                (Str(b, "type") == "service" && Str(b, "service") == name) || (Str(b, "type") == "durable_object_namespace" && Str(b, "script_name") == name)))
                .Select(s => s.Name).ToList();
            if (dependents.Count > 0 && !force)
            {
                throw FakeApiException.Validation($"Script '{name}' is depended on by {string.Join(", ", dependents)}: remove those bindings or delete with force=true.");
            }

            _scripts.Remove(script.Name);
        }

        Changed?.Invoke();
        return new JsonObject { ["id"] = name };
    }

    // GET /accounts/{a}/workers/subdomain
    public JsonNode AccountSubdomain() => options.Subdomain is { } subdomain
        ? new JsonObject { ["subdomain"] = subdomain }
        : throw new FakeApiException(404, FakeErrorCodes.NotFound, "This account does not have a workers.dev subdomain.");

    // GET …/scripts/{name}/subdomain
    public JsonNode GetScriptSubdomain(string name)
    {
        lock (_lock)
        {
            var script = Find(name);
            return new JsonObject { ["enabled"] = script.WorkersDevEnabled, ["previews_enabled"] = script.PreviewsEnabled };
        }
    }

    // POST …/scripts/{name}/subdomain {"enabled":…, "previews_enabled"?:…}; DELETE turns it off
    public JsonNode SetScriptSubdomain(string name, byte[]? body)
    {
        bool? enabled = false;
        bool? previews = false;
        if (body is not null)
        {
            var request = FakeJson.ParseObject(body, "body");
            enabled = FakeJson.Bool(request, "enabled", "body") ?? throw FakeApiException.Validation("body.enabled is required.");
            previews = FakeJson.Bool(request, "previews_enabled", "body");
        }

        if (options.Subdomain is null && enabled == true)
        {
            throw new FakeApiException(400, FakeErrorCodes.NotFound, "This account does not have a workers.dev subdomain: register one first.");
        }

        JsonNode result;
        lock (_lock)
        {
            var script = Find(name);
            script.WorkersDevEnabled = enabled.Value;
            script.PreviewsEnabled = previews ?? script.PreviewsEnabled;
            result = new JsonObject { ["enabled"] = script.WorkersDevEnabled, ["previews_enabled"] = script.PreviewsEnabled };
        }

        Changed?.Invoke();
        return result;
    }

    /// <summary>A script put on the account directly (not through the API): e.g. one McpSaas does not own.</summary>
    public void Seed(string name, IReadOnlyList<string> tags, string mainModuleSource)
    {
        CheckName(name);
        CheckTags(tags);
        lock (_lock)
        {
            var now = options.Clock.GetUtcNow();
            var script = new FakeScript
            {
                Name = name,
                Tag = Guid.NewGuid().ToString("N"),
                CreatedOn = now,
                MainModule = "index.mjs",
                Modules = [new FakeModule("index.mjs", "application/javascript+module", Encoding.UTF8.GetBytes(mainModuleSource))],
                CompatibilityDate = "2024-01-01",
                Tags = [.. tags],
                LastDeployedFrom = "dash",
            };
            NewVersion(script, Encoding.UTF8.GetBytes(mainModuleSource), now, newEtag: true);
            _scripts[name] = script;
        }

        Changed?.Invoke();
    }

    /// <summary>A deploy by another client (the dashboard, wrangler): new version and etag, <c>last_deployed_from</c> changes.</summary>
    public void DeployOutside(string name, Func<string, string>? changeMainModule, string deployedFrom)
    {
        lock (_lock)
        {
            var script = Find(name);
            if (changeMainModule is not null)
            {
                script.Modules = [.. script.Modules.Select(m => m.Name == script.MainModule
                    ? m with { Content = Encoding.UTF8.GetBytes(changeMainModule(m.Text)) }
                    : m)];
            }

            script.LastDeployedFrom = deployedFrom;
            NewVersion(script, Encoding.UTF8.GetBytes(deployedFrom), options.Clock.GetUtcNow(), newEtag: true);
        }

        Changed?.Invoke();
    }

    private (HashSet<string> Classes, string? Tag) ApplyMigrations(JsonNode? node, FakeScript? previous, HashSet<string> exports)
    {
        var classes = new HashSet<string>(previous?.DurableObjectClasses ?? [], StringComparer.Ordinal);
        var current = previous?.MigrationTag;
        if (node is null)
        {
            return (classes, current);
        }

        if (node is not JsonObject migrations)
        {
            throw FakeApiException.Validation("metadata.migrations must be an object.");
        }

        var oldTag = FakeJson.String(migrations, "old_tag", "metadata.migrations");
        var newTag = FakeJson.String(migrations, "new_tag", "metadata.migrations");
        if (oldTag != current)
        {
            throw new FakeApiException(412, FakeErrorCodes.MigrationTagPrecondition, $"Migration tag precondition failed; current tag is '{current ?? ""}'");
        }

        var steps = migrations["steps"] switch
        {
            null => [migrations],
            JsonArray array => array.Select(s => s as JsonObject ?? throw FakeApiException.Validation("metadata.migrations.steps[] must be objects.")).ToList(),
            _ => throw FakeApiException.Validation("metadata.migrations.steps must be an array."),
        };

        foreach (var step in steps)
        {
            if (step["renamed_classes"] is not null || step["transferred_classes"] is not null)
            {
                throw FakeApiException.Validation("renamed_classes / transferred_classes are valid on Cloudflare but not implemented by this fake.");
            }

            var sqlite = FakeJson.Strings(step, "new_sqlite_classes", "migrations") ?? [];
            var legacy = FakeJson.Strings(step, "new_classes", "migrations") ?? [];
            if (legacy.Count > 0 && options.FreePlan)
            {
                throw new FakeApiException(400, FakeErrorCodes.DurableObjectNeedsSqlite,
                    "In order to use Durable Objects with a free plan, you must create a namespace using a `new_sqlite_classes` migration.");
            }

            foreach (var created in sqlite.Concat(legacy))
            {
                if (!exports.Contains(created))
                {
                    throw new FakeApiException(400, FakeErrorCodes.DurableObjectNotExported,
                        $"Cannot apply new-class migration to class '{created}' that is not exported by script");
                }

                if (!classes.Add(created))
                {
                    throw new FakeApiException(400, FakeErrorCodes.DurableObjectMigratedTwice,
                        $"Cannot apply new-class migration to class '{created}': it is already a Durable Object class (a class cannot be the target of more than one migration)");
                }
            }

            foreach (var deleted in FakeJson.Strings(step, "deleted_classes", "migrations") ?? [])
            {
                if (!classes.Remove(deleted))
                {
                    throw new FakeApiException(400, FakeErrorCodes.DurableObjectNotMigrated,
                        $"Cannot apply delete-class migration to class '{deleted}': it is not a Durable Object class of this script");
                }
            }
        }

        return (classes, newTag ?? current);
    }

    private (List<JsonObject> Bindings, Dictionary<string, string> Secrets) ResolveBindings(
        string scriptName, JsonNode? node, List<string> keep, FakeScript? previous, bool strictInherit, HashSet<string> classes, HashSet<string> exports)
    {
        if (node is not null and not JsonArray)
        {
            throw FakeApiException.Validation("bindings must be an array.");
        }

        var result = new List<JsonObject>();
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in (JsonArray?)node ?? [])
        {
            if (item is not JsonObject binding)
            {
                throw FakeApiException.Validation("bindings[] must be objects.");
            }

            var type = FakeJson.String(binding, "type", "binding") ?? throw FakeApiException.Validation("A binding has no type.");
            var name = FakeJson.String(binding, "name", "binding") ?? throw FakeApiException.Validation($"A {type} binding has no name.");
            if (!BindingName().IsMatch(name))
            {
                throw FakeApiException.Validation($"Binding name '{name}' is not a valid JavaScript identifier.");
            }

            if (!names.Add(name))
            {
                throw FakeApiException.Validation($"Binding name '{name}' is used more than once.");
            }

            if (!KnownBindingTypes.Contains(type))
            {
                throw FakeApiException.Validation($"Unknown binding type '{type}' for binding '{name}'.");
            }

            if (!ImplementedBindingTypes.Contains(type))
            {
                throw FakeApiException.Validation($"Binding type '{type}' is valid on Cloudflare but not implemented by this fake.");
            }

            var copy = (JsonObject)binding.DeepClone();
            switch (type)
            {
                case "plain_text":
                    _ = FakeJson.String(binding, "text", $"binding {name}") ?? throw FakeApiException.Validation($"plain_text binding '{name}' needs a text.");
                    break;
                case "json":
                    if (!binding.ContainsKey("json"))
                    {
                        throw FakeApiException.Validation($"json binding '{name}' needs a json value.");
                    }

                    break;
                case "secret_text":
                    var text = FakeJson.String(binding, "text", $"binding {name}");
                    if (string.IsNullOrEmpty(text))
                    {
                        string? kept = null;
                        if (keep.Contains("secret_text") && previous is not null && previous.Secrets.TryGetValue(name, out var old))
                        {
                            kept = old;
                        }

                        text = kept ?? throw FakeApiException.Validation(
                            $"Binding '{name}' of type secret_text needs a text (it can be left out only when keep_bindings keeps an existing secret of that name).");
                    }

                    copy.Remove("text");
                    secrets[name] = text;
                    break;
                case "durable_object_namespace":
                    var className = FakeJson.String(binding, "class_name", $"binding {name}")
                        ?? throw FakeApiException.Validation($"durable_object_namespace binding '{name}' needs a class_name.");
                    var otherScript = FakeJson.String(binding, "script_name", $"binding {name}");
                    if (otherScript is not null && otherScript != scriptName)
                    {
                        if (!_scripts.TryGetValue(otherScript, out var other) || !other.DurableObjectClasses.Contains(className))
                        {
                            throw new FakeApiException(400, FakeErrorCodes.DurableObjectNotMigrated,
                                $"Cannot create binding for class '{className}' of script '{otherScript}': no such Durable Object class.");
                        }
                    }
                    else if (!classes.Contains(className))
                    {
                        throw new FakeApiException(400, FakeErrorCodes.DurableObjectNotMigrated,
                            $"Cannot create binding for class '{className}' because it is not currently configured to implement Durable Objects. Did you forget to apply a --new-class migration to it?");
                    }
                    else if (!exports.Contains(className))
                    {
                        throw new FakeApiException(400, FakeErrorCodes.DurableObjectNotMigrated,
                            $"Cannot create binding for class {className} that is not exported by the script");
                    }

                    break;
                case "service":
                    var service = FakeJson.String(binding, "service", $"binding {name}")
                        ?? throw FakeApiException.Validation($"service binding '{name}' needs a service.");
                    if (service != scriptName && !_scripts.ContainsKey(service))
                    {
                        throw FakeApiException.Validation($"Service binding '{name}' refers to Worker '{service}', which does not exist.");
                    }

                    break;
                case "inherit":
                    var from = FakeJson.String(binding, "old_name", $"binding {name}") ?? name;
                    var inherited = previous?.Bindings.FirstOrDefault(b => Str(b, "name") == from);
                    if (inherited is null)
                    {
                        if (strictInherit)
                        {
                            throw new FakeApiException(400, FakeErrorCodes.InheritUnresolved, $"Binding '{name}' could not be inherited: the previous version has no binding '{from}'.");
                        }

                        names.Remove(name);
                        continue;
                    }

                    copy = (JsonObject)inherited.DeepClone();
                    copy["name"] = name;
                    if (Str(inherited, "type") == "secret_text")
                    {
                        secrets[name] = previous!.Secrets[from];
                    }

                    break;
            }

            result.Add(copy);
        }

        foreach (var old in previous?.Bindings ?? [])
        {
            var name = Str(old, "name")!;
            if (keep.Contains(Str(old, "type")!) && !names.Contains(name))
            {
                result.Add((JsonObject)old.DeepClone());
                if (previous!.Secrets.TryGetValue(name, out var value))
                {
                    secrets[name] = value;
                }
            }
        }

        CheckVariables(result, secrets);
        return (result, secrets);
    }

    private void CheckVariables(List<JsonObject> bindings, Dictionary<string, string> secrets)
    {
        var count = bindings.Count(b => VariableTypes.Contains(Str(b, "type")!));
        if (count > options.MaxVariables)
        {
            throw new FakeApiException(400, FakeErrorCodes.TooManySecrets, $"Too many environment variables and secrets ({count}; at most {options.MaxVariables}).");
        }

        foreach (var binding in bindings)
        {
            var name = Str(binding, "name")!;
            var size = Str(binding, "type") switch
            {
                "plain_text" => Encoding.UTF8.GetByteCount(Str(binding, "text") ?? ""),
                "json" => Encoding.UTF8.GetByteCount(binding["json"]?.ToJsonString() ?? ""),
                "secret_text" => Encoding.UTF8.GetByteCount(secrets[name]),
                _ => 0,
            };
            if (size > options.MaxVariableBytes)
            {
                throw new FakeApiException(400, FakeErrorCodes.SecretTooLarge, $"Variable or secret '{name}' is too large ({size} bytes; at most {options.MaxVariableBytes}).");
            }
        }
    }

    private void ApplySecrets(FakeScript script, Dictionary<string, string> secrets)
    {
        var bindings = script.Bindings.Where(b => Str(b, "type") != "secret_text" || secrets.ContainsKey(Str(b, "name")!)).ToList();
        foreach (var name in secrets.Keys.Order(StringComparer.Ordinal))
        {
            if (!bindings.Any(b => Str(b, "name") == name))
            {
                bindings.Add(new JsonObject { ["type"] = "secret_text", ["name"] = name });
            }
        }

        CheckVariables(bindings, secrets);
        script.Bindings = bindings;
        script.Secrets = secrets;
        // A secret change deploys a new version but leaves the content, and so the etag, as it is (the fake's choice: unconfirmed).
        NewVersion(script, [], options.Clock.GetUtcNow(), newEtag: false);
    }

    private static (string Type, string Text) SecretValue(JsonObject secret, string where)
    {
        var type = FakeJson.String(secret, "type", where) ?? throw FakeApiException.Validation($"{where}.type is required (secret_text).");
        if (type != "secret_text")
        {
            throw FakeApiException.Validation($"{where}.type '{type}' is not supported: use secret_text.");
        }

        var text = FakeJson.String(secret, "text", where);
        return string.IsNullOrEmpty(text) ? throw FakeApiException.Validation($"{where}.text is required.") : (type, text);
    }

    private static void CheckSecretName(FakeScript script, string? name)
    {
        if (name is null || !BindingName().IsMatch(name))
        {
            throw FakeApiException.Validation($"Secret name '{name}' is not a valid JavaScript identifier.");
        }

        if (script.Bindings.Any(b => Str(b, "name") == name && Str(b, "type") != "secret_text"))
        {
            throw FakeApiException.Validation($"Binding name '{name}' is already in use by a binding that is not a secret.");
        }
    }

    private void NewVersion(FakeScript script, byte[] body, DateTimeOffset now, bool newEtag)
    {
        var version = Interlocked.Increment(ref _versions);
        script.Version++;
        script.ModifiedOn = now;
        if (newEtag)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(body);
            hash.AppendData(BitConverter.GetBytes(version));
            script.Etag = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    private byte[] Intern(byte[] content) => _blobs.GetOrAdd(Convert.ToHexStringLower(SHA256.HashData(content)), content);

    private FakeScript Find(string name) => _scripts.TryGetValue(name, out var script) ? script : throw FakeApiException.ScriptNotFound();

    private static JsonObject ScriptJson(FakeScript s)
    {
        var json = new JsonObject
        {
            ["id"] = s.Name,
            ["tag"] = s.Tag,
            ["etag"] = s.Etag,
            ["tags"] = FakeJson.Array(s.Tags),
            ["created_on"] = FakeJson.Date(s.CreatedOn),
            ["modified_on"] = FakeJson.Date(s.ModifiedOn),
            ["last_deployed_from"] = s.LastDeployedFrom,
            ["has_modules"] = true,
            ["compatibility_date"] = s.CompatibilityDate,
            ["handlers"] = FakeJson.Array(ModuleExports.Of(s.Modules.First(m => m.Name == s.MainModule).Text).Contains("default") ? ["fetch"] : []),
            ["usage_model"] = "standard",
            ["routes"] = null,
        };
        if (s.MigrationTag is not null)
        {
            json["migration_tag"] = s.MigrationTag;
        }

        return json;
    }

    private static JsonObject SettingsJson(FakeScript s) => new()
    {
        // Secrets appear as {name, type} only: a value never leaves the fake.
        ["bindings"] = new JsonArray([.. s.Bindings.Select(b => (JsonNode)b.DeepClone())]),
        ["compatibility_date"] = s.CompatibilityDate,
        ["compatibility_flags"] = FakeJson.Array(s.CompatibilityFlags),
        ["tags"] = FakeJson.Array(s.Tags),
        ["usage_model"] = "standard",
        ["logpush"] = false,
        ["placement"] = new JsonObject(),
        ["tail_consumers"] = new JsonArray(),
    };

    private static JsonObject ScriptSettingsJson(FakeScript s) => new()
    {
        ["logpush"] = false,
        ["observability"] = null,
        ["tags"] = FakeJson.Array(s.Tags),
        ["tail_consumers"] = null,
    };

    private static string? Str(JsonObject obj, string field) => obj[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static void CheckName(string name)
    {
        if (name.Length == 0 || name.Length > 63 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
        {
            throw new FakeApiException(400, FakeErrorCodes.InvalidScriptName, "workers.api.error.invalid_script_name");
        }
    }

    private static void CheckDate(string date)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            throw FakeApiException.Validation($"compatibility_date '{date}' is not a date (YYYY-MM-DD).");
        }
    }

    private static void CheckTags(IReadOnlyCollection<string> tags)
    {
        if (tags.Count > 8)
        {
            throw FakeApiException.Validation($"A script can have at most 8 tags ({tags.Count} given).");
        }

        foreach (var tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag) || tag.Contains(',', StringComparison.Ordinal) || tag.Contains('&', StringComparison.Ordinal))
            {
                throw FakeApiException.Validation($"Tag '{tag}' is invalid: tags must not be empty or contain ',' or '&'.");
            }
        }
    }

    private static List<(string Tag, bool Present)> ParseTagFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return [];
        }

        var result = new List<(string, bool)>();
        foreach (var item in filter.Split(','))
        {
            var colon = item.LastIndexOf(':');
            var value = colon < 0 ? "" : item[(colon + 1)..];
            if (colon <= 0 || value is not ("yes" or "no"))
            {
                throw FakeApiException.Validation($"Tag filter '{item}' must be 'tag:yes' or 'tag:no'.");
            }

            result.Add((item[..colon], value == "yes"));
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex BindingName();
}
