using System.Text;
using Gateway.Core.Uris;

namespace Gateway.Core.Tests.Uris;

/// <summary>
/// Runs the URI and name-addr parsers over every RFC 4475 / RFC 5118 message in the shared test data: each Request-URI
/// and each To/From/Contact/Route/Record-Route value must parse, except the ones the RFCs call invalid.
/// </summary>
public sealed class SipUriTortureCorpusTests
{
    // (file, header) pairs whose value is invalid by design.
    private static readonly HashSet<string> InvalidHeaders = new(StringComparer.Ordinal)
    {
        "quotbal.dat/To",
        "badaspec.dat/To",
        "baddn.dat/From",
        "baddn.dat/To",
        "regbadct.dat/Contact",
        "badinv01.dat/Contact",
        "test.dat/To", // unclassified archive file: "alan@jasomi.com" has no scheme
        "test.dat/From",
    };

    private static readonly HashSet<string> InvalidRequestUris = new(StringComparer.Ordinal)
    {
        "ltgtruri.dat",
        "ipv6-bad.sip",
    };

    [Fact]
    public void Rfc4475AndRfc5118_AddressHeadersAndRequestUris_ParseAsExpected()
    {
        var root = FindTestData();
        var files = new List<string>();
        files.AddRange(Directory.GetFiles(Path.Combine(root, "sip-torture"), "*.dat"));
        files.AddRange(Directory.GetFiles(Path.Combine(root, "sip-torture-ipv6", "wire"), "*.sip"));
        Assert.True(files.Count >= 60, "expected the RFC 4475 and RFC 5118 messages under " + root);

        var checkedValues = 0;
        var failures = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var text = Encoding.Latin1.GetString(File.ReadAllBytes(file));
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var head = headerEnd >= 0 ? text[..headerEnd] : text;
            var lines = Unfold(head);

            var requestLine = lines[0].Split(' ');
            if (requestLine.Length == 3 && requestLine[2].StartsWith("SIP/", StringComparison.Ordinal)
                && !requestLine[0].StartsWith("SIP/", StringComparison.Ordinal))
            {
                var ok = SipUri.TryParse(requestLine[1], out _);
                if (ok == InvalidRequestUris.Contains(name)) failures.Add(name + " request-URI " + requestLine[1]);
                checkedValues++;
            }

            for (var i = 1; i < lines.Count; i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0) continue;
                var header = Canonical(lines[i][..colon].Trim());
                if (header is null) continue;
                var value = lines[i][(colon + 1)..];
                if (header == "Contact" && value.Trim() == "*") continue;
                var ok = SipNameAddress.TryParseList(value, []);
                if (ok == InvalidHeaders.Contains(name + "/" + header)) failures.Add(name + " " + header + ":" + value);
                checkedValues++;
            }
        }

        Assert.Empty(failures);
        Assert.True(checkedValues > 200, checkedValues.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string? Canonical(string name) => name.ToUpperInvariant() switch
    {
        "TO" or "T" => "To",
        "FROM" or "F" => "From",
        "CONTACT" or "M" => "Contact",
        "ROUTE" => "Route",
        "RECORD-ROUTE" => "Record-Route",
        _ => null,
    };

    // Joins continuation lines (CRLF followed by SP/HT) to the line before, keeping the whitespace.
    private static List<string> Unfold(string head)
    {
        var lines = new List<string>();
        foreach (var line in head.Split("\r\n"))
        {
            if (lines.Count > 0 && line.Length > 0 && line[0] is ' ' or '\t')
            {
                lines[^1] += " " + line;
            }
            else
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static string FindTestData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.slnx"))) dir = dir.Parent;
        Assert.True(dir is not null, "Gateway.slnx not found above " + AppContext.BaseDirectory);
        var path = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "testdata"));
        Assert.True(Directory.Exists(path), "Test data missing: " + path);
        return path;
    }
}
