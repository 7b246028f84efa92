using System.Diagnostics.Metrics;
using Gateway.Core.Messages;
using Gateway.Core.Registrar;
using Gateway.Core.Transactions;

namespace Gateway.Core.Diagnostics;

/// <summary>
/// What the SIP core counts: requests by method and responses by class, in and out; transactions created and alive;
/// registrations stored. Every count is kept on this object (read them with <see cref="GetSnapshot"/>, e.g. from a
/// management endpoint) and published on the <see cref="MeterName"/> meter for OpenTelemetry or
/// <c>dotnet-counters</c>:
/// <list type="bullet">
/// <item><c>gateway.sip.requests</c> (<c>{request}</c>, tags <c>method</c>, <c>direction</c>): requests received, and
/// requests sent in client transactions (relayed branches, CANCELs).</item>
/// <item><c>gateway.sip.responses</c> (<c>{response}</c>, tags <c>class</c> = <c>1xx</c>…<c>6xx</c>, <c>direction</c>):
/// responses received, and responses sent (local or relayed; retransmissions not counted).</item>
/// <item><c>gateway.sip.transactions</c> (<c>{transaction}</c>, tag <c>kind</c> = <c>server</c>|<c>client</c>): transactions created.</item>
/// <item><c>gateway.sip.transactions.active</c> (<c>{transaction}</c>, tag <c>kind</c>): transactions alive.</item>
/// <item><c>gateway.sip.registrations.active</c> (<c>{binding}</c>): bindings in the location store.</item>
/// </list>
/// Methods outside RFC 3261 and its extensions are counted as <c>_OTHER</c>, so tag values stay bounded.
/// </summary>
public sealed class SipMetrics : IDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> the counts are published on.</summary>
    public const string MeterName = "Gateway.Core";

    /// <summary>The tag value for methods not in <see cref="KnownMethods"/>.</summary>
    public const string OtherMethod = "_OTHER";

    private const int Classes = 6;

    private static readonly SipMethod[] KnownMethods =
    [
        SipMethod.Invite, SipMethod.Ack, SipMethod.Bye, SipMethod.Cancel, SipMethod.Register, SipMethod.Options,
        SipMethod.Prack, SipMethod.Subscribe, SipMethod.Notify, SipMethod.Publish, SipMethod.Info, SipMethod.Refer,
        SipMethod.Message, SipMethod.Update,
    ];

    private static readonly string[] ClassNames = ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx"];
    private static readonly KeyValuePair<string, object?> Inbound = new("direction", "inbound");
    private static readonly KeyValuePair<string, object?> Outbound = new("direction", "outbound");
    private static readonly KeyValuePair<string, object?> ServerKind = new("kind", "server");
    private static readonly KeyValuePair<string, object?> ClientKind = new("kind", "client");
    private static readonly KeyValuePair<string, object?>[] MethodTags = CreateMethodTags();
    private static readonly KeyValuePair<string, object?>[] ClassTags = CreateClassTags();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _responses;
    private readonly Counter<long> _transactions;
    private readonly long[] _requestsReceived = new long[KnownMethods.Length + 1];
    private readonly long[] _requestsSent = new long[KnownMethods.Length + 1];
    private readonly long[] _responsesReceived = new long[Classes];
    private readonly long[] _responsesSent = new long[Classes];
    private long _serverTransactions;
    private long _clientTransactions;
    private SipTransactionLayer? _layer;
    private Func<ILocationStore?>? _storeSource;
    private ILocationStore? _store;

    /// <summary>
    /// Creates the counters and their meter: from <paramref name="meterFactory"/> when given (the host's
    /// <c>IMeterFactory</c>, which owns the meter), else a meter of this object's own.
    /// </summary>
    public SipMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            _meter = new Meter(MeterName);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(new MeterOptions(MeterName));
        }

        _requests = _meter.CreateCounter<long>("gateway.sip.requests", "{request}", "SIP requests received, and sent in client transactions.");
        _responses = _meter.CreateCounter<long>("gateway.sip.responses", "{response}", "SIP responses received and sent, by status class.");
        _transactions = _meter.CreateCounter<long>("gateway.sip.transactions", "{transaction}", "SIP transactions created.");
        _meter.CreateObservableUpDownCounter("gateway.sip.transactions.active", ObserveActiveTransactions, "{transaction}", "SIP transactions alive.");
        _meter.CreateObservableUpDownCounter("gateway.sip.registrations.active", ObserveRegistrations, "{binding}", "Bindings in the location store.");
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter => _meter;

    /// <summary>
    /// Reads every count now. Counts are read one by one without a lock: under load the figures of one snapshot may
    /// be a few messages apart. Registrations are read from the location store when it answers synchronously (the
    /// in-memory store does); <see cref="SipMetricsSnapshot.RegistrationsActive"/> is <see langword="null"/> otherwise.
    /// </summary>
    public SipMetricsSnapshot GetSnapshot()
    {
        var layer = Volatile.Read(ref _layer);
        return new SipMetricsSnapshot
        {
            RequestsReceived = ByMethod(_requestsReceived),
            RequestsSent = ByMethod(_requestsSent),
            ResponsesReceived = ByClass(_responsesReceived),
            ResponsesSent = ByClass(_responsesSent),
            ServerTransactionsCreated = Interlocked.Read(ref _serverTransactions),
            ClientTransactionsCreated = Interlocked.Read(ref _clientTransactions),
            ServerTransactionsActive = layer?.ServerTransactionCount ?? 0,
            ClientTransactionsActive = layer?.ClientTransactionCount ?? 0,
            RegistrationsActive = CountRegistrations(),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter) _meter.Dispose();
    }

    /// <summary>Publishes the transaction counts of <paramref name="layer"/> (one layer per metrics object).</summary>
    internal void Observe(SipTransactionLayer layer) => Volatile.Write(ref _layer, layer);

    /// <summary>Publishes the binding count of the store <paramref name="source"/> returns (resolved on first read).</summary>
    internal void ObserveRegistrations(Func<ILocationStore?> source) => Volatile.Write(ref _storeSource, source);

    /// <summary>A message arrived (after parsing and validation).</summary>
    internal void MessageReceived(SipMessage message)
    {
        if (message is SipRequest request)
        {
            var index = MethodIndex(request.Method);
            Interlocked.Increment(ref _requestsReceived[index]);
            if (_requests.Enabled) _requests.Add(1, MethodTags[index], Inbound);
        }
        else if (message is SipResponse response)
        {
            var index = ClassIndex(response.StatusCode);
            Interlocked.Increment(ref _responsesReceived[index]);
            if (_responses.Enabled) _responses.Add(1, ClassTags[index], Inbound);
        }
    }

    /// <summary>A response is being sent for the first time (locally generated or relayed).</summary>
    internal void ResponseSent(int statusCode)
    {
        var index = ClassIndex(statusCode);
        Interlocked.Increment(ref _responsesSent[index]);
        if (_responses.Enabled) _responses.Add(1, ClassTags[index], Outbound);
    }

    /// <summary>A server transaction was created.</summary>
    internal void ServerTransactionCreated()
    {
        Interlocked.Increment(ref _serverTransactions);
        if (_transactions.Enabled) _transactions.Add(1, ServerKind);
    }

    /// <summary>A client transaction was created: its request goes out.</summary>
    internal void ClientTransactionCreated(SipMethod method)
    {
        Interlocked.Increment(ref _clientTransactions);
        if (_transactions.Enabled) _transactions.Add(1, ClientKind);
        var index = MethodIndex(method);
        Interlocked.Increment(ref _requestsSent[index]);
        if (_requests.Enabled) _requests.Add(1, MethodTags[index], Outbound);
    }

    private static int MethodIndex(SipMethod method)
    {
        for (var i = 0; i < KnownMethods.Length; i++)
        {
            if (method.Equals(KnownMethods[i])) return i;
        }

        return KnownMethods.Length;
    }

    private static int ClassIndex(int statusCode) => statusCode < 100 ? 0 : statusCode >= 700 ? Classes - 1 : (statusCode / 100) - 1;

    private static KeyValuePair<string, object?>[] CreateMethodTags()
    {
        var tags = new KeyValuePair<string, object?>[KnownMethods.Length + 1];
        for (var i = 0; i < KnownMethods.Length; i++) tags[i] = new("method", KnownMethods[i].Name);
        tags[KnownMethods.Length] = new("method", OtherMethod);
        return tags;
    }

    private static KeyValuePair<string, object?>[] CreateClassTags()
    {
        var tags = new KeyValuePair<string, object?>[Classes];
        for (var i = 0; i < Classes; i++) tags[i] = new("class", ClassNames[i]);
        return tags;
    }

    private static Dictionary<string, long> ByMethod(long[] counts)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < counts.Length; i++)
        {
            var value = Interlocked.Read(ref counts[i]);
            if (value != 0) result[i < KnownMethods.Length ? KnownMethods[i].Name : OtherMethod] = value;
        }

        return result;
    }

    private static Dictionary<string, long> ByClass(long[] counts)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < counts.Length; i++) result[ClassNames[i]] = Interlocked.Read(ref counts[i]);
        return result;
    }

    private IEnumerable<Measurement<long>> ObserveActiveTransactions()
    {
        var layer = Volatile.Read(ref _layer);
        if (layer is null) return [];
        return [new(layer.ServerTransactionCount, ServerKind), new(layer.ClientTransactionCount, ClientKind)];
    }

    private IEnumerable<Measurement<long>> ObserveRegistrations() =>
        CountRegistrations() is { } count ? [new(count)] : [];

    private long? CountRegistrations()
    {
        try
        {
            var store = _store;
            if (store is null && Volatile.Read(ref _storeSource) is { } source)
            {
                store = source();
                _store = store;
            }

            if (store is null) return null;
            var pending = store.CountAsync();
            if (pending.IsCompletedSuccessfully) return pending.Result;

            // A remote store: do not wait inside a metrics callback; let the read finish and report nothing now.
            _ = pending.AsTask();
            return null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}
