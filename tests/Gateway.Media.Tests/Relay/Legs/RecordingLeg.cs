using System.Net;
using Gateway.Media.Relay;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>A peer leg that only records what it was asked to send.</summary>
internal sealed class RecordingLeg : IMediaLeg
{
    private int _sent;

    public IPEndPoint LocalRtpEndPoint { get; } = new(IPAddress.Loopback, 9);

    public IPEndPoint? LocalRtcpEndPoint => null;

    public IMediaLeg? Peer { get; set; }

    public int Sent => Volatile.Read(ref _sent);

    /// <summary>When set, <see cref="Send"/> holds the calling (receive) thread until it is set.</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>Set when <see cref="Send"/> is entered.</summary>
    public ManualResetEventSlim Entered { get; } = new();

    public void Configure(MediaLegSettings settings)
    {
    }

    public void Send(Span<byte> buffer, int length, bool isRtcp)
    {
        Assert.InRange(length, 1, buffer.Length - MediaLegLimits.ProtectOverhead);
        Interlocked.Increment(ref _sent);
        Entered.Set();
        Gate?.Wait(LegNet.Timeout);
    }

    public MediaLegStatistics GetStatistics() => default;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
