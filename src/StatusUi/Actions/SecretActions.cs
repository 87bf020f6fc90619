using System.Text;
using McpSaas.Reconciler.Secrets;
using McpSaas.StatusUi.Builder;

namespace McpSaas.StatusUi.Actions;

/// <summary>
/// Write-only secrets from the Secrets page, through the same <see cref="ISecretStore"/> as <c>./mcpsaas secrets</c>:
/// set (a new version; servers pick it up at their next reconcile) and delete. Every check happens before anything is
/// stored; a value is never echoed, logged or returned.
/// </summary>
public sealed class SecretActions(IStateStore store, ISecretStore secrets, SecretWaiters? waiters = null)
{
    public async Task<ActionResult> SetAsync(string org, string? name, string? repo, string? value, string actor, CancellationToken cancellationToken)
    {
        var secretName = name?.Trim() ?? "";
        var scopeRepo = string.IsNullOrWhiteSpace(repo) ? null : repo.Trim();
        var errors = new List<Model.FieldErrorView>();
        if (secretName.Length == 0)
        {
            errors.Add(new("name", "enter the secret's name, as mcp.yaml references it under secrets: (e.g. slack-bot)"));
        }
        else if (!SecretStore.IsValidName(secretName))
        {
            errors.Add(new("name", "use 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit (as referenced in mcp.yaml)"));
        }

        if (scopeRepo is not null && !await RepoExistsAsync(org, scopeRepo, cancellationToken))
        {
            errors.Add(new("repo", $"the org has no repository '{scopeRepo}': pick one of the list, or the whole org"));
        }

        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new("value", "enter the value: a secret cannot be empty"));
        }
        else if (Encoding.UTF8.GetByteCount(value) is var bytes and > SecretStore.MaxValueBytes)
        {
            errors.Add(new("value", SecretStore.TooLarge(bytes)));
        }

        if (errors.Count > 0)
        {
            return new ActionResult(null, errors);
        }

        var scope = SecretScope.Of(org, scopeRepo);
        var written = await secrets.SetAsync(scope, secretName, new SecretValue(value!), actor, cancellationToken);
        if (!written.Succeeded)
        {
            return ActionResult.Invalid("value", $"nothing was stored: {written.Error}");
        }

        var queued = waiters is null ? [] : await waiters.QueueAsync(scope, secretName, cancellationToken);
        return ActionResult.Done($"Secret '{secretName}' set for {Describe(scope)} (version {written.Info!.Version}). "
            + (queued.Count > 0
                ? $"Servers waiting for it are reconciled now ({string.Join(", ", queued)}); others that use it pick it up at their next reconcile."
                : "Servers that use it pick it up at their next reconcile."));
    }

    public async Task<ActionResult> DeleteAsync(string org, string? name, string? repo, string actor, CancellationToken cancellationToken)
    {
        var secretName = name?.Trim() ?? "";
        var scopeRepo = string.IsNullOrWhiteSpace(repo) ? null : repo.Trim();
        if (!SecretStore.IsValidName(secretName) || (scopeRepo is not null && !BuilderRules.IsRepoName(scopeRepo)))
        {
            return ActionResult.Invalid("delete", "pick a secret of the list to delete");
        }

        var scope = SecretScope.Of(org, scopeRepo);
        if (!await secrets.RemoveAsync(scope, secretName, actor, cancellationToken))
        {
            return ActionResult.Invalid("delete", $"there is no secret '{secretName}' in {Describe(scope)} (it may have been deleted already)");
        }

        return ActionResult.Done($"Secret '{secretName}' deleted from {Describe(scope)}. Servers that still reference it wait for it at their next reconcile and keep what is deployed.");
    }

    private async Task<bool> RepoExistsAsync(string org, string repo, CancellationToken cancellationToken) =>
        BuilderRules.IsRepoName(repo) && (await store.ListReposAsync(org, cancellationToken)).Any(r => r.Name == repo);

    private static string Describe(SecretScope scope) => scope.Repo is null ? $"the org {scope.Org}" : $"the repository {scope.Org}/{scope.Repo}";
}
