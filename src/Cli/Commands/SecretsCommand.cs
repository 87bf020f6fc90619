using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using McpSaas.Cli.Output;
using McpSaas.Reconciler.Secrets;

namespace McpSaas.Cli.Commands;

/// <summary>
/// <c>secrets set ORG NAME [--repo REPO]</c> (value on stdin), <c>secrets list ORG [--json]</c>,
/// <c>secrets rm ORG NAME [--repo REPO]</c>: the org secret store. Values are never printed.
/// </summary>
internal static class SecretsCommand
{
    public static Command Create(CliContext context) =>
        new("secrets", "The org secret store; values are never printed.")
        {
            Set(context),
            List(context),
            Remove(context),
        };

    private static Argument<string> Org() => new("ORG") { Description = "Organisation (GitHub account, or 'local')." };

    private static Argument<string> Name() => new("NAME") { Description = "Secret name, as referenced under secrets: in mcp.yaml." };

    private static Option<string> Repo(string description) => new("--repo") { Description = description };

    private static Command Set(CliContext context)
    {
        var org = Org();
        var name = Name();
        var repo = Repo("Scope the secret to one repository (it wins over an org-wide secret of the same name).");
        var command = new Command("set", "Store a secret; the value is read from standard input (one trailing newline is dropped).") { org, name, repo };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "secrets set", async () =>
        {
            var (orgValue, nameValue, repoValue) = (parseResult.GetValue(org)!, parseResult.GetValue(name)!, parseResult.GetValue(repo));
            if (CheckNames(context, "secrets set", orgValue, nameValue, repoValue) is { } usage)
            {
                return usage;
            }

            var scope = SecretScope.Of(orgValue, repoValue);
            var text = await SecretInput.ReadAsync(context, $"Value for secret '{nameValue}' ({scope}), input hidden: ", cancellationToken);
            if (text.Length == 0)
            {
                await context.Stderr.WriteLineAsync(
                    $"mcpsaas secrets set: the value is empty: pass it on standard input, e.g. printf %s \"$TOKEN\" | mcpsaas secrets set {orgValue} {nameValue}");
                return ExitCodes.Usage;
            }

            if (System.Text.Encoding.UTF8.GetByteCount(text) > SecretStore.MaxValueBytes)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas secrets set: {SecretStore.TooLarge(System.Text.Encoding.UTF8.GetByteCount(text))}. Nothing was stored.");
                return ExitCodes.Usage;
            }

            var data = CliState.DataDirectory(parseResult, context);
            using var store = CliState.Open(data, context);
            var secrets = new SecretStore(store, new SecretsKeySource(data, context.GetEnvironmentVariable(SecretsKeySource.EnvironmentVariable)));
            var written = await secrets.SetAsync(scope, nameValue, new SecretValue(text), context.Actor, cancellationToken);
            if (!written.Succeeded)
            {
                await context.Stderr.WriteLineAsync($"mcpsaas secrets set: {written.Error}");
                return ExitCodes.Failed;
            }

            // Under serve (same data folder), GitOps repositories with a server waiting for this secret are reconciled now.
            var queued = await new SecretWaiters(store, store, store).QueueAsync(scope, nameValue, cancellationToken);
            await context.Stdout.WriteLineAsync(
                $"Secret '{nameValue}' set for {Describe(scope)} (version {written.Info!.Version}). "
                + (queued.Count > 0
                    ? $"Servers waiting for it are reconciled now by serve ({string.Join(", ", queued)}); others that use it pick it up at their next reconcile."
                    : "Servers that use it pick it up at their next reconcile."));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var org = Org();
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("list", "List secret names, scopes and versions (never values).") { org, json };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "secrets list", async () =>
        {
            var orgValue = parseResult.GetValue(org)!;
            if (CheckNames(context, "secrets list", orgValue, null, null) is { } usage)
            {
                return usage;
            }

            var data = CliState.DataDirectory(parseResult, context);
            IReadOnlyList<SecretInfo> secrets = [];
            if (CliState.Exists(data))
            {
                using var store = CliState.Open(data, context);
                secrets = await new SecretStore(store, new SecretsKeySource(data, null)).ListAsync(orgValue, cancellationToken);
            }

            if (parseResult.GetValue(json))
            {
                var body = new SecretsListJson(orgValue, secrets.Select(s => new SecretJson(s.Name, s.Scope.Repo is null ? "org" : "repo", s.Scope.Repo, s.Version, s.UpdatedAt)).ToList());
                await context.Stdout.WriteLineAsync(JsonSerializer.Serialize(body, CliJsonContext.Default.SecretsListJson));
                return ExitCodes.Ok;
            }

            if (secrets.Count == 0)
            {
                await context.Stdout.WriteLineAsync($"No secrets in org '{orgValue}'. Set one with: printf %s \"$VALUE\" | mcpsaas secrets set {orgValue} NAME");
                return ExitCodes.Ok;
            }

            await context.Stdout.WriteAsync(TextTable.Render(
                ["NAME", "SCOPE", "VERSION", "UPDATED (UTC)"],
                secrets.Select(s => (IReadOnlyList<string>)
                [
                    s.Name,
                    s.Scope.Repo is null ? "org" : $"repo {s.Scope.Repo}",
                    s.Version.ToString(CultureInfo.InvariantCulture),
                    s.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ]),
                rightAligned: new HashSet<int> { 2 }));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var org = Org();
        var name = Name();
        var repo = Repo("Remove the secret scoped to this repository (default: the org-wide one).");
        var command = new Command("rm", "Remove a secret.") { org, name, repo };
        command.SetAction((parseResult, cancellationToken) => CliState.GuardAsync(context, "secrets rm", async () =>
        {
            var (orgValue, nameValue, repoValue) = (parseResult.GetValue(org)!, parseResult.GetValue(name)!, parseResult.GetValue(repo));
            if (CheckNames(context, "secrets rm", orgValue, nameValue, repoValue) is { } usage)
            {
                return usage;
            }

            var scope = SecretScope.Of(orgValue, repoValue);
            var data = CliState.DataDirectory(parseResult, context);
            var removed = false;
            if (CliState.Exists(data))
            {
                using var store = CliState.Open(data, context);
                removed = await new SecretStore(store, new SecretsKeySource(data, null)).RemoveAsync(scope, nameValue, context.Actor, cancellationToken);
            }

            if (!removed)
            {
                await context.Stderr.WriteLineAsync(
                    $"mcpsaas secrets rm: there is no secret '{nameValue}' for {Describe(scope)}; `mcpsaas secrets list {orgValue}` shows what is set");
                return ExitCodes.Failed;
            }

            await context.Stdout.WriteLineAsync(
                $"Secret '{nameValue}' removed from {Describe(scope)}. Servers that still reference it stall at their next reconcile and keep what is deployed.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Describe(SecretScope scope) => scope.Repo is null ? $"org '{scope.Org}'" : $"repo '{scope.Org}/{scope.Repo}'";

    /// <summary>Usage errors for malformed names (exit 2), or <c>null</c> when they are fine.</summary>
    private static int? CheckNames(CliContext context, string command, string org, string? name, string? repo)
    {
        string? problem = null;
        if (!CliNames.IsOrg(org))
        {
            problem = $"'{org}' is not an org name (letters, digits, '.', '_' or '-')";
        }
        else if (name is not null && !SecretStore.IsValidName(name))
        {
            problem = $"'{name}' is not a secret name: use 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit (as referenced in mcp.yaml)";
        }
        else if (repo is not null && !CliNames.IsRepo(repo))
        {
            problem = $"'{repo}' is not a repository name (letters, digits, '.', '_' or '-')";
        }

        if (problem is null)
        {
            return null;
        }

        context.Stderr.WriteLine($"mcpsaas {command}: {problem}");
        return ExitCodes.Usage;
    }
}
