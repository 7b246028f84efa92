using Gateway.Core.Diagnostics;
using Gateway.Core.Media;
using Gateway.Core.Registrar;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Gateway.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Gateway.Core.Dialogs;
using ResidentialGateway.Calls;

namespace ResidentialGateway.Management;

/// <summary>
/// Builds the management endpoint's JSON documents from the gateway's own services (read-only): the location store,
/// the transaction layer, the call tracker, the media relay when one is registered, and the metrics singletons.
/// </summary>
internal sealed class ManagementReports
{
    /// <summary>The longest list any endpoint returns (a <c>limit</c> query above it is capped).</summary>
    public const int MaxItems = 10_000;

    /// <summary>The list length when no <c>limit</c> is given.</summary>
    public const int DefaultItems = 1_000;

    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly DateTimeOffset _started;

    public ManagementReports(IServiceProvider services, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        _services = services;
        _time = time;
        _lifetime = lifetime;
        _started = time.GetUtcNow();
    }

    /// <summary>Clamps a <c>limit</c> query value to 0…<see cref="MaxItems"/>.</summary>
    public static int Limit(int? requested) => requested is { } n ? Math.Clamp(n, 0, MaxItems) : DefaultItems;

    public HealthReport Health()
    {
        var now = _time.GetUtcNow();
        var listeners = new List<ListenerView>();
        if (_services.GetService<ISipTransport>() is { } transport)
        {
            foreach (var listener in transport.Listeners)
            {
                listeners.Add(new ListenerView
                {
                    Transport = listener.Kind.ToUriParameter(),
                    EndPoint = listener.EndPoint.ToString(),
                    AdvertisedHost = listener.AdvertisedHost,
                    AdvertisedPort = listener.AdvertisedPort,
                });
            }
        }

        return new HealthReport
        {
            Status = _lifetime.ApplicationStopping.IsCancellationRequested ? "stopping" : "healthy",
            StartedAt = _started,
            UptimeSeconds = Math.Round((now - _started).TotalSeconds, 3),
            Listeners = listeners,
        };
    }

    public async Task<RegistrationsReport> RegistrationsAsync(int limit, string? aor, CancellationToken cancellationToken)
    {
        var store = _services.GetService<ILocationStore>();
        var transport = _services.GetService<ISipTransport>();
        var byAor = new Dictionary<string, List<ContactView>>(StringComparer.Ordinal);
        var order = new List<string>();
        var count = 0;
        var truncated = false;
        var now = _time.GetUtcNow();
        if (store is not null)
        {
            var bindings = aor is null ? store.EnumerateAsync(cancellationToken) : One(store, SipAddressOfRecordText(aor), cancellationToken);
            await foreach (var binding in bindings.ConfigureAwait(false))
            {
                if (count >= limit)
                {
                    truncated = true;
                    break;
                }

                if (!byAor.TryGetValue(binding.Aor, out var contacts))
                {
                    contacts = [];
                    byAor.Add(binding.Aor, contacts);
                    order.Add(binding.Aor);
                }

                contacts.Add(View(binding, transport, now));
                count++;
            }
        }

        var items = new List<AorView>(order.Count);
        foreach (var key in order) items.Add(new AorView { Aor = key, Contacts = byAor[key] });
        return new RegistrationsReport { Aors = items.Count, Bindings = count, Truncated = truncated, Items = items };
    }

    public TransactionsReport Transactions(int limit)
    {
        var layer = _services.GetService<SipTransactionLayer>();
        if (layer is null) return new TransactionsReport { Items = [] };
        var items = new List<TransactionView>();
        foreach (var tx in layer.GetServerTransactions(limit))
        {
            items.Add(new TransactionView
            {
                Kind = "server",
                Method = tx.Method.Name,
                State = tx.State.ToString(),
                CallId = tx.CallId,
                Transport = tx.Flow.Kind.ToUriParameter(),
                Remote = tx.Flow.RemoteEndPoint.ToString(),
            });
        }

        foreach (var tx in layer.GetClientTransactions(limit - items.Count))
        {
            items.Add(new TransactionView
            {
                Kind = "client",
                Method = tx.Method.Name,
                State = tx.State.ToString(),
                CallId = tx.CallId,
                Transport = tx.Flow.Kind.ToUriParameter(),
                Remote = tx.Flow.RemoteEndPoint.ToString(),
            });
        }

        var server = layer.ServerTransactionCount;
        var client = layer.ClientTransactionCount;
        return new TransactionsReport { Server = server, Client = client, Truncated = items.Count < server + client && items.Count >= limit, Items = items };
    }

    public CallsReport Calls(int limit)
    {
        var tracker = _services.GetRequiredService<CallTracker>();
        var now = _time.GetUtcNow();
        var calls = tracker.List(limit);
        var items = new List<CallView>(calls.Count);
        foreach (var call in calls)
        {
            items.Add(new CallView
            {
                CallId = call.CallId,
                From = call.From,
                To = call.To,
                Transport = call.Transport,
                State = call.State,
                StartedAt = call.Started,
                AnsweredAt = call.Answered,
                DurationSeconds = Math.Round((now - call.Started).TotalSeconds, 3),
            });
        }

        var dialogs = _services.GetService<SipDialogTracker>()?.Count ?? 0;
        return new CallsReport { Count = tracker.Count, Dialogs = dialogs, Truncated = tracker.Count > items.Count, Items = items };
    }

