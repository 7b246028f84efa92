using System.Net;
using System.Text;
using Gateway.Media.Ice;

namespace Gateway.Media.Tests.Ice;

public sealed class StunMessageTests
{
    private const string ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";
    private static readonly byte[] TransactionId = IceTestData.Hex("b7e7a701bc34d686fa87dfae");

    [Fact]
    public void TryRead_Rfc5769Section2_1_SampleRequestDecodes()
    {
        var bytes = IceTestData.Stun("rfc5769-2.1-sample-request.bin");

        Assert.True(StunMessage.TryRead(bytes, out var message, out var consumed));

        Assert.Equal(108, consumed);
        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software.Value));
        Assert.True(message.TryGetUInt32(StunAttributeType.Priority, out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetUInt64(StunAttributeType.IceControlled, out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(message.HasMessageIntegrity);
        Assert.True(message.HasFingerprint);
        Assert.False(message.HasAttribute(StunAttributeType.UseCandidate));
    }

    [Fact]
    public void CheckFingerprint_Rfc5769Section2_1_SampleRequestValid()
    {
        var bytes = IceTestData.Stun("rfc5769-2.1-sample-request.bin");
        Assert.True(StunMessage.TryRead(bytes, out var message, out _));
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
    }

    [Fact]
    public void CheckMessageIntegrity_Rfc5769Section2_1_ShortTermPasswordValid()
    {
        var bytes = IceTestData.Stun("rfc5769-2.1-sample-request.bin");
        using var credential = StunCredential.CreateShortTerm(ShortTermPassword);
        using var wrong = StunCredential.CreateShortTerm("VOkJxbRl1RmTxUk/WvJxBu");

        Assert.True(StunMessage.TryRead(bytes, out var message, out _));

        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(credential));
        Assert.Equal(StunCheckResult.Invalid, message.CheckMessageIntegrity(wrong));
        Assert.Equal(StunCheckResult.Absent, message.CheckMessageIntegritySha256(credential));
    }

    [Theory]
    [InlineData("rfc5769-2.2-sample-ipv4-response.bin", "192.0.2.1")]
    [InlineData("rfc5769-2.3-sample-ipv6-response.bin", "2001:db8:1234:5678:11:2233:4455:6677")]
    public void TryRead_Rfc5769Section2_2And2_3_ResponsesDecodeAndVerify(string file, string address)
    {
        var bytes = IceTestData.Stun(file);
        using var credential = StunCredential.CreateShortTerm(ShortTermPassword);

        Assert.True(StunMessage.TryRead(bytes, out var message, out var consumed));

        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), 32853), mapped);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("test vector", Encoding.UTF8.GetString(software.Value));
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(credential));
    }

    [Fact]
    public void CheckMessageIntegrity_Rfc5769Section2_4_LongTermCredentialValid()
    {
        var bytes = IceTestData.Stun("rfc5769-2.4-sample-request-long-term-auth.bin");
        const string username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        using var credential = StunCredential.CreateLongTerm(username, "example.org", "The\u00ADM\u00AAtr\u2168");

        Assert.True(StunMessage.TryRead(bytes, out var message, out _));

        Assert.Equal(IceTestData.Hex("e8ca7ad59d5eb0518e312911d2dab2a9"), credential.Key.ToArray());
        Assert.Equal(IceTestData.Hex("78ad3433c6ad72c029da412e"), message.TransactionId.ToArray());
        Assert.True(message.TryGetUsername(out var user));
        Assert.Equal(username, Encoding.UTF8.GetString(user));
        Assert.True(message.TryGetAttribute(StunAttributeType.Nonce, out var nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", Encoding.UTF8.GetString(nonce.Value));
        Assert.True(message.TryGetAttribute(StunAttributeType.Realm, out var realm));
        Assert.Equal("example.org", Encoding.UTF8.GetString(realm.Value));
        Assert.Equal(StunCheckResult.Absent, message.CheckFingerprint());
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(credential));
    }

    [Fact]
    public void CreateLongTerm_Rfc5769Section2_4_PreparedPasswordGivesSameKey()
    {
        using var raw = StunCredential.CreateLongTerm("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "The\u00ADM\u00AAtr\u2168");
        using var prepared = StunCredential.CreateLongTerm("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "TheMatrIX");
        Assert.Equal(prepared.Key.ToArray(), raw.Key.ToArray());
    }

    [Fact]
    public void CreateShortTerm_ProhibitedCharacter_Throws()
    {
        Assert.Throws<ArgumentException>(() => StunCredential.CreateShortTerm("abc\u0007def"));
        Assert.Throws<ArgumentException>(() => StunCredential.CreateShortTerm("abc\uE000def"));
    }

    [Fact]
    public void TryRead_EveryProperPrefix_Fails()
    {
        foreach (var file in VectorFiles)
        {
            var bytes = IceTestData.Stun(file);
            for (var n = 0; n < bytes.Length; n++)
            {
                Assert.False(StunMessage.TryRead(bytes.AsSpan(0, n), out _, out var consumed));
                Assert.Equal(0, consumed);
            }
        }
    }

    [Fact]
    public void TryRead_TrailingBytes_ConsumesOnlyTheMessage()
    {
        var bytes = IceTestData.Stun("rfc5769-2.2-sample-ipv4-response.bin");
        var longer = bytes.Concat(new byte[] { 1, 2, 3, 4 }).ToArray();

        Assert.True(StunMessage.TryRead(longer, out var message, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
        Assert.False(StunMessage.IsStun(longer));
        Assert.True(StunMessage.IsStun(bytes));
    }

    [Fact]
    public void TryRead_WrongMagicCookie_Fails()
    {
        var bytes = IceTestData.Stun("rfc5769-2.1-sample-request.bin");
        bytes[4] ^= 1;
        Assert.False(StunMessage.TryRead(bytes, out _, out _));
        Assert.False(StunMessage.IsStun(bytes));
    }

    [Fact]
    public void TryRead_TopBitsSet_Fails()
    {
        var bytes = IceTestData.Stun("rfc5769-2.1-sample-request.bin");
        bytes[0] |= 0x80;
        Assert.False(StunMessage.TryRead(bytes, out _, out _));
    }

    [Fact]
    public void TryRead_AttributeAfterFingerprint_Fails()
    {
        Span<byte> buffer = stackalloc byte[64];
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, TransactionId, out var writer));
        Assert.True(writer.TryAddFingerprint());
        var bytes = writer.WrittenSpan.ToArray();
        // Append a SOFTWARE attribute by hand after FINGERPRINT and fix the length.
        var tampered = bytes.Concat(new byte[] { 0x80, 0x22, 0x00, 0x00 }).ToArray();
        tampered[3] += 4;

        Assert.False(StunMessage.TryRead(tampered, out _, out _));
    }

    [Fact]
    public void TryRead_AttributeOverrunsMessage_Fails()
    {
        var bytes = IceTestData.Stun("rfc5769-2.2-sample-ipv4-response.bin");
        bytes[22] = 0xFF; // SOFTWARE length high byte
        Assert.False(StunMessage.TryRead(bytes, out _, out _));
    }

    [Fact]
    public void GetAttributes_AfterMessageIntegrity_OnlyFingerprintHonoured()
    {
        using var credential = StunCredential.CreateShortTerm(ShortTermPassword);
        Span<byte> buffer = stackalloc byte[128];
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, TransactionId, out var writer));
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 7));
        Assert.True(writer.TryAddMessageIntegrity(credential));
        Assert.True(writer.TryAddAttribute(StunAttributeType.UseCandidate, default));
        Assert.True(writer.TryAddFingerprint());

        Assert.True(StunMessage.TryRead(buffer[..writer.Length], out var message, out _));

        Assert.False(message.HasAttribute(StunAttributeType.UseCandidate));
        Assert.True(message.HasAttribute(StunAttributeType.Priority));
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
        // The ignored attribute is not covered by the HMAC, so integrity still holds.
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(credential));
    }

    [Fact]
    public void CheckFingerprint_OneBitFlipped_Invalid()
    {
        var bytes = IceTestData.Stun("rfc5769-2.3-sample-ipv6-response.bin");
        bytes[30] ^= 0x01;
        Assert.True(StunMessage.TryRead(bytes, out var message, out _));
        Assert.Equal(StunCheckResult.Invalid, message.CheckFingerprint());
    }

    [Fact]
    public void StunMessageType_AllMethodsAndClasses_RoundTrip()
    {
        for (var m = 0; m < 0x1000; m++)
        {
            for (var c = 0; c < 4; c++)
            {
                var type = new StunMessageType((StunMethod)m, (StunClass)c);
                Assert.True(StunMessageType.TryFromValue(type.Value, out var back));
                Assert.Equal((StunMethod)m, back.Method);
                Assert.Equal((StunClass)c, back.Class);
            }
        }

        Assert.Equal(0x0001, StunMessageType.BindingRequest.Value);
        Assert.Equal(0x0011, StunMessageType.BindingIndication.Value);
        Assert.Equal(0x0101, StunMessageType.BindingSuccess.Value);
        Assert.Equal(0x0111, StunMessageType.BindingError.Value);
        Assert.False(StunMessageType.TryFromValue(0x4001, out _));
    }

    internal static readonly string[] VectorFiles =
    [
        "rfc5769-2.1-sample-request.bin",
        "rfc5769-2.2-sample-ipv4-response.bin",
        "rfc5769-2.3-sample-ipv6-response.bin",
        "rfc5769-2.4-sample-request-long-term-auth.bin",
    ];
}
