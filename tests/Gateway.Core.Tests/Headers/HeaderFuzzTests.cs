using System.Text;
using FsCheck.Xunit;
using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class HeaderFuzzTests
{
    private static readonly string[] Seeds =
    [
        "SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw",
        "SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239",
        "SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111",
        "SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19;rport;ttl=3;maddr=h.example.com",
        "SIP/2.0/UDP 192.0.2.15;;,;,,",
        "0009\r\n  INVITE",
        "36893488147419103232 REGISTER",
        "0068",
        "application/sdp, application/pkcs7-mime,\r\n        multipart/mixed;boundary=\"x\\\"y\"",
        "Sat, 15 Oct 2005 04:44:56 GMT",
        "370 [2001:db8::1]:5060 \"In \\\"Progress\\\"\", 1812 overture \"In Progress\"",
        "nothingSupportsThis, nothingSupportsThisEither",
        " * ",
    ];

    private const string Alphabet = " \t\r\n;,=:/\"\\[]<>*.%0129aZz~";

    [Property(MaxTest = 500)]
    public void TryParse_RandomString_NeverThrows(string? input)
    {
        ParseAll(input ?? string.Empty);
    }

    [Fact]
    public void TryParse_MutatedSeeds_NeverThrowAndRoundTrip()
    {
        var random = new Random(20260126);
        var builder = new StringBuilder();
        for (var round = 0; round < 20000; round++)
        {
            builder.Clear().Append(Seeds[random.Next(Seeds.Length)]);
            var mutations = random.Next(1, 5);
            for (var m = 0; m < mutations; m++)
            {
                var position = builder.Length == 0 ? 0 : random.Next(builder.Length + 1);
                var c = random.Next(8) == 0 ? (char)random.Next(0, 0x3000) : Alphabet[random.Next(Alphabet.Length)];
                switch (random.Next(3))
                {
                    case 0:
                        builder.Insert(position, c);
                        break;
                    case 1 when position < builder.Length:
                        builder.Remove(position, 1);
                        break;
                    default:
                        if (position < builder.Length) builder[position] = c;
                        break;
                }
            }

            ParseAll(builder.ToString());
        }
    }

    private static void ParseAll(string text)
    {
        var span = text.AsSpan();
        if (SipVia.TryParse(span, out var via))
        {
            Assert.True(SipVia.TryParse(via!.ToString(), out _));
            via.Received = "192.0.2.1";
            Assert.True(SipVia.TryParse(via.ToString(), out var again));
            SipViaTests.AssertSame(via, again!);
        }

        var vias = new List<SipVia>();
        if (SipVia.TryParseList(span, vias))
        {
            foreach (var v in vias) Assert.True(SipVia.TryParse(v.ToString(), out _));
        }

        if (SipCSeq.TryParse(span, out var cseq))
        {
            Assert.True(SipCSeq.TryParse(cseq!.ToString(), out var again));
            Assert.Equal(cseq, again);
        }

        _ = SipNumericHeader.TryParseMaxForwards(span, out _);
        _ = SipNumericHeader.TryParseDeltaSeconds(span, out _);
        _ = SipNumericHeader.TryParseContentLength(span, out _);
        var bytes = Encoding.UTF8.GetBytes(text);
        _ = SipNumericHeader.TryParseMaxForwards(bytes, out _);
        _ = SipNumericHeader.TryParseDeltaSeconds(bytes, out _);
        _ = SipNumericHeader.TryParseContentLength(bytes, out _);

        var tokens = new List<string>();
        if (SipTokenList.TryParse(span, tokens))
        {
            foreach (var t in tokens) Assert.True(SipTokenList.Contains(span, t));
        }

        if (SipMediaType.TryParse(span, out var media))
        {
            Assert.True(SipMediaType.TryParse(media!.ToString(), out var again));
            Assert.Equal(media.ToString(), again!.ToString());
        }

        _ = SipMediaType.TryParseList(span, []);
        _ = SipContact.IsWildcard(span);
        if (SipDate.TryParse(span, out var date))
        {
            Assert.True(SipDate.TryParse(SipDate.Format(date), out var again));
            Assert.Equal(date, again);
        }

        if (SipWarning.TryParse(span, out var warning))
        {
            Assert.True(SipWarning.TryParse(warning!.ToString(), out var again));
            Assert.Equal(warning.Text, again!.Text);
        }

        _ = SipWarning.TryParseList(span, []);
    }
}
