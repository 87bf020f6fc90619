using System.Net;
using System.Net.Sockets;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>Loopback TCP ports for the local runtime and its usage endpoint.</summary>
public static class LoopbackPorts
{
    /// <summary>Whether nothing listens on 127.0.0.1:<paramref name="port"/> right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// A free port to keep (a data folder's runtime and usage ports, stored once): chosen at random below the kernel's
    /// ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>), so while its process is down the port is not
    /// handed to some other program's outgoing connection or port-0 listener, and the process gets it back on restart.
    /// Any free port when that range cannot be read or leaves no room.
    /// </summary>
    public static int Kept()
    {
        var ephemeralStart = EphemeralStart();
        if (ephemeralStart is { } start && start > 10_000)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var port = Random.Shared.Next(10_000, start);
                if (IsFree(port))
                {
                    return port;
                }
            }
        }

        return Any();
    }

    private static int? EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return range.Length >= 1 && int.TryParse(range[0], System.Globalization.CultureInfo.InvariantCulture, out var start) ? start : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A port the system reports free on 127.0.0.1.</summary>
    public static int Any()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
