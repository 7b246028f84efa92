using System.Net;
using Gateway.Core.Media;

namespace Gateway.IntegrationTests.Sample;

/// <summary>An <see cref="IMediaRelay"/> holding one session with fixed counters; records deletions.</summary>
internal sealed class FakeMediaRelay : IMediaRelay
{
    private readonly List<MediaSessionInfo> _sessions =
    [
        new MediaSessionInfo
        {
            Key = new MediaSessionKey("media-call", "from-tag", "to-tag"),
            Created = DateTimeOffset.UtcNow,
            LastActivity = DateTimeOffset.UtcNow,
            Instance = "local",
            Streams =
            [
                new MediaStreamStatistics { Tag = "from-tag", LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 50000), PacketsReceived = 10, PacketsSent = 9, BytesReceived = 1720, BytesSent = 1548, Errors = 1 },
                new MediaStreamStatistics { Tag = "to-tag", Protocol = "UDP/TLS/RTP/SAVPF", LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 50002), PacketsReceived = 10, PacketsSent = 10, Errors = 2 },
            ],
        },
    ];

    public event EventHandler<MediaSessionEndedEventArgs>? SessionEnded
    {
        add { }
        remove { }
    }

    public List<string> Deleted { get; } = [];

    public ValueTask<MediaRelayResult> OfferAsync(MediaRelayRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<MediaRelayResult> AnswerAsync(MediaRelayRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<bool> DeleteAsync(MediaSessionKey key, CancellationToken cancellationToken = default)
    {
        lock (_sessions)
        {
            Deleted.Add(key.CallId);
            return ValueTask.FromResult(_sessions.RemoveAll(s => s.Key.CallId == key.CallId) > 0);
        }
    }

    public ValueTask<MediaSessionInfo?> QueryAsync(MediaSessionKey key, CancellationToken cancellationToken = default)
    {
        lock (_sessions) return ValueTask.FromResult(_sessions.Find(s => s.Key.CallId == key.CallId));
    }

    public ValueTask<IReadOnlyList<MediaSessionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_sessions) return ValueTask.FromResult<IReadOnlyList<MediaSessionInfo>>([.. _sessions]);
    }
}
