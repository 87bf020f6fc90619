using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// Renders a <see cref="WorkerUpload"/> as the multipart body of cloudflare-workers-api.md §2: a <c>metadata</c> part
/// (JSON), then one part per module with <c>Content-Disposition: form-data; name="…"; filename="…"</c> written by
/// hand (no <c>filename*=</c>, which .NET's <c>MultipartFormDataContent</c> would add) and its content type. CRLF line
/// endings; the boundary is derived from the content, so the same upload renders the same bytes.
/// </summary>
public static class WorkerUploadForm
{
    public const string MetadataPart = "metadata";

    private static readonly HashSet<string> UploadBindingTypes = new(StringComparer.Ordinal)
    {
        BindingTypes.Json, BindingTypes.PlainText, BindingTypes.SecretText, BindingTypes.DurableObjectNamespace, BindingTypes.Service,
        BindingTypes.Inherit,
    };

    /// <exception cref="ArgumentException">The upload breaks a rule the API would refuse it for (name, modules, tags, bindings, date).</exception>
    public static UploadForm Build(WorkerUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        Check(upload);

        var metadata = new UploadMetadata
        {
            MainModule = upload.EntryModule,
            CompatibilityDate = upload.CompatibilityDate,
            CompatibilityFlags = [.. upload.CompatibilityFlags],
            Bindings = [.. upload.Bindings],
            Migrations = upload.Migrations,
            Tags = [.. upload.Tags],
            KeepBindings = [.. upload.KeepBindings],
        };
        var metadataBytes = JsonSerializer.SerializeToUtf8Bytes(metadata, CloudflareJsonContext.Default.UploadMetadata);
        return Render([(Header(MetadataPart, null, "application/json"), metadataBytes),
            .. upload.Modules.Select(m => (Header(m.Name, m.Name, m.ContentType), m.Content))]);
    }

    /// <summary>The body of <c>PATCH …/settings</c>: one <c>settings</c> part (JSON).</summary>
    public static UploadForm Settings(CloudflareSettingsPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.Tags is { } tags)
        {
            OwnershipTags.Check(tags);
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(patch, CloudflareJsonContext.Default.CloudflareSettingsPatch);
        return Render([(Header("settings", null, "application/json"), json)]);
    }

    private static void Check(WorkerUpload upload)
    {
        if (!ScriptNameRules.IsValid(upload.ScriptName))
        {
            throw new ArgumentException($"'{upload.ScriptName}' is not a Worker script name: {ScriptNameRules.Rule}", nameof(upload));
        }

        if (upload.Modules.Count == 0)
        {
            throw new ArgumentException("an upload needs at least one module", nameof(upload));
        }

        var names = new HashSet<string>(StringComparer.Ordinal) { MetadataPart };
        foreach (var module in upload.Modules)
        {
            if (module.Name.Length == 0 || module.Name.Length > 512 || module.Name.Any(c => c is '"' or '\\' or '\r' or '\n' || char.IsControl(c)))
            {
                throw new ArgumentException($"module name '{module.Name}' cannot be a part name (empty, too long, or with a quote, backslash or control character)", nameof(upload));
            }

            if (!names.Add(module.Name))
            {
                throw new ArgumentException($"module '{module.Name}' appears twice (or is named '{MetadataPart}')", nameof(upload));
            }
        }

        if (!upload.Modules.Any(m => m.Name == upload.EntryModule))
        {
            throw new ArgumentException($"main module '{upload.EntryModule}' is not among the uploaded modules", nameof(upload));
        }

        if (!DateOnly.TryParseExact(upload.CompatibilityDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new ArgumentException($"compatibility date '{upload.CompatibilityDate}' is not YYYY-MM-DD", nameof(upload));
        }

        OwnershipTags.Check(upload.Tags);

        var bindingNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in upload.Bindings)
        {
            if (!UploadBindingTypes.Contains(binding.Type))
            {
                throw new ArgumentException($"binding '{binding.Name}' has type '{binding.Type}', which this client does not upload", nameof(upload));
            }

            if (string.IsNullOrEmpty(binding.Name) || !bindingNames.Add(binding.Name))
            {
                throw new ArgumentException($"binding name '{binding.Name}' is empty or used twice", nameof(upload));
            }
        }
    }

    private static string Header(string name, string? fileName, string contentType) =>
        $"Content-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\nContent-Type: {contentType}\r\n";

    private static UploadForm Render(IReadOnlyList<(string Headers, byte[] Content)> parts)
    {
        var boundary = Boundary(parts);
        using var body = new MemoryStream();
        foreach (var (headers, content) in parts)
        {
            Write(body, $"--{boundary}\r\n{headers}\r\n");
            body.Write(content);
            Write(body, "\r\n");
        }

        Write(body, $"--{boundary}--\r\n");
        return new UploadForm(body.ToArray(), boundary);
    }

    private static string Boundary(IReadOnlyList<(string Headers, byte[] Content)> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (headers, content) in parts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(headers));
            hash.AppendData(content);
        }

        var baseBoundary = "mcpsaas-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
        for (var attempt = 0; ; attempt++)
        {
            var candidate = attempt == 0 ? baseBoundary : $"{baseBoundary}-{attempt}";
            var needle = Encoding.ASCII.GetBytes("--" + candidate);
            if (!parts.Any(p => p.Content.AsSpan().IndexOf(needle) >= 0))
            {
                return candidate;
            }
        }
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
