using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using McpSaas.Schema.Collections;
using McpSaas.Schema.Manifests;

namespace McpSaas.Schema.Loading;

/// <summary>
/// Loaded manifests by content key (a git blob id: the reconciler keys by the blob id git already has;
/// <see cref="BlobId"/> computes the same id for bytes read from disk) and options. Thread-safe; bounded
/// (oldest entries are dropped first). A hit for the same content at another path gets that path.
/// </summary>
public sealed class ManifestCache(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<(string Key, ManifestLoadOptions Options), ManifestFile> _entries = new();
    private readonly ConcurrentQueue<(string, ManifestLoadOptions)> _order = new();
    private long _hits;
    private long _misses;

    public int Count => _entries.Count;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The git blob id (SHA-1 of <c>"blob {length}\0"</c> + content, lowercase hex) of some bytes.</summary>
    public static string BlobId(ReadOnlySpan<byte> content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(header);
        sha.AppendData(content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The cached result, without loading: lets a caller skip reading content it already parsed.</summary>
    public bool TryGet(string key, string path, ManifestLoadOptions? options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ManifestFile? file)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_entries.TryGetValue((key, options ?? ManifestLoadOptions.Default), out var hit))
        {
            Interlocked.Increment(ref _hits);
            file = hit.Path == path ? hit : Rebase(hit, path);
            return true;
        }

        file = null;
        return false;
    }

    /// <summary>The cached result for <paramref name="key"/>, or the loaded one (then cached).</summary>
    /// <param name="key">Content key, e.g. the git blob id; must change whenever the content does.</param>
    public ManifestFile GetOrLoad(string key, string path, ReadOnlySpan<byte> content, ManifestLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        options ??= ManifestLoadOptions.Default;
        if (_entries.TryGetValue((key, options), out var hit))
        {
            Interlocked.Increment(ref _hits);
            return hit.Path == path ? hit : Rebase(hit, path);
        }

        Interlocked.Increment(ref _misses);
        var file = ManifestLoader.Load(path, content, options);
        if (_entries.TryAdd((key, options), file))
        {
            _order.Enqueue((key, options));
            while (_entries.Count > capacity && _order.TryDequeue(out var old))
            {
                _entries.TryRemove(old, out _);
            }
        }

        return file;
    }

    /// <summary>Keyed by <see cref="BlobId"/> of the content.</summary>
    public ManifestFile GetOrLoad(string path, ReadOnlySpan<byte> content, ManifestLoadOptions? options = null) =>
        GetOrLoad(BlobId(content), path, content, options);

    private static ManifestFile Rebase(ManifestFile file, string path) => file with
    {
        Path = path,
        FileDiagnostics = file.FileDiagnostics.Select(d => d with { Path = path }).ToValueArray(),
        Documents = file.Documents.Select(doc => doc with { Diagnostics = doc.Diagnostics.Select(d => d with { Path = path }).ToValueArray() }).ToValueArray(),
    };
}
