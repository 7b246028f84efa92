using System.Net;
using FsCheck.Xunit;
using Gateway.Media.Ice;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Ice;

public sealed class StunFuzzTests
{
    private static readonly IceCredentials Local = new("LoCa", "localpasswordlocalpass1");
    private static readonly IceCredentials Remote = new("ReMo", "remotepasswordremotepa2");

    [Property(MaxTest = 2000)]
    public void TryRead_RandomBytes_NeverThrows(byte[] data) => Exercise(data);

    [Property(MaxTest = 2000)]
    public void TryRead_RandomBodyBehindValidHeader_NeverThrows(byte[] body, ushort type)
    {
        // A valid header in front of random attributes reaches the attribute walker instead of failing early.
        var length = body.Length & ~3;
        var packet = new byte[20 + length];
        packet[0] = (byte)((type >> 8) & 0x3F);
        packet[1] = (byte)type;
        packet[2] = (byte)(length >> 8);
        packet[3] = (byte)length;
        packet[4] = 0x21; packet[5] = 0x12; packet[6] = 0xA4; packet[7] = 0x42;
        body.AsSpan(0, length).CopyTo(packet.AsSpan(20));
        Exercise(packet);
    }

    [Fact]
    public void TryRead_MutatedVectors_NeverThrow()
    {
        var random = new Random(5769);
        foreach (var file in StunMessageTests.VectorFiles)
        {
            var original = IceTestData.Stun(file);
            for (var i = 0; i < 3000; i++)
            {
                var mutated = Mutate(original, random);
                Exercise(mutated);
            }
        }
    }

    [Fact]
    public void HandleStunRequest_EverySingleByteFlipOfAValidCheck_NeverAnswered()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var check = IceLiteAgentTests.Check.Build(useCandidate: true);
        var response = new byte[512];
        for (var i = 0; i < check.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var mutated = (byte[])check.Clone();
                mutated[i] ^= (byte)(1 << bit);
                var result = agent.HandleStunRequest(mutated, new IPEndPoint(IPAddress.Loopback, 9), response, out _);
                // Flipping the FINGERPRINT type turns it into an unknown attribute after MESSAGE-INTEGRITY, which
                // RFC 8489 §14.5 says to ignore: the (authentic) check is then rightly answered without a fingerprint.
                var inFingerprintType = i >= check.Length - 8 && i < check.Length - 6;
                Assert.True(inFingerprintType || result != IceCheckResult.Answered, $"byte {i} bit {bit}");
            }
        }
    }

    [Fact]
    public void HandleStunRequest_MutatedChecks_NeverThrow()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var check = IceLiteAgentTests.Check.Build(useCandidate: true);
        var random = new Random(8445);
        var response = new byte[512];
        for (var i = 0; i < 5000; i++)
        {
            var mutated = Mutate(check, random);
            agent.HandleStunRequest(mutated, new IPEndPoint(IPAddress.Loopback, 9), response, out var length);
            Assert.InRange(length, 0, response.Length);
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                data[random.Next(data.Length)] = (byte)random.Next(256);
                break;
            case 1:
                for (var k = random.Next(1, 8); k > 0; k--) data[random.Next(data.Length)] ^= (byte)random.Next(1, 256);
                break;
            case 2:
                // Corrupt an attribute length field somewhere after the header.
                var at = 20 + (random.Next(Math.Max(1, (data.Length - 20) / 4)) * 4) + 2;
                if (at + 1 < data.Length) { data[at] = (byte)random.Next(256); data[at + 1] = (byte)random.Next(256); }
                break;
            default:
                Array.Resize(ref data, random.Next(data.Length + 8));
                break;
        }

        return data;
    }

    private static void Exercise(byte[] data)
    {
        using var credential = StunCredential.CreateShortTerm("VOkJxbRl1RmTxUk/WvJxBt");
        _ = StunMessage.IsStun(data);
        if (!StunMessage.TryRead(data, out var message, out var consumed)) return;
        Assert.InRange(consumed, 20, data.Length);
        foreach (var attribute in message.GetAttributes())
        {
            Assert.InRange(attribute.Offset, 20, consumed - 4);
        }

        message.TryGetUsername(out _);
        message.TryGetXorMappedAddress(out _);
        message.TryGetMappedAddress(out _);
        message.TryGetErrorCode(out _, out _);
        message.TryGetUnknownAttributes(stackalloc ushort[8], out _);
        message.TryGetUInt32(StunAttributeType.Priority, out _);
        message.TryGetUInt64(StunAttributeType.IceControlling, out _);
        message.CheckFingerprint();
        message.CheckMessageIntegrity(credential);
        message.CheckMessageIntegritySha256(credential);

        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        agent.HandleStunRequest(data, new IPEndPoint(IPAddress.Loopback, 9), new byte[1024], out _);
    }
}
