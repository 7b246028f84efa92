using System.Net;
using System.Text;
using Gateway.Media.Ice;

namespace Gateway.Media.Tests.Ice;

public sealed class StunMessageWriterTests
{
    private const string ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";
    private static readonly byte[] TransactionId = IceTestData.Hex("b7e7a701bc34d686fa87dfae");

    [Fact]
    public void TryAdd_Rfc5769Section2_1_SameInputsReproduceVectorBytes()
    {
        var expected = IceTestData.Stun("rfc5769-2.1-sample-request.bin");
        using var credential = StunCredential.CreateShortTerm(ShortTermPassword);
        var buffer = new byte[256];

        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, TransactionId, out var writer));
        writer.PaddingByte = 0x20; // RFC 5769 pads with spaces
        Assert.True(writer.TryAddAttribute(StunAttributeType.Software, "STUN test client"u8));
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 0x6e0001ff));
        Assert.True(writer.TryAddUInt64(StunAttributeType.IceControlled, 0x932ff9b151263b36));
        Assert.True(writer.TryAddAttribute(StunAttributeType.Username, "evtj:h6vY"u8));
        Assert.True(writer.TryAddMessageIntegrity(credential));
        Assert.True(writer.TryAddFingerprint());

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("rfc5769-2.2-sample-ipv4-response.bin", "192.0.2.1")]
    [InlineData("rfc5769-2.3-sample-ipv6-response.bin", "2001:db8:1234:5678:11:2233:4455:6677")]
    public void TryAdd_Rfc5769Section2_2And2_3_SameInputsReproduceVectorBytes(string file, string address)
    {
        var expected = IceTestData.Stun(file);
        using var credential = StunCredential.CreateShortTerm(ShortTermPassword);
        var buffer = new byte[256];

        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingSuccess, TransactionId, out var writer));
        writer.PaddingByte = 0x20;
        Assert.True(writer.TryAddAttribute(StunAttributeType.Software, "test vector"u8));
        Assert.True(writer.TryAddXorMappedAddress(new IPEndPoint(IPAddress.Parse(address), 32853)));
        Assert.True(writer.TryAddMessageIntegrity(credential));
        Assert.True(writer.TryAddFingerprint());

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void TryAdd_Rfc5769Section2_4_SameInputsReproduceVectorBytes()
    {
        var expected = IceTestData.Stun("rfc5769-2.4-sample-request-long-term-auth.bin");
        const string username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        using var credential = StunCredential.CreateLongTerm(username, "example.org", "The\u00ADM\u00AAtr\u2168");
        var buffer = new byte[256];

        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, IceTestData.Hex("78ad3433c6ad72c029da412e"), out var writer));
        // this vector pads with zeros, the default
        Assert.True(writer.TryAddAttribute(StunAttributeType.Username, Encoding.UTF8.GetBytes(username)));
        Assert.True(writer.TryAddAttribute(StunAttributeType.Nonce, "f//499k954d6OL34oL9FSTvy64sA"u8));
        Assert.True(writer.TryAddAttribute(StunAttributeType.Realm, "example.org"u8));
        Assert.True(writer.TryAddMessageIntegrity(credential));

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void TryAdd_ErrorCodeAndUnknownAttributes_RoundTrip()
    {
        var buffer = new byte[256];
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingError, TransactionId, out var writer));
        Assert.True(writer.TryAddErrorCode(420, "Unknown Attribute"u8));
        Assert.True(writer.TryAddUnknownAttributes([0x0042, 0x7FFF, 0x0013]));
        Assert.True(writer.TryAddFingerprint());

        Assert.True(StunMessage.TryRead(buffer.AsSpan(0, writer.Length), out var message, out _));
        Assert.True(message.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(420, code);
        Assert.Equal("Unknown Attribute", Encoding.UTF8.GetString(reason));
        Span<ushort> types = stackalloc ushort[8];
        Assert.True(message.TryGetUnknownAttributes(types, out var count));
        Assert.Equal(new ushort[] { 0x0042, 0x7FFF, 0x0013 }, types[..count].ToArray());
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
    }

    [Theory]
    [InlineData(299)]
    [InlineData(700)]
    public void TryAddErrorCode_OutOfRange_Fails(int code)
    {
        var buffer = new byte[64];
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingError, TransactionId, out var writer));
        Assert.False(writer.TryAddErrorCode(code, "x"u8));
    }

    [Fact]
    public void TryAddMessageIntegritySha256_RoundTrip_Valid()
    {
        using var credential = StunCredential.CreateShortTerm(ShortTermPassword);
        using var other = StunCredential.CreateShortTerm("another-password-of-22c");
        var buffer = new byte[256];
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, TransactionId, out var writer));
        Assert.True(writer.TryAddAttribute(StunAttributeType.Username, "a:b"u8));
        Assert.True(writer.TryAddMessageIntegrity(credential));
        Assert.True(writer.TryAddMessageIntegritySha256(credential));
        Assert.True(writer.TryAddFingerprint());

        Assert.True(StunMessage.TryRead(buffer.AsSpan(0, writer.Length), out var message, out _));
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(credential));
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegritySha256(credential));
        Assert.Equal(StunCheckResult.Invalid, message.CheckMessageIntegritySha256(other));
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
    }

    [Fact]
    public void TryAddXorMappedAddress_IPv4MappedIPv6_WrittenAsIPv4()
    {
        var buffer = new byte[64];
        var source = new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.7"), 40000);
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingSuccess, TransactionId, out var writer));
        Assert.True(writer.TryAddXorMappedAddress(source));
        Assert.True(writer.TryAddMappedAddress(source));

        Assert.Equal(20 + 12 + 12, writer.Length);
        Assert.True(StunMessage.TryRead(buffer.AsSpan(0, writer.Length), out var message, out _));
        Assert.True(message.TryGetXorMappedAddress(out var xorMapped));
        Assert.True(message.TryGetMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000), xorMapped);
        Assert.Equal(xorMapped, mapped);
    }

    [Fact]
    public void TryAdd_BufferTooSmall_FailsAtEverySize()
    {
        using var credential = StunCredential.CreateShortTerm(ShortTermPassword);
        var full = Build(new byte[256], credential);
        for (var size = 0; size < full; size++)
        {
            var buffer = new byte[size];
            Assert.Equal(-1, Build(buffer, credential));
        }
    }

    [Fact]
    public void TryAddAttribute_AfterFingerprint_Fails()
    {
        var buffer = new byte[64];
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, TransactionId, out var writer));
        Assert.True(writer.TryAddFingerprint());
        Assert.False(writer.TryAddAttribute(StunAttributeType.Software, "x"u8));
        Assert.False(writer.TryAddFingerprint());
    }

    [Fact]
    public void TryCreate_WrongTransactionIdLength_Fails()
    {
        var buffer = new byte[64];
        Assert.False(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, new byte[11], out _));
    }

    private static int Build(byte[] buffer, StunCredential credential)
    {
        if (!StunMessageWriter.TryCreate(buffer, StunMessageType.BindingSuccess, TransactionId, out var writer)) return -1;
        if (!writer.TryAddXorMappedAddress(new IPEndPoint(IPAddress.IPv6Loopback, 9))) return -1;
        if (!writer.TryAddAttribute(StunAttributeType.Software, "gw"u8)) return -1;
        if (!writer.TryAddMessageIntegrity(credential)) return -1;
        if (!writer.TryAddFingerprint()) return -1;
        return writer.Length;
    }
}
