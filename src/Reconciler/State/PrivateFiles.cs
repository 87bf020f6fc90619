using System.Runtime.InteropServices;

namespace McpSaas.Reconciler.State;

/// <summary>
/// The data folder holds the state store, the secrets key, logs and runtime files: its owner's only (0600 files,
/// 0700 folders), also when the folder already existed (issue #9.8).
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Sets the process's file creation mask to 077 (Unix): every file and folder it creates from then on, and those
    /// of its child processes (workerd's logs and storage), are its owner's only, whatever code creates them. Called
    /// first thing by the CLI and the web host.
    /// </summary>
    public static void RestrictProcessUmask()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            _ = Native.umask(0x3F); // 077
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // No libc umask: files keep the default mode; the state store and the key are still made 0600 below.
        }
    }

    /// <summary>Creates <paramref name="path"/> empty with mode 0600 when missing; takes group and other access away when it exists.</summary>
    public static void EnsureOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }))
            {
            }

            return;
        }
        catch (IOException) when (File.Exists(path))
        {
            // It exists: tighten it below.
        }

        TightenIfExists(path);
    }

    /// <summary>Takes group and other access away from an existing file (no-op when it does not exist).</summary>
    public static void TightenIfExists(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(path, mode & ~GroupOrOther);
        }
    }

    private static class Native
    {
        [DllImport("libc")]
        public static extern uint umask(uint mask);
    }
}