    public async Task<MediaReport> MediaAsync(CancellationToken cancellationToken)
    {
        var relay = _services.GetService<IMediaRelay>();
        if (relay is null) return new MediaReport { RelayConfigured = false, Items = [] };
        var sessions = await relay.ListAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<MediaSessionView>(sessions.Count);
        foreach (var session in sessions)
        {
            var streams = new List<MediaStreamView>(session.Streams.Count);
            foreach (var s in session.Streams)
            {
                streams.Add(new MediaStreamView
                {
                    Tag = s.Tag,
                    MediaIndex = s.MediaIndex,
                    MediaType = s.MediaType,
                    Protocol = s.Protocol,
                    Local = s.LocalEndPoint?.ToString(),
                    Remote = s.RemoteEndPoint?.ToString(),
                    Latched = s.Latched,
                    PacketsReceived = s.PacketsReceived,
                    BytesReceived = s.BytesReceived,
                    PacketsSent = s.PacketsSent,
                    BytesSent = s.BytesSent,
                    Errors = s.Errors,
                    LastPacket = s.LastPacket,
                });
            }

            items.Add(new MediaSessionView
            {
                CallId = session.Key.CallId,
                FromTag = session.Key.FromTag,
                ToTag = session.Key.ToTag,
                Created = session.Created,
                LastActivity = session.LastActivity,
                Instance = session.Instance,
                Streams = streams,
            });
        }

        return new MediaReport { RelayConfigured = true, Count = items.Count, Items = items };
    }

    public async Task<StatisticsReport> StatisticsAsync(CancellationToken cancellationToken)
    {
        var sip = _services.GetRequiredService<SipMetrics>().GetSnapshot();
        var calls = _services.GetRequiredService<CallTracker>().GetStatistics();
        var media = new MediaStatisticsView();
        if (_services.GetService<IMediaRelay>() is { } relay)
        {
            var sessions = await relay.ListAsync(cancellationToken).ConfigureAwait(false);
            int streams = 0;
            long packetsIn = 0, packetsOut = 0, bytesIn = 0, bytesOut = 0, errors = 0;
            foreach (var session in sessions)
            {
                foreach (var s in session.Streams)
                {
                    streams++;
                    packetsIn += s.PacketsReceived;
                    packetsOut += s.PacketsSent;
                    bytesIn += s.BytesReceived;
                    bytesOut += s.BytesSent;
                    errors += s.Errors;
                }
            }

            media = new MediaStatisticsView
            {
                Sessions = sessions.Count,
                Streams = streams,
                PacketsReceived = packetsIn,
                PacketsSent = packetsOut,
                BytesReceived = bytesIn,
                BytesSent = bytesOut,
                Errors = errors,
            };
        }

        return new StatisticsReport
        {
            Sip = sip,
            Transport = TransportView(_services.GetService<SipTransportLayer>()),
            Calls = new CallStatisticsView
            {
                Active = calls.Active,
                Started = calls.Started,
                Answered = calls.Answered,
                Failed = calls.Failed,
                Completed = calls.Completed,
                Dialogs = _services.GetService<SipDialogTracker>()?.Count ?? 0,
                MediaTimeouts = calls.MediaTimeouts,
            },
            Media = media,
        };
    }

    private static TransportStatisticsView? TransportView(SipTransportLayer? layer)
    {
        if (layer is null) return null;
        var m = layer.Metrics;
        return new TransportStatisticsView
        {
            ConnectionsAccepted = m.ConnectionsAccepted,
            ConnectionsOpened = m.ConnectionsOpened,
            ConnectionsClosed = m.ConnectionsClosed,
            ConnectionsRefused = m.ConnectionsRefused,
            HandshakeFailures = m.HandshakeFailures,
            FramingErrors = m.FramingErrors,
            Timeouts = m.Timeouts,
            MessagesReceived = m.MessagesReceived,
            MessagesSent = m.MessagesSent,
            SendFailures = m.SendFailures,
            DatagramsDropped = m.DatagramsDropped,
        };
    }

    private static ContactView View(SipBinding binding, ISipTransport? transport, DateTimeOffset now) => new()
    {
        Contact = binding.Contact,
        ExpiresAt = binding.ExpiresAt,
        ExpiresInSeconds = binding.GetRemainingSeconds(now),
        Q = binding.Q,
        CallId = binding.CallId,
        CSeq = binding.CSeq,
        Received = binding.Received?.ToString(),
        FlowId = binding.FlowId,
        FlowOpen = binding.FlowId is { } id && transport is not null ? transport.TryGetFlow(id, out var flow) && !flow.IsClosed : null,
        Instance = binding.Instance,
        RegId = binding.RegId,
        UserAgent = binding.UserAgent,
        BranchFlags = binding.BranchFlags,
    };

    private static string SipAddressOfRecordText(string aor) =>
        SipAddressOfRecord.TryNormalize(aor, out var normalized) ? normalized : aor;

    private static async IAsyncEnumerable<SipBinding> One(ILocationStore store, string aor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(aor, cancellationToken).ConfigureAwait(false);
        foreach (var binding in record.Bindings) yield return binding;
    }
}
