using System.Net;
using McpSaas.StatusUi.Access;
using McpSaas.StatusUi.Composition;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.Tests.Access;

public sealed class LoopbackOrgAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", null, StatusUiAccess.Loopback, OrgRole.Admin)]
    [InlineData("::1", null, StatusUiAccess.Loopback, OrgRole.Admin)]
    [InlineData("10.0.0.5", null, StatusUiAccess.Loopback, OrgRole.None)]
    [InlineData("127.0.0.1", "X-Forwarded-For", StatusUiAccess.Loopback, OrgRole.None)]
    [InlineData("127.0.0.1", "Forwarded", StatusUiAccess.Loopback, OrgRole.None)]
    [InlineData("127.0.0.1", null, StatusUiAccess.None, OrgRole.None)]
    [InlineData(null, null, StatusUiAccess.Loopback, OrgRole.None)]
    public async Task Role_OnlyTheLocalUser_MayDoEverything(string? remote, string? forwardedHeader, StatusUiAccess mode, OrgRole expected)
    {
        var access = new LoopbackOrgAccess(Options.Create(new StatusUiOptions { Access = mode }));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        if (forwardedHeader is not null)
        {
            context.Request.Headers[forwardedHeader] = "203.0.113.9";
        }

        Assert.Equal(expected, await access.GetRoleAsync(context, "acme", CancellationToken.None));
        Assert.Equal(expected == OrgRole.Admin, await access.GetUserAsync(context, CancellationToken.None) is not null);
        Assert.Equal(expected == OrgRole.Admin ? ["acme", "local"] : [], await access.FilterOrgsAsync(context, ["acme", "local"], CancellationToken.None));
    }
}
