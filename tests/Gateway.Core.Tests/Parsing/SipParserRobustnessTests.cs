using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using TestData = Gateway.Core.Tests.Infrastructure.TestData;

namespace Gateway.Core.Tests.Parsing;

/// <summary>
/// Mutation and property tests: whatever bytes arrive, parsing, validation, typed access and serialisation return
/// normally (no exception, no hang), and messages built in code survive a write/parse round trip.
/// </summary>
public sealed class SipParserRobustnessTests
{
    private static readonly byte[] Interesting = "\r\n \t:;,<>\"\\%09@[]=?/"u8.ToArray().Concat(new byte[] { 0, 0x7F, 0x80, 0xFF }).ToArray();

    private static List<byte[]> Corpus()
    {
        var files = Directory.GetFiles(TestData.PathOf("sip-torture"), "*.dat")
            .Concat(Directory.GetFiles(TestData.PathOf("sip-torture-ipv6", "wire"), "*.sip"))
            .Concat(Directory.GetFiles(TestData.PathOf("sip-ws"), "*.sip"));
        return files.Select(File.ReadAllBytes).ToList();
    }

    [Fact]
    public void Parse_HundredThousandMutatedInputs_NeverThrows()
    {
        var corpus = Corpus();
        var random = new Random(4475);
        var parsed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var input = Mutate(corpus[random.Next(corpus.Count)], random);
            if (Exercise(input)) parsed++;
        }

        // The mutations must leave a good share parseable, or the test would only exercise the first line.
        Assert.InRange(parsed, 10_000, 100_000);
    }

    [Fact]
    public void ParseFramed_EveryTruncation_NeverThrows()
    {
        foreach (var message in Corpus())
        {
            for (var n = 0; n <= message.Length; n += 7)
            {
                var result = SipMessageParser.ParseFramed(message.AsMemory(0, n));
                if (result.Message is not null) Exercise(result.Message.ToArray());
            }
        }
    }

    [Property(MaxTest = 300)]
    public Property BuiltRequest_WriteThenParse_Equal()
    {
        var token = Gen.Elements("alpha", "x-Custom", "P-Hint", "Foo.Bar", "a1", "X-Long-Header-Name-With-Dashes", "Subject", "User-Agent", "X-Any");
        var value = Gen.Elements("", "plain", "two words", "quoted \"x\" here", "a;b=c", "<sip:a@b>;tag=1", "\u00e9t\u00e9 utf-8", "  padded", "1, 2, 3");
        var headers = Gen.ListOf(Gen.Zip(token, value));
        var body = Gen.Elements("", "v=0\r\n", "hello world", "x\r\n\r\ny");
        var spec = Gen.Zip(headers, body);
        return Prop.ForAll(spec.ToArbitrary(), s =>
        {
            var (fields, text) = s;
            var request = new SipRequest(SipMethod.Message, Gateway.Core.Uris.SipUri.Parse("sip:bob@example.com"));
            request.PushVia(new Gateway.Core.Headers.SipVia("UDP", "192.0.2.1", 5060, "z9hG4bKprop"));
            request.Headers.Add("From", "<sip:alice@example.com>;tag=1");
            request.Headers.Add("To", "<sip:bob@example.com>");
            request.Headers.Add("Call-ID", "prop@test");
            request.Headers.Add("CSeq", "1 MESSAGE");
            foreach (var (name, v) in fields) request.Headers.Add(name, v);
            request.SetBody(Encoding.UTF8.GetBytes(text), "text/plain");

            var bytes = request.ToArray();
            var result = SipMessageParser.Parse(bytes);
            if (!result.Success || SipMessageValidator.Validate(result.Message!).IsError) return false;
            var again = result.Message!;
            if (again.Headers.Count != request.Headers.Count) return false;
            for (var i = 0; i < again.Headers.Count; i++)
            {
                if (again.Headers[i].Name != request.Headers[i].Name || again.Headers[i].Value != request.Headers[i].Value.Trim()) return false;
            }

            return again.Body.Span.SequenceEqual(request.Body.Span) && again.ToArray().AsSpan().SequenceEqual(bytes);
        });
    }

    /// <summary>Runs everything a server does with a datagram; returns whether it framed a message.</summary>
    private static bool Exercise(byte[] input)
    {
        var result = SipMessageParser.Parse(input);
        var message = result.Message;
        if (message is null) return false;
        _ = SipMessageValidator.Validate(message);
        _ = message.CallId;
        _ = message.CSeq;
        _ = message.From;
        _ = message.To;
        _ = message.MaxForwards;
        _ = message.Expires;
        _ = message.TopVia;
        _ = message.TryGetContacts(out _);
        _ = message.TryGetRoutes(out _);
        if (message is SipRequest request)
        {
            _ = request.TryGetRequestUri(out _);
            if (!result.Error.IsError) _ = SipResponse.CreateFor(request, 400, result.Error.ReasonPhrase).ToArray();
        }

        foreach (var header in message.Headers) _ = header.Value;
        var written = message.ToArray();
        _ = SipMessageParser.Parse(written);
        return true;
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = new List<byte>(source);
        var mutations = random.Next(1, 5);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 1: bytes.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                case 2: bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at)); break;
                case 3:
                    var length = Math.Min(random.Next(1, 64), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4: bytes[at] = (byte)random.Next(256); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }
}
