using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using McpSaas.Cli.Cloudflare;
using McpSaas.Cli.Local;
using McpSaas.Cli.Output;
using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Platforms.Cloudflare;
using McpSaas.Reconciler.Rebinding;
using McpSaas.Reconciler.State;

namespace McpSaas.Cli.Commands;

/// <summary>
/// <c>keys create|list|revoke</c>: named API keys of a server. Create and revoke rebind the server's Worker at once
/// (<see cref="KeyRollout"/>), so a revoked key gets 401 as soon as the command returns success; when the Worker could
/// not be updated the command fails and says the change is not yet effective.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(CliContext context)
    {
        Argument<string> ServerArgument() => new("SERVER-ID") { Description = "org/repo/name" };

        var createServer = ServerArgument();
        var name = new Option<string>("--name") { Description = "Key name, e.g. the teammate or client (default: 'default').", DefaultValueFactory = _ => ApiKeyService.DefaultKeyName };
        var create = new Command("create", "Create a key; it is printed once.") { createServer, name };
        create.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "keys create", async () =>
        {
            if (await ServerAsync(context, "keys create", parseResult.GetValue(createServer)!) is not { } id)
            {
                return ExitCodes.Usage;
            }

            if (!ApiKeyService.IsValidName(parseResult.GetValue(name)))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas keys create: '{parseResult.GetValue(name)}' is not a valid key name: use 1-63 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit");
                return ExitCodes.Usage;
            }

            using var stack = await LocalStack.OpenAsync(CliState.DataDirectory(parseResult, context), context, cancellationToken);
            if (await stack.Store.GetServerAsync(id, cancellationToken) is null)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas keys create: unknown server '{id}': `./mcpsaas servers list` shows the servers McpSaas knows");
                return ExitCodes.Failed;
            }

            var created = await new ApiKeyService(stack.Store).CreateAsync(id, parseResult.GetValue(name)!, context.Actor, cancellationToken);
            if (!created.Succeeded)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas keys create: {created.Error}");
                return ExitCodes.Failed;
            }

            var redeployed = await RollOutAsync(context, stack, id, $"key '{created.Record!.Name}'", cancellationToken);
            await context.Stdout.WriteLineAsync($"Key '{created.Record!.Name}' for {id} (id {created.Record.KeyId}); it is shown only now:");
            await context.Stdout.WriteLineAsync();
            await context.Stdout.WriteLineAsync($"  {created.Key!.Reveal()}");
            await context.Stdout.WriteLineAsync();
            await context.Stdout.WriteLineAsync($"Use it as `Authorization: Bearer <key>`; `./mcpsaas connect {id}` prints client snippets.");
            return redeployed;
        }));

        var listServer = ServerArgument();
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var all = new Option<bool>("--all") { Description = "Include revoked keys." };
        var list = new Command("list", "Key names, ids, creation and last use (never the keys).") { listServer, json, all };
        list.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "keys list", async () =>
        {
            if (await ServerAsync(context, "keys list", parseResult.GetValue(listServer)!) is not { } id)
            {
                return ExitCodes.Usage;
            }

            var data = CliState.DataDirectory(parseResult, context);
            IReadOnlyList<ApiKeyRecord> keys = [];
            var known = false;
            if (CliState.Exists(data))
            {
                using var store = CliState.Open(data, context);
                known = await store.GetServerAsync(id, cancellationToken) is not null;
                keys = await store.ListApiKeysAsync(id, parseResult.GetValue(all), cancellationToken);
            }

            if (!known)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas keys list: unknown server '{id}': `./mcpsaas servers list` shows the servers McpSaas knows");
                return ExitCodes.Failed;
            }

            if (parseResult.GetValue(json))
            {
                await context.Stdout.WriteAsync(Json(id, keys));
            }
            else if (keys.Count == 0)
            {
                await context.Stdout.WriteLineAsync($"{id} has no keys: `./mcpsaas keys create {id} --name NAME` makes one.");
            }
            else
            {
                await context.Stdout.WriteAsync(TextTable.Render(
                    ["NAME", "KEY ID", "CREATED", "LAST USED", "STATE"],
                    keys.Select(k => (IReadOnlyList<string>)[k.Name, k.KeyId, Time(k.CreatedAt), k.LastUsedAt is { } u ? Time(u) : "never", k.IsActive ? "active" : "revoked"])));
            }

            return ExitCodes.Ok;
        }));

        var revokeServer = ServerArgument();
        var keyName = new Argument<string>("NAME") { Description = "Key name." };
        var revoke = new Command("revoke", "Revoke a key; the Worker is updated and the key gets 401.") { revokeServer, keyName };
        revoke.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "keys revoke", async () =>
        {
            if (await ServerAsync(context, "keys revoke", parseResult.GetValue(revokeServer)!) is not { } id)
            {
                return ExitCodes.Usage;
            }

            using var stack = await LocalStack.OpenAsync(CliState.DataDirectory(parseResult, context), context, cancellationToken);
            if (await stack.Store.GetServerAsync(id, cancellationToken) is null)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas keys revoke: unknown server '{id}': `./mcpsaas servers list` shows the servers McpSaas knows");
                return ExitCodes.Failed;
            }

            var keyNameValue = parseResult.GetValue(keyName)!;
            if (!await new ApiKeyService(stack.Store).RevokeAsync(id, keyNameValue, context.Actor, cancellationToken))
            {
                await context.Stderr.WriteLineAsync($"mcpsaas keys revoke: {id} has no active key named '{keyNameValue}': `./mcpsaas keys list {id}` shows its keys");
                return ExitCodes.Failed;
            }

            var live = await RollOutAsync(context, stack, id, $"the revocation of key '{keyNameValue}'", cancellationToken);
            if (live == ExitCodes.Ok)
            {
                await context.Stdout.WriteLineAsync($"Key '{keyNameValue}' of {id} revoked: its Worker refuses it.");
            }

            return live;
        }));

        return new Command("keys", "Named API keys of a server.") { create, list, revoke };
    }

    /// <summary>
    /// Puts the server's key set on its Worker now (a rebind from what was last applied: independent of the source and
    /// of every other server). Ok only once the Worker serves it; otherwise a failure saying the change is not live yet.
    /// </summary>
    private static async Task<int> RollOutAsync(CliContext context, LocalStack stack, ServerId id, string change, CancellationToken cancellationToken)
    {
        RebindResult rollout;
        var deployed = (await stack.Store.ListInventoryAsync(id.Org, id.Repo, cancellationToken)).FirstOrDefault(i => i.ServerId == id);
        var onCloudflare = deployed?.Platform == CloudflarePlatform.PlatformName;
        if (onCloudflare)
        {
            // The server's Worker is on Cloudflare: rebind it there (MCP_KEY_HASHES through /settings, no upload).
            var (cloud, problems) = await CloudflareStack.OpenAsync(stack.DataDirectory, context, stack.Store, cancellationToken);
            if (cloud is null)
            {
                await context.Stderr.WriteLineAsync(
                    $"mcpsaas: {change} is recorded, but NOT yet effective on the Cloudflare Worker of {id}: {string.Join("; ", problems)}. Fix that, then run `./mcpsaas apply --target cloudflare` on its source.");
                return ExitCodes.Failed;
            }

            using (cloud)
            {
                rollout = await cloud.Keys.ApplyAsync(id, cancellationToken);
            }
        }
        else
        {
            rollout = await stack.Keys.ApplyAsync(id, cancellationToken);
        }

        switch (rollout.Status)
        {
            case RebindStatus.Live:
            case RebindStatus.AlreadyLive:
                if (!onCloudflare)
                {
                    // workerd stays running after this command: so does its usage endpoint, and the server knows its quota.
                    await LocalRuntime.SettleAsync(context, stack, s => s == id, cancellationToken);

                    // Confirmed by the Worker itself: the key hashes it accepts are the server's active keys, no more.
                    if (await WorkerKeysDifferAsync(stack, id, cancellationToken) is { } difference)
                    {
                        await context.Stderr.WriteLineAsync(
                            $"mcpsaas: {change} is recorded, but NOT yet effective on the Worker of {id}: {difference}. The next reconcile (apply, or up) retries until it is.");
                        return ExitCodes.Failed;
                    }
                }

                return ExitCodes.Ok;
            case RebindStatus.NotDeployed:
                await context.Stderr.WriteLineAsync($"mcpsaas: {id} has no Worker yet; its first deploy binds its keys");
                return ExitCodes.Ok;
            default:
                await context.Stderr.WriteLineAsync(
                    $"mcpsaas: {change} is recorded, but NOT yet effective on the Worker of {id}: {rollout.Error} The next reconcile (apply, or up) retries until it is.");
                return ExitCodes.Failed;
        }
    }

    /// <summary>Null when the local Worker accepts exactly the server's active keys; else what differs (never a key).</summary>
    private static async Task<string?> WorkerKeysDifferAsync(LocalStack stack, ServerId id, CancellationToken cancellationToken)
    {
        var status = await new UsageNudger(stack).StatusAsync(id, cancellationToken);
        if (status is null)
        {
            return null; // not deployed here: its first deploy binds the keys
        }

        if (status.Status?.KeyHashes is not { } served)
        {
            return $"its Worker could not be asked which keys it accepts ({status.Error ?? "no answer"})";
        }

        var active = (await stack.Store.ListApiKeysAsync(id, includeRevoked: false, cancellationToken)).Select(k => k.Hash).Distinct().Order(StringComparer.Ordinal).ToList();
        return active.SequenceEqual(served.Order(StringComparer.Ordinal)) ? null : $"its Worker accepts {served.Count} key(s), the server has {active.Count} active";
    }

    private static async Task<ServerId?> ServerAsync(CliContext context, string command, string text)
    {
        if (ServerId.TryParse(text, out var id))
        {
            return id;
        }

        await context.Stderr.WriteLineAsync($"mcpsaas {command}: '{text}' is not a server id: expected org/repo/name (`./mcpsaas servers list` shows them)");
        return null;
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Json(ServerId id, IReadOnlyList<ApiKeyRecord> keys)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("server", id.ToString());
            w.WriteStartArray("keys");
            foreach (var k in keys)
            {
                w.WriteStartObject();
                w.WriteString("name", k.Name);
                w.WriteString("keyId", k.KeyId);
                w.WriteString("createdAt", k.CreatedAt);
                if (k.LastUsedAt is { } used)
                {
                    w.WriteString("lastUsedAt", used);
                }
                else
                {
                    w.WriteNull("lastUsedAt");
                }

                w.WriteBoolean("active", k.IsActive);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
