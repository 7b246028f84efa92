using FsCheck.Xunit;
using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Srtp;

/// <summary>Random and mutated input to unprotect never throws and never succeeds by accident.</summary>
public sealed class SrtpMutationTests : IDisposable
{
    private readonly ContextPair[] _pairs = SrtpProfile.All.Select(p => ContextPair.Create(p.Name)).ToArray();

    [Property(MaxTest = 1000)]
    public void Unprotect_RandomBytes_NeverThrowsNorSucceeds(byte[] data, bool rtcp)
    {
        foreach (var pair in _pairs)
        {
            var buffer = SrtpContextTests.WithRoom(data);
            var ok = rtcp
                ? pair.Receiver.TryUnprotectRtcp(buffer, data.Length, out var length, out var status)
                : pair.Receiver.TryUnprotectRtp(buffer, data.Length, out length, out status);
            Assert.False(ok);
            Assert.Equal(0, length);
            Assert.NotEqual(SrtpStatus.Ok, status);
        }
    }

    [Fact]
    public void Unprotect_SeededMutationsOfGenuinePackets_NeverThrowAndOnlyGenuineAccepted()
    {
        var random = new Random(3711);
        foreach (var pair in _pairs)
        {
            for (var i = 0; i < 300; i++)
            {
                var rtcp = i % 2 == 1;
                var plain = rtcp ? SrtpContextTests.RtcpPacket(random.Next(8)) : SrtpContextTests.RtpPacket((ushort)i, random.Next(200));
                var buffer = SrtpContextTests.WithRoom(plain);
                int wireLength;
                Assert.True(rtcp ? pair.Sender.TryProtectRtcp(buffer, plain.Length, out wireLength) : pair.Sender.TryProtectRtp(buffer, plain.Length, out wireLength));
                var wire = buffer.AsSpan(0, wireLength).ToArray();

                var mutated = wire.AsSpan(0, random.Next(wire.Length + 1)).ToArray();
                var changed = mutated.Length != wire.Length;
                for (var flips = random.Next(1, 3); flips > 0 && mutated.Length > 0; flips--)
                {
                    var at = random.Next(mutated.Length);
                    var value = (byte)random.Next(256);
                    changed |= mutated[at] != value;
                    mutated[at] = value;
                }

                var copy = SrtpContextTests.WithRoom(mutated);
                var ok = rtcp ? pair.Receiver.TryUnprotectRtcp(copy, mutated.Length, out _) : pair.Receiver.TryUnprotectRtp(copy, mutated.Length, out _);
                Assert.True(!ok || !changed, $"{pair.Profile} accepted a mutated packet");
            }
        }
    }

    public void Dispose()
    {
        foreach (var pair in _pairs) pair.Dispose();
    }
}
