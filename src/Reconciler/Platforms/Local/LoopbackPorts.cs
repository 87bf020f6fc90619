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

    /// <summary>A port the system reports free on 127.0.0.1.</summary>
    public static int Any()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
