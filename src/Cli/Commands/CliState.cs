using System.CommandLine;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.Data.Sqlite;

namespace McpSaas.Cli.Commands;

/// <summary>Access to the state store of the <c>--data</c> folder for the commands that use it.</summary>
internal static class CliState
{
    public static string DataDirectory(ParseResult parseResult, CliContext context) =>
        parseResult.GetValue(context.Options.Data)!.FullName;

    /// <summary>Whether the data folder has a state store yet (read-only commands do not create one).</summary>
    public static bool Exists(string dataDirectory) => File.Exists(StatePaths.Database(dataDirectory));

    public static SqliteStateStore Open(string dataDirectory, CliContext context) =>
        SqliteStateStore.ForDataDirectory(dataDirectory, context.Time);

    /// <summary>Runs a command body; a state store that cannot be used becomes a plain error (exit 1), not a stack trace.</summary>
    public static async Task<int> GuardAsync(CliContext context, string command, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (StateStoreException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas {command}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (SqliteException e)
        {
            var hint = e.SqliteErrorCode == 5
                ? "the state store stayed locked by another McpSaas process; try again when it is idle"
                : "the state store could not be used; check the --data folder";
            await context.Stderr.WriteLineAsync($"mcpsaas {command}: {hint} ({e.Message})").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (FileNotFoundException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas {command}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (McpSaas.Reconciler.Platforms.Local.LocalPlatformException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas {command}: the local runtime: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (McpSaas.Reconciler.Platforms.PlatformException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas {command}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (McpSaas.Reconciler.Platforms.SecretUnavailableException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas {command}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (InvalidOperationException e) when (ConfigurationErrors.Describe(e) is { } problem)
        {
            // A configuration value of the wrong type (MCPSAAS_State__BusyTimeout=soon): a usage error naming the key.
            await context.Stderr.WriteLineAsync($"mcpsaas {command}: {problem}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (UnauthorizedAccessException e)
        {
            await context.Stderr.WriteLineAsync($"mcpsaas {command}: {e.Message}: check the permissions of the --data folder").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
