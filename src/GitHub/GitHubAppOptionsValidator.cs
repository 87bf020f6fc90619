using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace McpSaas.GitHub;

/// <summary>Checks <see cref="GitHubAppOptions"/> at start: every problem at once, each naming the key and the fix. The key itself is never echoed.</summary>
public sealed class GitHubAppOptionsValidator : IValidateOptions<GitHubAppOptions>
{
    private const string Env = "MCPSAAS_GitHub__";

    public ValidateOptionsResult Validate(string? name, GitHubAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.Issuer is null)
        {
            errors.Add($"GitHub:AppId and GitHub:ClientId are both empty: set {Env}ClientId (App settings → Client ID) or {Env}AppId");
        }
        else if (options.AppId is <= 0)
        {
            errors.Add($"GitHub:AppId is {options.AppId}: set {Env}AppId to the App's numeric id (App settings → App ID)");
        }

        var hasKey = !string.IsNullOrWhiteSpace(options.PrivateKey);
        var hasFile = !string.IsNullOrWhiteSpace(options.PrivateKeyFile);
        if (hasKey && hasFile)
        {
            errors.Add($"GitHub:PrivateKey and GitHub:PrivateKeyFile are both set: keep one ({Env}PrivateKeyFile=/path/app.pem is preferred)");
        }
        else if (!hasKey && !hasFile)
        {
            errors.Add($"GitHub:PrivateKey is empty: set {Env}PrivateKeyFile to the App's .pem file (App settings → Generate a private key), or {Env}PrivateKey to its contents");
        }
        else if (hasFile && !File.Exists(options.PrivateKeyFile))
        {
            errors.Add($"GitHub:PrivateKeyFile '{options.PrivateKeyFile}' does not exist: point {Env}PrivateKeyFile at the App's .pem file");
        }
        else if (options.ReadPrivateKeyPem() is { } pem && !IsRsaKey(pem))
        {
            errors.Add($"GitHub:{(hasKey ? "PrivateKey" : "PrivateKeyFile")} is not an RSA private key in PEM: use the .pem GitHub generated for the App (it starts with -----BEGIN RSA PRIVATE KEY-----)");
        }

        if (string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            errors.Add($"GitHub:WebhookSecret is empty: set {Env}WebhookSecret to the App's webhook secret (generate one with `openssl rand -hex 32`)");
        }

        CheckUrl(options.ApiBaseUrl, "ApiBaseUrl", "https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server", errors);
        CheckUrl(options.WebBaseUrl, "WebBaseUrl", "https://github.com, or https://HOST for GitHub Enterprise Server", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(string? value, string key, string example, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"GitHub:{key} '{value}' is not an http(s) URL without credentials: set {Env}{key} to {example}");
        }
    }

    private static bool IsRsaKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
