using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Tests.Infrastructure;

namespace Gateway.Core.Tests.Parsing;

/// <summary>RFC 4475 torture messages, classified as the RFC says (table in sip-torture/index.tsv).</summary>
public sealed class TortureTests
{
    // Cases of RFC 4475 §3.3 whose correct answer is a 400: this parser refuses them itself (the README of the
    // test data allows it), with the error given here.
    private static readonly Dictionary<string, SipParseErrorCode> RejectedAtParseLayer = new(StringComparer.Ordinal)
    {
        ["insuf.dat"] = SipParseErrorCode.MissingHeader,
        ["multi01.dat"] = SipParseErrorCode.DuplicateHeader,
        ["mcl01.dat"] = SipParseErrorCode.BadContentLength,
    };

    // The error each invalid message of §3.1.2 must be refused with.
    private static readonly Dictionary<string, SipParseErrorCode> ExpectedErrors = new(StringComparer.Ordinal)
    {
        ["badinv01.dat"] = SipParseErrorCode.BadHeaderValue,
        ["clerr.dat"] = SipParseErrorCode.TruncatedBody,
        ["ncl.dat"] = SipParseErrorCode.BadContentLength,
        ["scalar02.dat"] = SipParseErrorCode.BadHeaderValue,
        ["scalarlg.dat"] = SipParseErrorCode.BadHeaderValue,
        ["quotbal.dat"] = SipParseErrorCode.BadHeaderValue,
        ["ltgtruri.dat"] = SipParseErrorCode.BadRequestUri,
        ["lwsruri.dat"] = SipParseErrorCode.BadRequestLine,
        ["lwsstart.dat"] = SipParseErrorCode.BadRequestLine,
        ["trws.dat"] = SipParseErrorCode.BadRequestLine,
        ["escruri.dat"] = SipParseErrorCode.BadRequestUri,
        ["baddate.dat"] = SipParseErrorCode.BadHeaderValue,
        ["regbadct.dat"] = SipParseErrorCode.BadHeaderValue,
        ["badaspec.dat"] = SipParseErrorCode.BadHeaderValue,
        ["baddn.dat"] = SipParseErrorCode.HeadersNotTerminated,
        ["badvers.dat"] = SipParseErrorCode.UnsupportedVersion,
        ["mismatch01.dat"] = SipParseErrorCode.CSeqMismatch,
        ["mismatch02.dat"] = SipParseErrorCode.CSeqMismatch,
        ["bigcode.dat"] = SipParseErrorCode.BadStatusLine,
        ["test.dat"] = SipParseErrorCode.BadRequestLine,
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        var lines = Encoding.UTF8.GetString(TestData.Read("sip-torture", "index.tsv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines.Skip(1))
        {
            var columns = line.TrimEnd('\r').Split('\t');
            data.Add(columns[0], columns[2]);
        }

        return data;
    }

    [Fact]
    public void Index_ListsEveryArchiveFile()
    {
        var files = Directory.GetFiles(TestData.PathOf("sip-torture"), "*.dat").Select(Path.GetFileName).Order().ToArray();
        var indexed = Cases().Select(row => (string)row[0]).Order().ToArray();
        Assert.Equal(50, files.Length);
        Assert.Equal(files, indexed);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_TortureMessage_ClassifiedAsRfc4475Says(string file, string expected)
    {
        var bytes = TestData.Read("sip-torture", file);
        var (result, validation) = ParseAndValidate(bytes);
        var error = result.Error.IsError ? result.Error : validation;

        if (expected == "invalid" || expected == "unclassified")
        {
            Assert.True(error.IsError, $"{file} must be refused");
            Assert.Equal(ExpectedErrors[file], error.Code);
            Assert.False(string.IsNullOrEmpty(error.ReasonPhrase));
            if (result.Message is SipRequest request && error.Code != SipParseErrorCode.HeadersNotTerminated)
            {
                // Whatever is wrong, a request that could be framed can be answered.
                var response = SipResponse.CreateFor(request, error.StatusCode, error.ReasonPhrase);
                Assert.True(SipMessageParser.Parse(response.ToArray()).Success, file + ": the error response must parse");
            }
        }
        else if (RejectedAtParseLayer.TryGetValue(file, out var code))
        {
            Assert.Equal(code, error.Code);
        }
        else
        {
            Assert.False(error.IsError, $"{file}: {error.ReasonPhrase}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Serialize_UntouchedTortureMessage_SameBytes(string file, string expected)
    {
        _ = expected;
        var bytes = TestData.Read("sip-torture", file);
        var result = SipMessageParser.Parse(bytes);
        if (result.Message is null) return;
        var written = result.Message.ToArray();

        // The message is the input minus what the parser discards: leading empty lines and octets after the body.
        var start = 0;
        while (bytes[start] is (byte)'\r' or (byte)'\n') start++;
        Assert.Equal(bytes.AsSpan(start, written.Length).ToArray(), written);
        var reparsed = SipMessageParser.Parse(written);
        Assert.Equal(result.Error.Code, reparsed.Error.Code);
    }

    internal static (SipParseResult Result, SipParseError Validation) ParseAndValidate(byte[] bytes)
    {
        var result = SipMessageParser.Parse(bytes);
        var validation = result.Message is null ? SipParseError.None : SipMessageValidator.Validate(result.Message);
        return (result, validation);
    }
}
