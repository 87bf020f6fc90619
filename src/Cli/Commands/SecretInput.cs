using System.Text;

namespace McpSaas.Cli.Commands;

/// <summary>Reads a secret's value: piped on stdin (one trailing newline dropped), or typed on a terminal without echo.</summary>
internal static class SecretInput
{
    public static async Task<string> ReadAsync(CliContext context, string prompt, CancellationToken cancellationToken)
    {
        if (context.StdinIsTerminal)
        {
            await context.Stderr.WriteAsync(prompt).ConfigureAwait(false);
            var typed = ReadHidden(cancellationToken);
            await context.Stderr.WriteLineAsync().ConfigureAwait(false);
            return typed;
        }

        // Read a bounded amount: enough to see that a value is too large, never a whole file piped by mistake.
        var limit = (Reconciler.Secrets.SecretStore.MaxValueBytes * 4) + 3;
        var buffer = new char[limit];
        var read = 0;
        while (read < limit)
        {
            var n = await context.Stdin.ReadAsync(buffer.AsMemory(read, limit - read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return TrimOneNewline(new string(buffer, 0, read));
    }

    /// <summary><c>echo value |</c> adds one newline; that one goes, everything else is the value.</summary>
    public static string TrimOneNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
        : text.EndsWith('\n') ? text[..^1]
        : text;

    private static string ReadHidden(CancellationToken cancellationToken)
    {
        var value = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (value.Length > 0)
                {
                    value.Length--;
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar))
            {
                value.Append(key.KeyChar);
            }
        }

        return value.ToString();
    }
}
