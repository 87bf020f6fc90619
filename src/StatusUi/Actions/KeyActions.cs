using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Rebinding;
using McpSaas.StatusUi.Model;
using Microsoft.Extensions.DependencyInjection;

namespace McpSaas.StatusUi.Actions;

/// <summary>
/// Key create and revoke from the server page, through the same <see cref="ApiKeyService"/> and <see cref="KeyRollout"/>
/// as <c>./mcpsaas keys</c>: the server's key set is put on its Worker at once when the host has a platform; without one
/// (a host that only reads), the next reconcile binds it. The key is returned once and only its hash is stored.
/// </summary>
public sealed class KeyActions(IStateStore store, ApiKeyService keys, IServiceProvider services)
{
    public async Task<KeyCreateResult> CreateAsync(ServerId id, string? name, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var keyName = name?.Trim() ?? "";
        if (keyName.Length == 0)
        {
            return new KeyCreateResult { Error = new FieldErrorView("name", "enter a name for the key, e.g. the teammate or client it is for (laptop, ci)") };
        }

        if (!ApiKeyService.IsValidName(keyName))
        {
            return new KeyCreateResult { Error = new FieldErrorView("name", "use 1-63 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit") };
        }

        if (await store.GetServerAsync(id, cancellationToken) is null)
        {
            return new KeyCreateResult { Error = new FieldErrorView("name", $"the server {id} no longer exists") };
        }

        var created = await keys.CreateAsync(id, keyName, actor, cancellationToken);
        if (!created.Succeeded)
        {
            var taken = (await store.ListApiKeysAsync(id, includeRevoked: false, cancellationToken)).Any(k => k.Name == keyName);
            return new KeyCreateResult
            {
                Error = new FieldErrorView("name", taken ? $"this server already has a key named '{keyName}': pick another name, or revoke that key first" : created.Error!),
            };
        }

        var (rollout, failed) = await RollOutAsync(id, cancellationToken);
        return new KeyCreateResult
        {
            Name = created.Record!.Name,
            KeyId = created.Record.KeyId,
            Key = created.Key!.Reveal(),
            Rollout = rollout,
            RolloutFailed = failed,
        };
    }

    public async Task<ActionResult> RevokeAsync(ServerId id, string? name, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var keyName = name?.Trim() ?? "";
        if (keyName.Length == 0 || !await keys.RevokeAsync(id, keyName, actor, cancellationToken))
        {
            return ActionResult.Invalid("revoke", keyName.Length == 0
                ? "pick the key to revoke"
                : $"this server has no active key named '{keyName}' (it may have been revoked already)");
        }

        var (rollout, failed) = await RollOutAsync(id, cancellationToken);
        return ActionResult.Done(failed ? $"Key '{keyName}' revoked, but {rollout}" : $"Key '{keyName}' revoked: {rollout}", warning: failed);
    }

    private async Task<(string Text, bool Failed)> RollOutAsync(ServerId id, CancellationToken cancellationToken)
    {
        if (services.GetService<KeyRollout>() is not { } rollout)
        {
            return ("this host deploys nothing itself: the server's next reconcile puts the change on its Worker.", false);
        }

        var result = await rollout.ApplyAsync(id, cancellationToken);
        return result.Status switch
        {
            RebindStatus.Live or RebindStatus.AlreadyLive => ("its Worker serves the change now.", false),
            RebindStatus.NotDeployed => ("the server has no Worker yet: its first deploy binds its keys.", false),
            _ => ($"NOT yet effective on its Worker ({result.Error}); the next reconcile retries until it is.", true),
        };
    }
}
