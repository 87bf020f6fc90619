using System.Net;
using System.Text;
using McpSaas.WebhookApi.Tests.TestSupport;

namespace McpSaas.WebhookApi.Tests.GitHub;

public sealed class WebhookEndpointAbsenceTests
{
    [Fact]
    public async Task WebhookEndpoint_IsNotServed_WithoutAGitHubApp()
    {
        using var app = new McpSaasAppFactory();
        using var client = app.CreateClient();

        using var response = await client.PostAsync(new Uri("/webhooks/github", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Start_WithAnIncompleteApp_FailsNamingTheKeyAndTheFix()
    {
        using var app = new GitOpsAppFactory();
        app.Settings["GitHub:WebhookSecret"] = "";

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("MCPSAAS_GitHub__WebhookSecret", error.ToString(), StringComparison.Ordinal);
    }
}
