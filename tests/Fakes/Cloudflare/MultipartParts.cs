using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>Reads a <c>multipart/form-data</c> body into named parts, refusing what the upload contract does not allow.</summary>
internal static class MultipartParts
{
    /// <summary>Allowed module content types (cloudflare-workers-api.md §2).</summary>
    public static readonly HashSet<string> ModuleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/javascript+module", "text/javascript+module", "application/javascript", "text/javascript", "application/wasm",
        "text/plain", "application/octet-stream", "text/x-python", "application/source-map",
    };

    public static async Task<List<FakeModule>> ReadAsync(string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw FakeApiException.Validation("Uploads must be multipart/form-data.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw FakeApiException.Validation("multipart/form-data without a boundary.");
        }

        var parts = new List<FakeModule>();
        var reader = new MultipartReader(boundary, new MemoryStream(body)) { BodyLengthLimit = null };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var disposition = section.Headers?.TryGetValue("Content-Disposition", out var raw) == true ? raw.ToString() : null;
                // .NET's MultipartFormDataContent adds filename*=utf-8''…; the contract (and this fake) want plain filename="…".
                if (disposition is not null && disposition.Contains("filename*", StringComparison.OrdinalIgnoreCase))
                {
                    throw FakeApiException.Validation($"Part header '{disposition}' uses filename*=, which the upload does not accept: set filename=\"…\" only.");
                }

                if (disposition is null || !ContentDispositionHeaderValue.TryParse(disposition, out var header)
                    || !header.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw FakeApiException.Validation("Every part needs Content-Disposition: form-data; name=\"…\".");
                }

                var name = HeaderUtilities.RemoveQuotes(header.Name).Value;
                if (string.IsNullOrEmpty(name))
                {
                    throw FakeApiException.Validation("A part has no name.");
                }

                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                var type = section.ContentType ?? "";
                parts.Add(new FakeModule(name, type, content.ToArray()));
            }
        }
        catch (IOException e)
        {
            throw FakeApiException.Validation($"The multipart body cannot be read: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw FakeApiException.Validation($"The multipart body cannot be read: {e.Message}");
        }

        if (parts.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != parts.Count)
        {
            throw FakeApiException.Validation("Two parts have the same name.");
        }

        return parts;
    }

    public static string Utf8(FakeModule part) => Encoding.UTF8.GetString(part.Content);
}
