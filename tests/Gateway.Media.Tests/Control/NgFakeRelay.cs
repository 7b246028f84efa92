using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Gateway.Core.Media;

namespace Gateway.Media.Tests.Control;

/// <summary>An <see cref="IMediaRelay"/> that records what it is asked and answers from settable results.</summary>
internal sealed class NgFakeRelay : IMediaRelay
{
    private int _offers;

    public ConcurrentQueue<(string Command, MediaRelayRequest Request)> Requests { get; } = new();

    public ConcurrentQueue<(string Command, MediaSessionKey Key)> Calls { get; } = new();

    public int Offers => Volatile.Read(ref _offers);

    public Func<MediaRelayRequest, MediaRelayResult> Reply { get; set; } = static request =>
        MediaRelayResult.Ok(Encoding.ASCII.GetBytes("v=0\r\no=- 1 1 IN IP4 203.0.113.1\r\ns=-\r\nc=IN IP4 203.0.113.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n"));

    public Func<MediaSessionKey, MediaSessionInfo?> Query { get; set; } = static _ => null;

    public Func<MediaSessionKey, bool> Delete { get; set; } = static _ => true;

    public List<MediaSessionInfo> Sessions { get; } = [];

    public Exception? Throw { get; set; }

    /// <summary>When set, offers wait for it (to hold a request in flight).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public event EventHandler<MediaSessionEndedEventArgs>? SessionEnded;

    public async ValueTask<MediaRelayResult> OfferAsync(MediaRelayRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _offers);
        Requests.Enqueue(("offer", request));
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (Throw is { } ex) throw ex;
        return Reply(request);
    }

    public ValueTask<MediaRelayResult> AnswerAsync(MediaRelayRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(("answer", request));
        if (Throw is { } ex) throw ex;
        return ValueTask.FromResult(Reply(request));
    }

    public ValueTask<bool> DeleteAsync(MediaSessionKey key, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("delete", key));
        return ValueTask.FromResult(Delete(key));
    }

    public ValueTask<MediaSessionInfo?> QueryAsync(MediaSessionKey key, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("query", key));
        return ValueTask.FromResult(Query(key));
    }

    public ValueTask<IReadOnlyList<MediaSessionInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<MediaSessionInfo>>(Sessions);

    public void RaiseEnded(MediaSessionKey key) => SessionEnded?.Invoke(this, new MediaSessionEndedEventArgs(key, MediaSessionEndReason.MediaTimeout, null));

    public static MediaSessionInfo SampleSession(string callId = "call-1") => new()
    {
        Key = new MediaSessionKey(callId, "from-1", "to-1"),
        Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        LastActivity = DateTimeOffset.FromUnixTimeSeconds(1_700_000_060),
        Streams =
        [
            new MediaStreamStatistics
            {
                Tag = "from-1", MediaIndex = 0, MediaType = "audio", Protocol = "RTP/AVP",
                LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 30000), RemoteEndPoint = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 4000),
                Latched = true, PacketsReceived = 50, BytesReceived = 8600, PacketsSent = 49, BytesSent = 8428, Errors = 1,
                LastPacket = DateTimeOffset.FromUnixTimeSeconds(1_700_000_059),
            },
            new MediaStreamStatistics
            {
                Tag = "to-1", MediaIndex = 0, MediaType = "audio", Protocol = "UDP/TLS/RTP/SAVPF",
                LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 30002), RemoteEndPoint = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5000),
                PacketsReceived = 49, BytesReceived = 9000, Errors = 0,
            },
        ],
    };
}
