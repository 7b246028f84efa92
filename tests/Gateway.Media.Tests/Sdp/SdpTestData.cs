using System.Security.Cryptography;

namespace Gateway.Media.Tests.Sdp;

/// <summary>Locates the shared SDP samples (<c>../shared/testdata/sdp</c> beside the repository) and reads them as bytes.</summary>
internal static class SdpTestData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The <c>testdata/sdp</c> folder.</summary>
    public static string SdpRoot => Path.Combine(RootPath.Value, "sdp");

    /// <summary>Every <c>.sdp</c> file, as a path relative to <see cref="SdpRoot"/> with forward slashes, sorted.</summary>
    public static IReadOnlyList<string> AllFiles()
    {
        var files = Directory.GetFiles(SdpRoot, "*.sdp", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(SdpRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidOperationException("No .sdp files under " + SdpRoot);
        return files;
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in AllFiles()) data.Add(file);
        return data;
    }

    public static byte[] Read(string relativePath)
    {
        var path = Path.Combine(SdpRoot, relativePath);
        if (!File.Exists(path)) throw new FileNotFoundException($"SDP sample missing: {path}");
        return File.ReadAllBytes(path);
    }

    /// <summary>The SHA-256 sums listed in <c>SHA256SUMS</c>, keyed by relative path.</summary>
    public static IReadOnlyDictionary<string, string> Checksums()
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(SdpRoot, "SHA256SUMS")))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split("  ", 2);
            sums[parts[1].TrimStart('.', '/')] = parts[0];
        }

        return sums;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Cannot find the repository root (Gateway.slnx) above " + AppContext.BaseDirectory);
        var root = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
        if (!Directory.Exists(Path.Combine(root, "sdp"))) throw new DirectoryNotFoundException($"The shared SDP test data is missing: expected it at {root}/sdp");
        return root;
    }
}
