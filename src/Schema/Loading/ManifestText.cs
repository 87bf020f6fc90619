using System.Buffers;
using System.Text.Unicode;
using McpSaas.Schema.Diagnostics;
using McpSaas.Schema.Yaml;

namespace McpSaas.Schema.Loading;

/// <summary>Checks a file's bytes before any YAML parsing: size, UTF-8, NUL bytes; strips a UTF-8 byte order mark.</summary>
internal static class ManifestText
{
    /// <summary>Largest manifest file accepted: 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    public static (string? Text, YamlProblem? Problem) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return (null, TooLargeProblem(bytes.Length));
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (null, new YamlProblem(DiagnosticCodes.NotUtf8, 1, 1, "file is UTF-16 text; save it as UTF-8"));
        }

        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
        if (status != OperationStatus.Done)
        {
            var (line, column) = PositionOf(chars.AsSpan(0, written));
            return (null, new YamlProblem(DiagnosticCodes.NotUtf8, line, column,
                $"byte 0x{bytes[read]:X2} is not valid UTF-8: a manifest must be UTF-8 text, not binary"));
        }

        var text = chars.AsSpan(0, written);
        var nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            var (line, column) = PositionOf(text[..nul]);
            return (null, new YamlProblem(DiagnosticCodes.NulByte, line, column, "NUL byte in the file: a manifest must be text, not binary"));
        }

        return (new string(text), null);
    }

    public static YamlProblem TooLargeProblem(long length) => new(DiagnosticCodes.TooLarge, 1, 1,
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"file is {length:N0} bytes; a manifest file may be at most {MaxBytes:N0} bytes (1 MiB): split it into several files"));

    /// <summary>
    /// The first tab in the indentation of a line at or before <paramref name="untilLine"/>, outside multi-line
    /// scalars (where a tab is content). Used to explain a syntax error caused by tab indentation.
    /// </summary>
    public static (int Line, int Column)? TabInIndentation(string text, int untilLine, IReadOnlyList<(int StartLine, int EndLine)> multilineScalars)
    {
        // One pass over the lines and the scalars sorted by start line (linear: a syntax error after 100,000 block
        // scalars must not cost 100,000 × 100,000 checks).
        var scalars = multilineScalars.OrderBy(r => r.StartLine).ToList();
        var next = 0;
        var line = 1;
        var start = 0;
        while (start <= text.Length && line <= untilLine)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            while (next < scalars.Count && scalars[next].EndLine < line)
            {
                next++;
            }

            var inScalar = next < scalars.Count && line > scalars[next].StartLine && line <= scalars[next].EndLine;
            if (!inScalar)
            {
                for (var i = start; i < end; i++)
                {
                    var c = text[i];
                    if (c == '\t')
                    {
                        return (line, i - start + 1);
                    }

                    if (c != ' ')
                    {
                        break;
                    }
                }
            }

            start = end + 1;
            line++;
        }

        return null;
    }

    /// <summary>
    /// A malformed directive line (<c>%YAML</c>/<c>%TAG</c>) before the first document marker: the parser lets some
    /// through (e.g. <c>%YAML 1.1#comment</c>), the YAML spec does not.
    /// </summary>
    public static (int Line, int Column, string Message)? BadDirective(string text)
    {
        var line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var l = raw.TrimEnd('\r');
            if (l.StartsWith("---", StringComparison.Ordinal))
            {
                return null;
            }

            if (l.Length == 0 || l[0] != '%')
            {
                continue;
            }

            var content = l;
            var comment = l.IndexOf(" #", StringComparison.Ordinal);
            var tabComment = l.IndexOf("\t#", StringComparison.Ordinal);
            var cut = comment < 0 ? tabComment : tabComment < 0 ? comment : Math.Min(comment, tabComment);
            if (cut >= 0)
            {
                content = l[..cut];
            }

            var parts = content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var ok = parts switch
            {
                ["%YAML", var v] => v.Length >= 3 && v[0] == '1' && v[1] == '.' && v[2..].All(char.IsAsciiDigit),
                ["%TAG", var handle, _] => handle.StartsWith('!') && handle.EndsWith('!'),
                [var other, ..] => other.Length > 1 && other is not "%YAML" and not "%TAG" && !other.Contains('#', StringComparison.Ordinal),
                _ => false,
            };
            if (!ok)
            {
                return (line, 1, "malformed directive (expected `%YAML 1.2` or `%TAG !handle! prefix`)");
            }
        }

        return null;
    }

    private static (int Line, int Column) PositionOf(ReadOnlySpan<char> before)
    {
        var line = before.Count('\n') + 1;
        var lastNewline = before.LastIndexOf('\n');
        return (line, before.Length - lastNewline);
    }
}
