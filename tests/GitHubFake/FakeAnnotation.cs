namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>One check-run annotation as sent.</summary>
public sealed record FakeAnnotation(string Path, int StartLine, int EndLine, int? StartColumn, int? EndColumn, string Level, string Message, string? Title);
