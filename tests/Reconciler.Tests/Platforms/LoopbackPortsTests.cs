using System.Globalization;
using McpSaas.Reconciler.Platforms.Local;

namespace McpSaas.Reconciler.Tests.Platforms;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void Kept_IsAFreePort_BelowTheKernelsEphemeralRange()
    {
        var start = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);

        var ports = Enumerable.Range(0, 20).Select(_ => LoopbackPorts.Kept()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 10_000, start - 1));
        Assert.All(ports, port => Assert.True(LoopbackPorts.IsFree(port)));
        Assert.True(ports.Distinct().Count() > 1, "the ports are drawn at random, not always the same one");
    }
}
