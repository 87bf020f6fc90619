using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>
/// The router's listening socket, opened here with <c>SO_REUSEPORT</c> and handed to workerd (<c>--socket-fd</c>), so a
/// new workerd can listen on the same port while the old one still serves: the old one is stopped only once the new
/// one answers. Linux only (the local platform's home); the descriptor is made inheritable for the child.
/// </summary>
internal static partial class SharedListener
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;
    private const int FGetFd = 1;
    private const int FSetFd = 2;
    private const int FdCloexec = 1;

    /// <summary>A listening socket on 127.0.0.1:<paramref name="port"/> that another <c>SO_REUSEPORT</c> socket may share; null when the port is held without it.</summary>
    public static Socket? TryOpen(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(1024);
            var fd = (int)socket.SafeHandle.DangerousGetHandle();
            var flags = Fcntl(fd, FGetFd, 0);
            if (flags < 0 || Fcntl(fd, FSetFd, flags & ~FdCloexec) < 0)
            {
                throw new LocalPlatformException($"cannot hand the listening socket of port {port} to workerd (fcntl failed: {Marshal.GetLastPInvokeError()})");
            }

            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static int Descriptor(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int cmd, int arg);
}
