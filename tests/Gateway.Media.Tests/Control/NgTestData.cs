using System.Text;
using Gateway.Media.Control.Ng;

namespace Gateway.Media.Tests.Control;

/// <summary>
/// Locates the ng fixtures (<c>tests/Gateway.Media.Tests/Control/Fixtures</c>, datagrams captured from Kamailio) and
/// the shared SDP samples (<c>../shared/testdata/sdp</c>), by walking up to the folder holding <c>Gateway.slnx</c>.
/// </summary>
internal static class NgTestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string FixturesPath => Path.Combine(Root.Value, "tests", "Gateway.Media.Tests", "Control", "Fixtures");

    public static string SharedSdpPath
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root.Value, "..", "shared", "testdata", "sdp"));
            if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"The shared SDP test data is missing: expected it at {path}");
            return path;
        }
    }

    /// <summary>A captured datagram, byte for byte.</summary>
    public static byte[] Fixture(string name)
    {
        var path = Path.Combine(FixturesPath, name);
        if (!File.Exists(path)) throw new FileNotFoundException($"ng fixture missing: {path}");
        return File.ReadAllBytes(path);
    }

    public static byte[] Sdp(string relativePath)
    {
        var path = Path.Combine(SharedSdpPath, relativePath);
        if (!File.Exists(path)) throw new FileNotFoundException($"SDP sample missing: {path}");
        return File.ReadAllBytes(path);
    }

    /// <summary>Splits <c>cookie SP dictionary</c>.</summary>
    public static (string Cookie, NgValue Dictionary) Split(byte[] datagram)
    {
        var space = Array.IndexOf(datagram, (byte)' ');
        Assert.True(space > 0, "datagram has no cookie");
        Assert.True(NgValue.TryParse(datagram.AsSpan(space + 1), out var value, out var error), error);
        Assert.Equal(NgValueKind.Dictionary, value!.Kind);
        return (Encoding.ASCII.GetString(datagram, 0, space), value);
    }

    /// <summary>A datagram for <paramref name="entries"/> (string, long, string[] values), in order.</summary>
    public static byte[] Datagram(string cookie, params (string Key, object Value)[] entries)
    {
        var buffer = new byte[65536];
        var writer = new BencodeWriter(buffer);
        writer.TryWriteStartDictionary();
        foreach (var (key, value) in entries)
        {
            writer.TryWriteKey(Encoding.UTF8.GetBytes(key));
            switch (value)
            {
                case string text:
                    writer.TryWriteString(text.AsSpan());
                    break;
                case byte[] bytes:
                    writer.TryWriteString(bytes);
                    break;
                case long number:
                    writer.TryWriteInteger(number);
                    break;
                case int number:
                    writer.TryWriteInteger(number);
                    break;
                case string[] list:
                    writer.TryWriteStartList();
                    foreach (var item in list) writer.TryWriteString(item.AsSpan());
                    writer.TryWriteEnd();
                    break;
                default:
                    throw new ArgumentException("unsupported value " + value);
            }
        }

        writer.TryWriteEnd();
        Assert.False(writer.HasFailed);
        return [.. Encoding.ASCII.GetBytes(cookie + " "), .. writer.WrittenSpan];
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Gateway.slnx) above " + AppContext.BaseDirectory);
    }
}
