using Gateway.Core.Messages;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Transactions;

/// <summary>A transaction layer on fake time with a recording transaction user.</summary>
internal sealed class TransactionTestHost : IDisposable
{
    /// <summary>The step fake time advances by: every timer in the tests is a multiple of it.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    public TransactionTestHost(SipTransactionOptions? options = null)
    {
        Options = options ?? new SipTransactionOptions();
        Layer = new SipTransactionLayer(User, Time, Options, NullLogger<SipTransactionLayer>.Instance);
    }

    public FakeTimeProvider Time { get; } = new();

    public RecordingTransactionUser User { get; } = new();

    public SipTransactionOptions Options { get; }

    public SipTransactionLayer Layer { get; }

    public TimedFlow Flow(SipTransportKind kind = SipTransportKind.Udp) => new(Time, kind);

    public RecordingClientHandler Handler() => new(Time);

    public ValueTask ReceiveAsync(SipFlow flow, SipMessage message) => Layer.OnMessageAsync(flow, message, CancellationToken.None);

    /// <summary>Advances fake time by <paramref name="duration"/> in <see cref="Step"/> increments, so timers fire on time.</summary>
    public void Advance(TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step) Time.Advance(Step);
    }

    public void Advance(double seconds) => Advance(TimeSpan.FromSeconds(seconds));

    public void Dispose() => Layer.Dispose();
}
