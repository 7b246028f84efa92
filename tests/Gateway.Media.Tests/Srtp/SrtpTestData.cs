using System.Text.Json;

namespace Gateway.Media.Tests.Srtp;

/// <summary>Locates <c>../shared/testdata/srtp/vectors.json</c> beside the repository and reads its vectors.</summary>
internal static class SrtpTestData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<Dictionary<string, JsonElement>> Vectors = new(LoadVectors);

    public static string Root => RootPath.Value;

    public static IReadOnlyDictionary<string, JsonElement> All => Vectors.Value;

    public static JsonElement Vector(string id) =>
        All.TryGetValue(id, out var vector) ? vector : throw new KeyNotFoundException($"No SRTP vector '{id}' in vectors.json");

    public static IEnumerable<object[]> IdsOfType(params string[] types) =>
        All.Values.Where(v => types.Contains(v.GetProperty("type").GetString())).Select(v => new object[] { v.GetProperty("id").GetString()! });

    public static byte[] Hex(this JsonElement element, string property) => Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static uint HexUInt(this JsonElement element, string property) => Convert.ToUInt32(element.GetProperty(property).GetString(), 16);

    private static Dictionary<string, JsonElement> LoadVectors()
    {
        var path = Path.Combine(Root, "srtp", "vectors.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"SRTP vectors missing: {path}");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var vectors = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            vectors.Add(vector.GetProperty("id").GetString()!, vector.Clone());
        }

        return vectors;
    }

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
