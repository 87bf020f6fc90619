using System.Net;
using System.Text.RegularExpressions;

namespace McpSaas.EndToEnd.Tests.Support;

/// <summary>
/// A person using the status UI without a browser: cookies kept, redirects followed, forms read from the server-rendered
/// HTML and posted back with their hidden fields (the antiforgery token, Blazor's <c>_handler</c>). Signs in through the
/// fake GitHub's OAuth pages as a browser would: <c>/signin</c> → GitHub's authorize page → its form → the callback.
/// </summary>
internal sealed partial class UiSession : IDisposable
{
    private readonly HttpClient _http;

    private UiSession(Uri host)
    {
        Host = host;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true, MaxAutomaticRedirections = 10 })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri Host { get; }

    /// <summary>Signs <paramref name="login"/> in (a user of the fake GitHub) and answers the session, landed back on the UI.</summary>
    public static async Task<UiSession> SignInAsync(Uri host, string login)
    {
        var session = new UiSession(host);
        using var authorize = await session._http.GetAsync(new Uri(host, "signin?returnUrl=%2Forgs"));
        var page = await authorize.Content.ReadAsStringAsync();
        var github = authorize.RequestMessage!.RequestUri!;
        Assert.True(authorize.StatusCode == HttpStatusCode.OK && github.AbsolutePath == "/login/oauth/authorize", $"{authorize.StatusCode} {github}\n{page}");
        var fields = HiddenFields(page);
        fields["login"] = login;
        using var back = await session._http.PostAsync(github, new FormUrlEncodedContent(fields));
        var landed = back.RequestMessage!.RequestUri!;
        Assert.True(back.StatusCode == HttpStatusCode.OK && landed.Authority == host.Authority && !landed.AbsolutePath.StartsWith("/signin", StringComparison.Ordinal),
            $"{back.StatusCode} {landed}\n{await back.Content.ReadAsStringAsync()}");
        return session;
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(Host, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Opens <paramref name="path"/>, takes the form whose Blazor handler is <paramref name="handler"/> with its hidden fields,
    /// adds <paramref name="values"/> (repeated names for checkboxes) and posts it to the page, as the browser would.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Html)> SubmitAsync(string path, string handler, IEnumerable<KeyValuePair<string, string>> values)
    {
        var (status, html) = await GetAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"{status} for {path}\n{html}");
        var form = FormTag().Matches(html).Select(m => m.Value).FirstOrDefault(f => f.Contains($"name=\"_handler\" value=\"{handler}\"", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no form '{handler}' on {path}:\n{html}");
        var fields = HiddenFields(form).ToList();
        fields.AddRange(values);
        using var response = await _http.PostAsync(new Uri(Host, path), new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value), StringComparer.Ordinal);

    [GeneratedRegex("""<form\b.*?</form>""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FormTag();

    [GeneratedRegex("""<input\b(?=[^>]*\btype="hidden")(?=[^>]*\bname="(?<name>[^"]*)")(?=[^>]*\bvalue="(?<value>[^"]*)")[^>]*>""", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenInput();
}
