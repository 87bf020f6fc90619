using System.Globalization;
using System.Text;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Proposals;
using McpSaas.Reconciler.Reconciling.Steps;
using McpSaas.Schema.Loading;
using McpSaas.StatusUi.Access;
using McpSaas.StatusUi.Builder;
using McpSaas.StatusUi.Composition;
using McpSaas.StatusUi.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.Actions;

/// <summary>
/// Dashboard edits as pull requests: a new server from the builder, a tool added to or removed from a server. The change
/// is made to the manifest as it is on the default branch (read through the App), checked by the validator the
/// reconciler runs, committed on a new branch and opened as a pull request whose title and body say what changes and
/// who asked; nothing is deployed until it is merged. Each pull request opened is audited once (<c>pull-request.open</c>
/// by <c>ui:&lt;login&gt;</c>). Where McpSaas may not open one (no App, no <c>contents: write</c>, a 403), the answer
/// carries GitHub's own page instead and why.
/// </summary>
public sealed class ProposalActions(IStateStore store, IServiceProvider services, IOptions<StatusUiOptions> options)
{
    private IManifestProposals Proposals => services.GetService<IManifestProposals>() ?? new NoManifestProposals();

    /// <summary>Whether this host can open pull requests at all (it has a GitHub App).</summary>
    public bool Available => services.GetService<IManifestProposals>() is { } proposals && proposals is not NoManifestProposals;

    /// <summary>Opens a pull request adding a new server's manifest at <paramref name="path"/> of <paramref name="org"/>/<paramref name="repo"/>.</summary>
    public async Task<ProposalView> NewServerAsync(string org, string repo, string path, string serverName, string yaml, string? fallbackUrl, UiUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await store.GetServerAsync(new ServerId(org, repo, serverName), cancellationToken) is not null)
        {
            return Invalid("name", $"{org}/{repo} already has a server named {serverName}: pick another name, or add tools to that server from its page");
        }

        var target = await Proposals.TargetAsync(org, repo, cancellationToken);
        if (!target.CanOpen)
        {
            return Fallback(fallbackUrl, target.WhyNot);
        }

        var read = await Proposals.ReadAsync(target, path, cancellationToken);
        if (read.Error is { } error || read.CommitSha is null)
        {
            return read.NotAllowed ? Fallback(fallbackUrl, read.Error) : Invalid(ManifestBuilder.FormField, read.Error ?? "GitHub did not answer");
        }

        if (read.File is not null)
        {
            return Invalid("path", $"{path} already exists on {target.DefaultBranch} of {org}/{repo}: pick another path, or add tools to the servers it declares from their pages");
        }

