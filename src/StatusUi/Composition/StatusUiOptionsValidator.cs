using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.Composition;

/// <summary>Checks <see cref="StatusUiOptions"/> at start; every message names the setting and the fix.</summary>
public sealed class StatusUiOptionsValidator : IValidateOptions<StatusUiOptions>
{
    public ValidateOptionsResult Validate(string? name, StatusUiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string section = StatusUiOptions.SectionName;
        if (!Enum.IsDefined(options.Access))
        {
            errors.Add($"{section}:Access is {(int)options.Access}: set it to Loopback (requests from this machine may do everything) or None");
        }

        if (options.GitHubUrl is not { IsAbsoluteUri: true } url || url.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(url.Query))
        {
            errors.Add($"{section}:GitHubUrl is '{options.GitHubUrl}': set it to the https web root of GitHub, e.g. {section}:GitHubUrl=https://github.com");
        }

        if (!Builder.BuilderRules.IsBranch(options.DefaultBranch))
        {
            errors.Add($"{section}:DefaultBranch is '{options.DefaultBranch}': set it to a branch name such as main");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
