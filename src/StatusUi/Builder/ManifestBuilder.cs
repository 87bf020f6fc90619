using System.Globalization;
using System.Text.RegularExpressions;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Reconciling.Steps;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Loading;
using McpSaas.StatusUi.Composition;
using McpSaas.StatusUi.Model;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.Builder;

/// <summary>
/// The <c>mcp.yaml</c> builder: picked tools, settings and secret names, and a plan → a manifest, validated by the very
/// validator the reconciler runs for the org (<see cref="LoadStep.Options"/>: its entitlement caps the plan), every
/// error mapped back to the form field it is about. Nothing is stored: the result is copied, or opened as a new file
/// on GitHub (<c>/new/&lt;branch&gt;?filename=…&amp;value=…</c>), so a new server still arrives through git.
/// </summary>
public sealed partial class ManifestBuilder(IStateStore store, IOptions<StatusUiOptions> options)
{
    /// <summary>The field of errors that belong to no field.</summary>
    public const string FormField = "form";

    public async Task<BuilderResultView> BuildAsync(string org, BuilderInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        input = Normalized(input);
        var entitlement = await store.GetEntitlementAsync(org, cancellationToken);
        var draft = Draft(input);
        var yaml = ManifestWriter.Write(draft);
        var path = string.IsNullOrWhiteSpace(input.Path) ? $"{(BuilderRules.IsServerName(input.Name) ? input.Name : "server")}/mcp.yaml" : input.Path.Trim();
        var validatorOptions = LoadStep.Options(
            new RepoContext(org, "builder", InstallationId: org == OrgEntitlement.LocalOrg ? null : 0), entitlement);
        var file = ManifestLoader.Load(BuilderRules.IsManifestPath(path) ? path : "mcp.yaml", yaml, validatorOptions);

        var errors = new List<FieldErrorView>();
        foreach (var diagnostic in file.AllDiagnostics.Where(d => d.IsError))
        {
            foreach (var field in FieldsOf(diagnostic, draft))
            {
                errors.Add(new FieldErrorView(field, diagnostic.Message, diagnostic.Code, diagnostic.DocPath));
            }
        }

        string? owner = null, repo = null;
        if (!string.IsNullOrWhiteSpace(input.GitHubRepo))
        {
            var text = input.GitHubRepo.Trim();
            if (BuilderRules.IsGitHubRepo(text))
            {
                (owner, repo) = (text[..text.IndexOf('/', StringComparison.Ordinal)], text[(text.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            }
            else
            {
                errors.Add(new FieldErrorView("githubRepo", "not a GitHub repository: write it as owner/name, e.g. acme/mcp-servers"));
            }
        }

        var branch = string.IsNullOrWhiteSpace(input.Branch) ? options.Value.DefaultBranch : input.Branch.Trim();
        if (!BuilderRules.IsBranch(branch))
        {
            errors.Add(new FieldErrorView("branch", "not a branch name: letters, digits, '.', '_', '-' and '/', e.g. main"));
        }

        if (!BuilderRules.IsManifestPath(path))
        {
            errors.Add(new FieldErrorView("path", "not a manifest path: a relative path without hidden folders or '..', ending in mcp.yaml or mcp.yml, e.g. team-tools/mcp.yaml"));
        }

        if (errors.Count > 0)
        {
            return new BuilderResultView { Valid = false, Errors = errors };
        }

        return new BuilderResultView
        {
            Valid = true,
            Yaml = yaml,
            Errors = [],
            GitHubUrl = owner is null ? null : GitHubNewFileUrl(options.Value.GitHubUrl, owner, repo!, branch, path, yaml),
        };
    }

    /// <summary>GitHub's "create a new file" page, prefilled: <c>/&lt;owner&gt;/&lt;repo&gt;/new/&lt;branch&gt;?filename=…&amp;value=…</c>.</summary>
    public static string GitHubNewFileUrl(Uri gitHub, string owner, string repo, string branch, string path, string content)
    {
        ArgumentNullException.ThrowIfNull(gitHub);
        ArgumentNullException.ThrowIfNull(branch);
        var root = gitHub.ToString().TrimEnd('/');
        var escapedBranch = string.Join('/', branch.Split('/').Select(Uri.EscapeDataString));
        return $"{root}/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repo)}/new/{escapedBranch}"
            + $"?filename={Uri.EscapeDataString(path)}&value={Uri.EscapeDataString(content)}";
    }

    /// <summary>Input as JSON may leave anything out or null: missing text is empty, missing lists and maps are empty.</summary>
    internal static BuilderInput Normalized(BuilderInput input) => input with
    {
        Name = input.Name ?? "",
        Plan = input.Plan ?? "",
        Tools = [.. (input.Tools ?? []).Where(t => t is not null && !string.IsNullOrWhiteSpace(t.Use)).Take(MaxTools).Select(t => t with
        {
            With = (t.With ?? new Dictionary<string, string>()).Where(kv => kv.Value is not null).ToDictionary(StringComparer.Ordinal),
            Secrets = (t.Secrets ?? new Dictionary<string, string>()).Where(kv => kv.Value is not null).ToDictionary(StringComparer.Ordinal),
        })],
    };

    /// <summary>Most tool entries one builder input may hold (the catalog has far fewer tools).</summary>
    public const int MaxTools = 50;

    /// <summary>The form's text → a draft: values typed by each setting's kind (what does not parse stays text, for the validator to point at).</summary>
    internal static ManifestDraft Draft(BuilderInput input)
    {
        var tools = new List<ToolDraft>();
        foreach (var tool in input.Tools.DistinctBy(t => t.Use))
        {
            var schemaOrder = ToolCatalog.Default.TryGet(tool.Use, out var definition) ? ToolFields.Settings(definition) : [];
            var fields = schemaOrder.ToDictionary(f => f.Name, StringComparer.Ordinal);
            int Position(string name)
            {
                for (var i = 0; i < schemaOrder.Count; i++)
                {
                    if (schemaOrder[i].Name == name)
                    {
                        return i;
                    }
                }

                return int.MaxValue;
            }

            var settings = new List<SettingDraft>();
            foreach (var (name, raw) in tool.With)
            {
                var text = raw?.Trim() ?? "";
                if (text.Length == 0)
                {
                    continue;
                }

                settings.Add(new SettingDraft(name, (fields.TryGetValue(name, out var field) ? field.Kind : SettingKind.Text) switch
                {
                    SettingKind.Boolean when text is "true" or "false" => SettingValue.Boolean(text == "true"),
                    SettingKind.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => SettingValue.Integer(n),
                    SettingKind.List => SettingValue.List([.. ListSeparator().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0)]),
                    _ => SettingValue.Text(text),
                }));
            }

            tools.Add(new ToolDraft
            {
                Use = tool.Use.Trim(),
                As = string.IsNullOrWhiteSpace(tool.As) ? null : tool.As.Trim(),
                Settings = [.. settings.OrderBy(s => Position(s.Name)).ThenBy(s => s.Name, StringComparer.Ordinal)],
                Secrets = [.. tool.Secrets.Where(s => !string.IsNullOrWhiteSpace(s.Value)).Select(s => new KeyValuePair<string, string>(s.Key, s.Value.Trim()))],
            });
        }

        return new ManifestDraft
        {
            Name = input.Name.Trim(),
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            Plan = input.Plan.Trim(),
            Tools = tools,
            RateLimitPerMinute = input.RateLimitPerMinute,
        };
    }

    /// <summary>The form fields a diagnostic is about (its dotted path mapped back); <see cref="FormField"/> when none.</summary>
    internal static IReadOnlyList<string> FieldsOf(Diagnostic diagnostic, ManifestDraft draft)
    {
        var path = diagnostic.DocPath;
        if (path.StartsWith("metadata.name", StringComparison.Ordinal))
        {
            return ["name"];
        }

        if (path.StartsWith("metadata.description", StringComparison.Ordinal))
        {
            return ["description"];
        }

        if (path.StartsWith("spec.plan", StringComparison.Ordinal))
        {
            return ["plan"];
        }

        if (path.StartsWith("spec.access", StringComparison.Ordinal))
        {
            return ["rateLimitPerMinute"];
        }

        var match = ToolPath().Match(path);
        if (match.Success && int.TryParse(match.Groups["index"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < draft.Tools.Count)
        {
            var tool = draft.Tools[index];
            var known = ToolCatalog.Default.TryGet(tool.Use, out var definition);
            var part = match.Groups["part"].Value;
            var name = match.Groups["name"].Value;
            switch (part)
            {
                case "" or "use" when known:
                    return [$"tool:{tool.Use}"];
                case "as" when known:
                    return [$"{tool.Use}.as"];
                case "with" when known && name.Length > 0 && ToolFields.Settings(definition!).Any(f => f.Name == name):
                    return [$"{tool.Use}.with.{name}"];
                case "with" when known && name.Length == 0:
                    return [.. ToolFields.Settings(definition!).Where(f => f.Required).Select(f => $"{tool.Use}.with.{f.Name}").DefaultIfEmpty($"tool:{tool.Use}")];
                case "secrets" when known && name.Length > 0 && definition!.Secrets.Any(s => s.Name == name):
                    return [$"{tool.Use}.secrets.{name}"];
                case "secrets" when known && name.Length == 0:
                    return [.. definition!.Secrets.Where(s => s.Required).Select(s => $"{tool.Use}.secrets.{s.Name}").DefaultIfEmpty($"tool:{tool.Use}")];
                case "with" or "secrets" when known:
                    return [$"tool:{tool.Use}"];
                default:
                    return ["tools"];
            }
        }

        return path.StartsWith("spec.tools", StringComparison.Ordinal) ? ["tools"] : [FormField];
    }

    [GeneratedRegex(@"^spec\.tools\[(?<index>\d+)\](?:\.(?<part>use|as|with|secrets)(?:\.(?<name>[A-Za-z0-9_]+))?)?", RegexOptions.CultureInvariant)]
    private static partial Regex ToolPath();

    [GeneratedRegex(@"[,\n]")]
    private static partial Regex ListSeparator();
}
