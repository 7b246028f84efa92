using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Tests.Infrastructure;

namespace Gateway.Core.Tests.Messages;

/// <summary>parse → serialise → parse yields an equal message, whether fields are kept raw or rewritten from strings.</summary>
public sealed class SipMessageRoundTripTests
{
    public static TheoryData<string> ValidMessages()
    {
        var data = new TheoryData<string>();
        var files = Directory.GetFiles(TestData.PathOf("sip-torture"), "*.dat")
            .Concat(Directory.GetFiles(TestData.PathOf("sip-torture-ipv6", "wire"), "*.sip"))
            .Concat(Directory.GetFiles(TestData.PathOf("sip-ws"), "*.sip"));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var result = SipMessageParser.Parse(File.ReadAllBytes(file));
            if (result.Success && !SipMessageValidator.Validate(result.Message!).IsError)
            {
                data.Add(Path.GetRelativePath(TestData.Root, file));
            }
        }

        return data;
    }

    [Fact]
    public void ValidMessages_CoverTheCorpus()
    {
        // 13 valid + badbranch + 12 of the 15 §3.3 cases + inv2543, 11 RFC 5118 messages, 8 RFC 7118 flow messages.
        Assert.Equal(46, ValidMessages().Count);
    }

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void RoundTrip_EveryFieldRewritten_ParsesEqual(string relativePath)
    {
        var original = SipMessageParser.Parse(File.ReadAllBytes(Path.Combine(TestData.Root, relativePath))).Message!;
        var rewritten = SipMessageParser.Parse(original.ToArray()).Message!;
        for (var i = 0; i < rewritten.Headers.Count; i++)
        {
            rewritten.Headers.SetValue(i, rewritten.Headers[i].Value);
        }

        if (rewritten is SipRequest request) request.RequestUri = request.RequestUri;
        else ((SipResponse)rewritten).ReasonPhrase = ((SipResponse)rewritten).ReasonPhrase;

        var reparsed = SipMessageParser.Parse(rewritten.ToArray());
        Assert.True(reparsed.Success, reparsed.Error.ReasonPhrase);
        Assert.Equal(SipParseError.None, SipMessageValidator.Validate(reparsed.Message!));
        AssertEqual(original, reparsed.Message!);
    }

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void RoundTrip_Untouched_SameBytesAndEqual(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestData.Root, relativePath));
        var original = SipMessageParser.Parse(bytes).Message!;
        var written = original.ToArray();
        var reparsed = SipMessageParser.Parse(written).Message!;
        Assert.Equal(written, reparsed.ToArray());
        AssertEqual(original, reparsed);
    }

    private static void AssertEqual(SipMessage expected, SipMessage actual)
    {
        Assert.Equal(expected.IsRequest, actual.IsRequest);
        if (expected is SipRequest request)
        {
            var other = (SipRequest)actual;
            Assert.Equal(request.Method, other.Method);
            Assert.Equal(request.RequestUri, other.RequestUri);
        }
        else
        {
            Assert.Equal(((SipResponse)expected).StatusCode, ((SipResponse)actual).StatusCode);
            Assert.Equal(((SipResponse)expected).ReasonPhrase, ((SipResponse)actual).ReasonPhrase);
        }

        Assert.Equal(expected.Headers.Count, actual.Headers.Count);
        for (var i = 0; i < expected.Headers.Count; i++)
        {
            Assert.Equal(expected.Headers[i].Id, actual.Headers[i].Id);
            Assert.Equal(expected.Headers[i].Name, actual.Headers[i].Name);
            Assert.Equal(expected.Headers[i].Value, actual.Headers[i].Value);
        }

        Assert.Equal(expected.CallId, actual.CallId);
        Assert.Equal(expected.CSeq, actual.CSeq);
        Assert.Equal(expected.From!.Uri, actual.From!.Uri);
        Assert.Equal(expected.From.Tag, actual.From.Tag);
        Assert.Equal(expected.To!.Uri, actual.To!.Uri);
        Assert.True(expected.TryGetVias(out var expectedVias));
        Assert.True(actual.TryGetVias(out var actualVias));
        Assert.Equal(expectedVias.Select(v => (v.Transport, v.SentBy, v.Branch)), actualVias.Select(v => (v.Transport, v.SentBy, v.Branch)));
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }
}
