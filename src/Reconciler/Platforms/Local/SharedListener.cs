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
    private const int SoAttachReusePortCbpf = 51;
    private const ushort BpfRetK = 0x06; // BPF_RET | BPF_K: return the constant k
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
            Steer(socket, 0); // the running workerd's socket joined first: it keeps every connection until the new one answers
            SetInheritable(socket, true);
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

    /// <summary>
    /// Whether child processes started from now on inherit the socket: on only while workerd is started, so no other
    /// child (git, the usage companion) keeps a listening socket alive that nobody accepts on.
    /// </summary>
    public static void SetInheritable(Socket socket, bool inheritable)
    {
        var fd = Descriptor(socket);
        var flags = Fcntl(fd, FGetFd, 0);
        if (flags < 0 || Fcntl(fd, FSetFd, inheritable ? flags & ~FdCloexec : flags | FdCloexec) < 0)
        {
            throw new LocalPlatformException($"cannot hand the listening socket to workerd (fcntl failed: {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>
    /// Sends every new connection of the port's <c>SO_REUSEPORT</c> group to the socket at <paramref name="index"/> in the
    /// order the sockets joined (a one-instruction classic BPF program, <c>SO_ATTACH_REUSEPORT_CBPF</c>, which needs no
    /// privilege and stays with the group). During a handover the group is [running, new]: 0 keeps the running workerd
    /// serving while the new one starts, 1 moves every new connection to the new one once it answers, so none lands in the
    /// queue of a process about to close its socket. Once the old socket is gone the index is past the end and the kernel
    /// falls back to its hash, over the one socket left. False when the kernel refused (connections are then spread by hash).
    /// </summary>
    public static unsafe bool Steer(Socket socket, uint index)
    {
        var program = stackalloc ulong[1];
        program[0] = BpfRetK | ((ulong)index << 32); // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }
        var fprog = stackalloc ulong[2];             // struct sock_fprog { u16 len; (pad) struct sock_filter *filter; }
        fprog[0] = 1;
        fprog[1] = (ulong)program;
        return SetSockOpt(Descriptor(socket), SolSocket, SoAttachReusePortCbpf, fprog, 16) == 0;
    }

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static unsafe partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int cmd, int arg);
}
