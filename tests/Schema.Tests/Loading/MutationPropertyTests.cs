using System.Text;
using FsCheck;
using FsCheck.Xunit;
using McpSaas.Schema.Loading;

namespace McpSaas.Schema.Tests.Loading;

/// <summary>
/// Property: random mutations of valid manifests (deleted or duplicated lines, renamed keys, values of the wrong
/// type, truncation, random bytes, random text) never make the loader throw, and every diagnostic has a position.
/// </summary>
public sealed class MutationPropertyTests
{
    private static readonly byte[][] Bases = [.. ManifestCase.All("valid").Select(c => c.Content)];

    private static readonly string[] WrongValues =
        ["123", "true", "null", "[a, b]", "{x: 1}", "'str'", "~", "-1", "1.5e3", "*undefined", "&a x", "|", ">-", "\"unterminated", "[", "{", "0x1F", ".inf", "!!binary aGk=", "? k"];

    [Property(MaxTest = 400)]
    public void MutatedManifest_NeverThrows_AndDiagnosticsHavePositions(NonNegativeInt which, NonNegativeInt at, byte kind, byte[] junk, string text, PositiveInt count)
    {
        ArgumentNullException.ThrowIfNull(which);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(count);
        var bytes = Bases[which.Get % Bases.Length];
        var seed = at.Get;
        for (var i = 0; i < 1 + (count.Get % 3); i++)
        {
            bytes = Mutate(bytes, (byte)(kind + i), seed + (i * 7919), junk ?? [], text ?? "");
        }

        var file = ManifestLoader.Load("mutated/mcp.yaml", bytes);

        Assert.All(file.AllDiagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1 && d.Code.StartsWith("MCP", StringComparison.Ordinal), d.ToString()));
        Assert.True(file.Documents.All(d => d.IsValid == (d.Server is not null)));
    }

    private static byte[] Mutate(byte[] bytes, byte kind, int seed, byte[] junk, string text)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
        var line = seed % lines.Count;
        switch (kind % 7)
        {
            case 0:
                lines.RemoveAt(line);
                break;
            case 1:
                var colon = lines[line].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    var chars = lines[line].ToCharArray();
                    var p = seed % colon;
                    chars[p] = chars[p] == ' ' ? 'x' : (char)('a' + (seed % 26));
                    lines[line] = new string(chars);
                }

                break;
            case 2:
                var c = lines[line].IndexOf(": ", StringComparison.Ordinal);
                var wrong = WrongValues[seed % WrongValues.Length];
                lines[line] = c > 0 ? lines[line][..(c + 2)] + wrong : lines[line] + wrong;
                break;
            case 3:
                return bytes[..(seed % (bytes.Length + 1))];
            case 4:
                var pos = seed % (bytes.Length + 1);
                return [.. bytes[..pos], .. junk, .. bytes[pos..]];
            case 5:
                lines.Insert(line, lines[line]);
                break;
            default:
                var s = lines[line];
                var q = s.Length == 0 ? 0 : seed % s.Length;
                lines[line] = s[..q] + text + s[q..];
                break;
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
