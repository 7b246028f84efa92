using System.Text;
using FsCheck.Xunit;
using Gateway.Core.Uris;

namespace Gateway.Core.Tests.Uris;

public sealed class SipUriFuzzTests
{
    private static readonly string[] UriSeeds =
    [
        "sip:alice@atlanta.com",
        "sip:alice:secretword@atlanta.com;transport=tcp",
        "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:+1-212-555-1212:1234@gateway.com;user=phone",
        "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
        "sip:alice;day=tuesday@atlanta.com",
        "sip:user;par=u%40example.net@example.com",
        "sip:sips%3Auser%40example.com@example.net",
        "sip:null-%00-null@example.com",
        "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31",
        "sip:[2001:db8::10]:5070",
        "sip:user@[2001:db8:::192.0.2.1]",
        "sip:ted@[::ffff:192.0.2.2];maddr=[2001:db8::1]",
        "tel:863-1234;phone-context=+1-914-555",
        "nobodyKnowsThisScheme:totallyopaquecontent",
        "soap.beep://192.0.2.103:3002",
    ];

    private static readonly string[] NameAddressSeeds =
    [
        "\"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423",
        "Bob Smith <sip:bob@biloxi.com>;tag=a6c85cf",
        "sip:+19725552222@gw1.example.net;unknownparam",
        "<sip:user@example.com?Route=%3Csip:sip.example.com%3E>",
        "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8",
        "<sip:alice@192.0.2.5:5060;transport=ws;ob>;expires=3600;q=0.7;+sip.instance=\"<urn:uuid:1>\";reg-id=1",
        "caller<sip:caller@example.com>;tag=323, <tel:+1234>",
    ];

    private const string Alphabet = "sip:@;?&=%[]<>\",\\ \t\r\n.:0123456789abcdefABCDEF+-_~!*'()/$#\0\u00e9\u20ac\ud800";

    [Property(MaxTest = 2000)]
    public void TryParse_AnyString_NeverThrows(string? text)
    {
        text ??= string.Empty;
        CheckUri(text);
        CheckNameAddress(text);
        CheckUri("sip:" + text);
        CheckUri("sip:" + text + "@example.com");
        CheckNameAddress("<sip:" + text + ">");
        CheckNameAddress("\"" + text + "\" <sip:a@b.com>;p=" + text);
    }

    [Fact]
    public void TryParse_MutatedValidInputs_NeverThrowsAndRoundTrips()
    {
        var random = new Random(4475);
        var builder = new StringBuilder();
        for (var round = 0; round < 20000; round++)
        {
            var seeds = round % 2 == 0 ? UriSeeds : NameAddressSeeds;
            builder.Clear().Append(seeds[random.Next(seeds.Length)]);
            var edits = random.Next(1, 4);
            for (var e = 0; e < edits; e++)
            {
                var at = random.Next(builder.Length + 1);
                var c = Alphabet[random.Next(Alphabet.Length)];
                switch (random.Next(3))
                {
                    case 0:
                        builder.Insert(at, c);
                        break;
                    case 1:
                        if (at < builder.Length) builder.Remove(at, 1);
                        break;
                    default:
                        if (at < builder.Length) builder[at] = c;
                        break;
                }
            }

            var text = builder.ToString();
            CheckUri(text);
            CheckNameAddress(text);
        }
    }

    [Fact]
    public void TryParse_Seeds_AreValid()
    {
        foreach (var seed in UriSeeds) Assert.True(SipUri.TryParse(seed, out _), seed);
        foreach (var seed in NameAddressSeeds) Assert.True(SipNameAddress.TryParseList(seed, []), seed);
    }

    // Parsing never throws; whatever parses serialises back to the input, and a forced re-serialisation reparses to
    // an equal value.
    private static void CheckUri(string text)
    {
        if (!SipUri.TryParse(text, out var uri)) return;
        Assert.Equal(text, uri!.ToString());
        if (uri.Scheme is SipUriScheme.Sip or SipUriScheme.Sips)
        {
            uri.Port = uri.Port; // forces re-serialisation
            var rebuilt = uri.ToString();
            Assert.True(SipUri.TryParse(rebuilt, out var again), rebuilt);
            Assert.Equal(uri, again);
            Assert.Equal(uri.GetHashCode(), again!.GetHashCode());
            Assert.Equal(uri.User, again.User);
            Assert.Equal(uri.Password, again.Password);
        }
    }

    private static void CheckNameAddress(string text)
    {
        var list = new List<SipNameAddress>();
        SipNameAddress.TryParseList(text, list);
        if (!SipNameAddress.TryParse(text, out var value)) return;
        Assert.Equal(text.Trim(' ', '\t', '\r', '\n'), value!.ToString());
        value.DisplayName = value.DisplayName; // forces re-serialisation
        var rebuilt = value.ToString();
        Assert.True(SipNameAddress.TryParse(rebuilt, out var again), rebuilt);
        Assert.Equal(value.DisplayName, again!.DisplayName);
        Assert.Equal(value.Uri, again.Uri);
        Assert.Equal(value.Parameters.Count, again.Parameters.Count);
    }
}
