namespace Gateway.Media.Tests.Ice;

/// <summary>Locates the shared test vectors (<c>../shared/testdata</c> beside the repository) and reads them as bytes.</summary>
internal static class IceTestData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static byte[] Read(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        if (!File.Exists(path)) throw new FileNotFoundException($"Test vector missing: {path}");
        return File.ReadAllBytes(path);
    }

    public static byte[] Stun(string name) => Read("stun", name);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Cannot find the repository root (Gateway.slnx) above " + AppContext.BaseDirectory);
        var root = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The shared test data is missing: expected it at {root}");
        return root;
    }
}
