using System.Buffers;
using System.Text;
using Gateway.Core.Parsing;
using Gateway.Core.Tests.Infrastructure;

namespace Gateway.Core.Tests.Parsing;

public sealed class SipStreamFramerTests
{
    private static readonly byte[] Invite = TestData.Read("sip-ws", "03-invite-browser-to-proxy.sip");
    private static readonly byte[] Register = TestData.Read("sip-ws", "01-register-browser-to-proxy.sip");

    [Fact]
    public void TryFrame_WholeMessage_FramesExactlyIt()
    {
        var buffer = new ReadOnlySequence<byte>(Invite);
        Assert.Equal(SipFrameKind.Message, SipStreamFramer.TryFrame(buffer, SipParserOptions.Default, out var length, out _));
        Assert.Equal(Invite.Length, length);
        Assert.True(SipMessageParser.ParseFramed(buffer.Slice(0, length).ToArray()).Success);
    }

    [Fact]
    public void TryFrame_EveryPrefix_IncompleteAndConsumesNothing()
    {
        for (var n = 0; n < Invite.Length; n++)
        {
            var kind = SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(Invite, 0, n), SipParserOptions.Default, out var length, out _);
            Assert.True(kind == SipFrameKind.Incomplete, $"prefix {n}: {kind}");
            Assert.Equal(0, length);
        }
    }

    [Fact]
    public void TryFrame_SplitAtEveryOffset_SameFrame()
    {
        var both = Register.Concat(Invite).ToArray();
        for (var cut = 1; cut < both.Length; cut++)
        {
            var buffer = Segments.Split(both, cut);
            Assert.Equal(SipFrameKind.Message, SipStreamFramer.TryFrame(buffer, SipParserOptions.Default, out var first, out _));
            Assert.Equal(Register.Length, first);
            var rest = buffer.Slice(first);
            Assert.Equal(SipFrameKind.Message, SipStreamFramer.TryFrame(rest, SipParserOptions.Default, out var second, out _));
            Assert.Equal(Invite.Length, second);
        }
    }

    [Fact]
    public void TryFrame_ThreeSegmentsAroundHeaderEnd_Frames()
    {
        var end = Invite.AsSpan().IndexOf("\r\n\r\n"u8);
        for (var a = end - 3; a <= end + 4; a++)
        {
            var buffer = Segments.Split(Invite, a, a + 1, a + 2);
            Assert.Equal(SipFrameKind.Message, SipStreamFramer.TryFrame(buffer, SipParserOptions.Default, out var length, out _));
            Assert.Equal(Invite.Length, length);
        }
    }

    [Fact]
    public void TryFrame_DoubleCrlf_IsKeepAlivePing()
    {
        var buffer = new ReadOnlySequence<byte>("\r\n\r\nREGISTER"u8.ToArray());
        Assert.Equal(SipFrameKind.KeepAlivePing, SipStreamFramer.TryFrame(buffer, SipParserOptions.Default, out var length, out _));
        Assert.Equal(4, length);
    }

    [Fact]
    public void TryFrame_SingleCrlfThenMessage_IsPong()
    {
        var buffer = new ReadOnlySequence<byte>([.. "\r\n"u8, .. Register]);
        Assert.Equal(SipFrameKind.KeepAlivePong, SipStreamFramer.TryFrame(buffer, SipParserOptions.Default, out var length, out _));
        Assert.Equal(2, length);
        Assert.Equal(SipFrameKind.Message, SipStreamFramer.TryFrame(buffer.Slice(length), SipParserOptions.Default, out var next, out _));
        Assert.Equal(Register.Length, next);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r")]
    public void TryFrame_PartialPing_Incomplete(string text)
    {
        Assert.Equal(SipFrameKind.Incomplete, SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), SipParserOptions.Default, out _, out _));
    }

    [Fact]
    public void TryFrame_CompactContentLength_Honoured()
    {
        var text = "MESSAGE sip:a@b SIP/2.0\r\nv: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl:  5\r\n\r\nhelloEXTRA";
        Assert.Equal(SipFrameKind.Message, SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), SipParserOptions.Default, out var length, out _));
        Assert.Equal(text.Length - 5, length);
    }

    [Theory]
    [InlineData("Content-Length: -3")]
    [InlineData("Content-Length: x")]
    [InlineData("Content-Length: 3\r\nl: 4")]
    public void TryFrame_BadContentLength_Error(string header)
    {
        var text = "OPTIONS sip:a@b SIP/2.0\r\n" + header + "\r\n\r\nabcd";
        Assert.Equal(SipFrameKind.Error, SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), SipParserOptions.Default, out _, out var error));
        Assert.Equal(SipParseErrorCode.BadContentLength, error.Code);
    }

    [Fact]
    public void TryFrame_HeaderSectionOverLimit_Error()
    {
        var options = new SipParserOptions { MaxHeaderSectionSize = 256 };
        var text = "OPTIONS sip:a@b SIP/2.0\r\nX: " + new string('a', 300);
        Assert.Equal(SipFrameKind.Error, SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), options, out _, out var error));
        Assert.Equal(SipParseErrorCode.HeadersTooLarge, error.Code);
    }

    [Fact]
    public void TryFrame_BodyOverMessageLimit_Error()
    {
        var options = new SipParserOptions { MaxMessageSize = 1000, MaxHeaderSectionSize = 500 };
        var text = "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n";
        Assert.Equal(SipFrameKind.Error, SipStreamFramer.TryFrame(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), options, out _, out var error));
        Assert.Equal(SipParseErrorCode.MessageTooLarge, error.Code);
    }
}