        var id = $"{org}/{repo}/{serverName}";
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"@{user.Login} asked for this in the McpSaas dashboard: a new MCP server `{id}`, in `{path}`.\n\n")
            .Append("```yaml\n").Append(yaml.TrimEnd('\n')).Append("\n```\n\n")
            .Append(Footer(target.DefaultBranch));
        return await OpenAsync(new ManifestProposal
        {
            Target = target,
            Path = path,
            Content = yaml,
            BaseSha = read.CommitSha,
            BranchPrefix = $"mcpsaas/new-server-{serverName}",
            CommitMessage = $"Add MCP server {serverName}\n\nAsked by @{user.Login} in the McpSaas dashboard.",
            Title = $"Add MCP server {serverName}",
            Body = body.ToString(),
        }, fallbackUrl, user, id, $"add server {serverName} in {path}", cancellationToken);
    }

    /// <summary>The server's tool entries as its manifest on the default branch has them, and whether they can be changed from here.</summary>
    public async Task<(ServerToolsView View, RepoFile? File)> ServerToolsAsync(ServerId id, string? path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var view = new ServerToolsView { ServerId = id.ToString(), Path = path };
        if (path is null)
        {
            return (view with { WhyNot = $"McpSaas does not know which file declares {id} (it has never been deployed): edit it on GitHub" }, null);
        }

        var target = await Proposals.TargetAsync(id.Org, id.Repo, cancellationToken);
        view = view with { Branch = target.DefaultBranch, EditUrl = EditUrl(id.Org, id.Repo, target.DefaultBranch, path) };
        if (!target.CanOpen)
        {
            return (view with { WhyNot = target.WhyNot }, null);
        }

        var read = await Proposals.ReadAsync(target, path, cancellationToken);
        if (read.File is not { } file)
        {
            return (view with { WhyNot = read.Error ?? $"{path} is not on {target.DefaultBranch} any more" }, null);
        }

        var (tools, error) = ManifestEditor.Tools(file.Text, id.Name);
        return error is not null ? (view with { WhyNot = error }, null) : (view with { Tools = tools!, CanPropose = true }, file);
    }

    public async Task<ProposalView> RemoveToolAsync(ServerId id, string? path, int index, string use, string? alias, UiUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(user);
        var (view, file) = await ServerToolsAsync(id, path, cancellationToken);
        if (file is null)
        {
            return Fallback(view.EditUrl, view.WhyNot);
        }

        var entry = view.Tools.FirstOrDefault(t => t.Index == index);
        if (entry is null || entry.Use != use || entry.As != alias)
        {
            return Invalid("remove", $"the tools of {id} changed on {view.Branch} meanwhile: look at the list again");
        }

        var edit = ManifestEditor.RemoveTool(file.Text, id.Name, index);
        if (edit.Text is not { } text)
        {
            return Invalid("remove", edit.Error!, view.EditUrl);
        }

        var problems = await ProblemsAsync(id, file.Path, text, [], 0, cancellationToken);
        if (problems.Count > 0)
        {
            return new ProposalView { Errors = [.. problems.Select(p => p with { Field = "remove" })], FallbackUrl = view.EditUrl };
        }

        var removed = string.Concat(file.Text.Split('\n').Skip(entry.FirstLine - 1).Take(entry.LastLine - entry.FirstLine + 1).Select(l => $"-{l.TrimEnd('\r')}\n"));
        var name = entry.As is null ? entry.Use : $"{entry.As} ({entry.Use})";
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"@{user.Login} asked for this in the McpSaas dashboard: remove the tool `{name}` from the MCP server `{id}` (`{file.Path}`).\n\n")
            .Append("```diff\n").Append(removed).Append("```\n\n")
            .Append(Footer(view.Branch!));
        return await OpenAsync(new ManifestProposal
        {
            Target = await Proposals.TargetAsync(id.Org, id.Repo, cancellationToken),
            Path = file.Path,
            Content = text,
            BaseSha = file.CommitSha,
            ExpectedBlobSha = file.BlobSha,
            BranchPrefix = $"mcpsaas/remove-{entry.Name}-from-{id.Name}",
            CommitMessage = $"Remove tool {entry.Name} from MCP server {id.Name}\n\nAsked by @{user.Login} in the McpSaas dashboard.",
            Title = $"Remove tool {entry.Name} from {id.Name}",
            Body = body.ToString(),
        }, view.EditUrl, user, id.ToString(), $"remove tool {name}", cancellationToken);
    }

    public async Task<ProposalView> AddToolsAsync(ServerId id, string? path, IReadOnlyList<ToolDraft> tools, UiUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(user);
        if (tools.Count == 0)
        {
            return Invalid("tools", "tick the tools to add");
        }

        var (view, file) = await ServerToolsAsync(id, path, cancellationToken);
        if (file is null)
        {
            return Fallback(view.EditUrl, view.WhyNot);
        }

        var edit = ManifestEditor.AddTools(file.Text, id.Name, tools);
        if (edit.Text is not { } text)
        {
            return Invalid("tools", edit.Error!, view.EditUrl);
        }

        var problems = await ProblemsAsync(id, file.Path, text, tools, view.Tools.Count, cancellationToken);
        if (problems.Count > 0)
        {
            return new ProposalView { Errors = problems, FallbackUrl = view.EditUrl };
        }

        var names = string.Join(", ", tools.Select(t => t.As ?? t.Use));
        var added = string.Concat(tools.Select(t => ManifestWriter.WriteToolEntry(t)).SelectMany(e => e.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => $"+{l}\n"));
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"@{user.Login} asked for this in the McpSaas dashboard: add {(tools.Count == 1 ? "the tool" : "the tools")} `{names}` to the MCP server `{id}` (`{file.Path}`).\n\n")
            .Append("```diff\n").Append(added).Append("```\n\n")
            .Append(Footer(view.Branch!));
        return await OpenAsync(new ManifestProposal
        {
            Target = await Proposals.TargetAsync(id.Org, id.Repo, cancellationToken),
            Path = file.Path,
            Content = text,
            BaseSha = file.CommitSha,
            ExpectedBlobSha = file.BlobSha,
            BranchPrefix = $"mcpsaas/add-{string.Join('-', tools.Select(t => t.As ?? t.Use))}-to-{id.Name}",
            CommitMessage = $"Add {(tools.Count == 1 ? "tool" : "tools")} {names} to MCP server {id.Name}\n\nAsked by @{user.Login} in the McpSaas dashboard.",
            Title = $"Add {(tools.Count == 1 ? "tool" : "tools")} {names} to {id.Name}",
            Body = body.ToString(),
        }, view.EditUrl, user, id.ToString(), $"add {(tools.Count == 1 ? "tool" : "tools")} {names}", cancellationToken);
    }

    /// <summary>GitHub's page to edit a file by hand: <c>/&lt;owner&gt;/&lt;repo&gt;/edit/&lt;branch&gt;/&lt;path&gt;</c>.</summary>
    public string EditUrl(string org, string repo, string branch, string path)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(path);
        var root = options.Value.GitHubUrl.ToString().TrimEnd('/');
        return $"{root}/{Uri.EscapeDataString(org)}/{Uri.EscapeDataString(repo)}/edit/{string.Join('/', branch.Split('/').Select(Uri.EscapeDataString))}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";
    }

    /// <summary>
    /// The validator's errors of the edited server's document: those of added tools at their fields (entries from
    /// <paramref name="firstAdded"/> on), any other as a form error naming its place in the file.
    /// </summary>
    private async Task<List<FieldErrorView>> ProblemsAsync(ServerId id, string path, string text, IReadOnlyList<ToolDraft> added, int firstAdded, CancellationToken cancellationToken)
    {
        var entitlement = await store.GetEntitlementAsync(id.Org, cancellationToken);
        var file = ManifestLoader.Load(path, text, LoadStep.Options(new RepoContext(id.Org, id.Repo, InstallationId: 0), entitlement));
        var draft = new ManifestDraft { Name = id.Name, Plan = "free", Tools = added };
        var problems = new List<FieldErrorView>();
        var diagnostics = file.FileDiagnostics.Concat(file.Documents.Where(d => d.Name == id.Name).SelectMany(d => d.Diagnostics)).Where(d => d.IsError);
        foreach (var diagnostic in diagnostics)
        {
            var match = System.Text.RegularExpressions.Regex.Match(diagnostic.DocPath, @"^spec\.tools\[(\d+)\](.*)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            if (match.Success && int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) is var index && index >= firstAdded && added.Count > 0)
            {
                var local = diagnostic with { DocPath = $"spec.tools[{index - firstAdded}]{match.Groups[2].Value}" };
                foreach (var field in ManifestBuilder.FieldsOf(local, draft))
                {
                    problems.Add(new FieldErrorView(field, diagnostic.Message, diagnostic.Code, local.DocPath));
                }
            }
            else
            {
                problems.Add(new FieldErrorView(ManifestBuilder.FormField, $"{diagnostic.Path}:{diagnostic.Line}:{diagnostic.Column}: {diagnostic.Code}: {diagnostic.Message}", diagnostic.Code, diagnostic.DocPath));
            }
        }

        return problems;
    }

    private async Task<ProposalView> OpenAsync(ManifestProposal proposal, string? fallbackUrl, UiUser user, string target, string what, CancellationToken cancellationToken)
    {
        var result = await Proposals.OpenAsync(proposal, cancellationToken);
        switch (result.Outcome)
        {
            case ProposalOutcome.Opened:
                await store.AppendAuditAsync(new AuditEntry
                {
                    Actor = user.Actor,
                    Action = "pull-request.open",
                    Org = proposal.Target.Org,
                    Target = target,
                    Detail = $"#{result.Number} {result.Url} (branch {result.Branch}): {what}",
                }, cancellationToken);
                return new ProposalView { Opened = true, Number = result.Number, Url = result.Url, Branch = result.Branch, Message = proposal.Title };
            case ProposalOutcome.NotAllowed:
                return Fallback(fallbackUrl, result.Message);
            default:
                return Invalid(ManifestBuilder.FormField, result.Message ?? "GitHub did not open the pull request", fallbackUrl);
        }
    }

    private static string Footer(string branch) =>
        $"Nothing is deployed until this pull request is merged into `{branch}`: the **McpSaas** check on it shows the plan, the MCP tools clients gain and lose, "
        + "and the plan limits it touches.\n\n<sub>Opened by McpSaas through its GitHub App.</sub>\n";

    private static ProposalView Invalid(string field, string message, string? fallbackUrl = null) =>
        new() { Errors = [new FieldErrorView(field, message)], FallbackUrl = fallbackUrl };

    private static ProposalView Fallback(string? url, string? reason) =>
        new() { FallbackUrl = url, FallbackReason = $"McpSaas cannot open the pull request itself: {reason ?? "GitHub refused it"}." };
}
