using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace McpSaas.Testing.Fakes.GitHub.Git;

/// <summary>Runs <c>git http-backend</c> as a CGI program for one request: the smart HTTP protocol, served by git itself.</summary>
internal static class GitHttpBackend
{
    public static async Task ServeAsync(HttpContext context, string projectRoot, string pathInfo, string user, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("http-backend");
        var env = start.Environment;
        env["GIT_PROJECT_ROOT"] = projectRoot;
        env["GIT_HTTP_EXPORT_ALL"] = "1";
        env["GATEWAY_INTERFACE"] = "CGI/1.1";
        env["SERVER_PROTOCOL"] = "HTTP/1.1";
        env["REQUEST_METHOD"] = request.Method;
        env["PATH_INFO"] = pathInfo;
        env["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        env["CONTENT_TYPE"] = request.ContentType ?? "";
        env["REMOTE_USER"] = user;
        env["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        if (request.ContentLength is { } length)
        {
            env["CONTENT_LENGTH"] = length.ToString(CultureInfo.InvariantCulture);
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            env["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            env["GIT_PROTOCOL"] = protocol;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git http-backend did not start");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var feed = Task.Run(async () =>
        {
            try
            {
                await request.Body.CopyToAsync(process.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                process.StandardInput.Close();
            }
        }, cancellationToken);

        var output = process.StandardOutput.BaseStream;
        var headers = await ReadHeadersAsync(output, cancellationToken).ConfigureAwait(false);
        var status = StatusCodes.Status200OK;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                status = int.Parse(value.AsSpan(0, 3), CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers.Append(name, value);
            }
        }

        context.Response.StatusCode = status;
        await output.CopyToAsync(context.Response.Body, cancellationToken).ConfigureAwait(false);
        await feed.ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        _ = await stderr.ConfigureAwait(false);
    }

    /// <summary>Reads CGI header lines up to the blank line, byte by byte (the body that follows is binary).</summary>
    private static async Task<List<(string Name, string Value)>> ReadHeadersAsync(Stream output, CancellationToken cancellationToken)
    {
        var headers = new List<(string, string)>();
        var line = new StringBuilder();
        var one = new byte[1];
        while (await output.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 1)
        {
            if (one[0] == (byte)'\n')
            {
                var text = line.ToString().TrimEnd('\r');
                line.Clear();
                if (text.Length == 0)
                {
                    break;
                }

                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.Add((text[..colon].Trim(), text[(colon + 1)..].Trim()));
                }
            }
            else
            {
                line.Append((char)one[0]);
            }
        }

        return headers;
    }
}
