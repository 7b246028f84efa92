using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Gateway.Transports.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Transports.Connections;

/// <summary>What every listener and connection of one transport layer shares.</summary>
internal sealed class SipTransportContext
{
    public SipTransportContext(SipTransportOptions options, SipParserOptions parser, SipMessageReceiver receiver, TimeProvider timeProvider, SipTransportMetrics metrics, ILogger logger)
    {
        Options = options;
        Limits = options.Limits;
        Parser = parser;
        Receiver = receiver;
        TimeProvider = timeProvider;
        Metrics = metrics;
        Logger = logger;
        Connections = new ConnectionTable(options.Limits);
    }

    public SipTransportOptions Options { get; }

    public SipTransportLimits Limits { get; }

    public SipParserOptions Parser { get; }

    public SipMessageReceiver Receiver { get; }

    public TimeProvider TimeProvider { get; }

    public SipTransportMetrics Metrics { get; }

    public ILogger Logger { get; }

    public ConnectionTable Connections { get; }

    /// <summary>Called by a connection once it has closed (never twice).</summary>
    public Action<ConnectionFlow>? OnConnectionClosed { get; set; }

    public long Now() => TimeProvider.GetTimestamp();

    public long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * TimeProvider.TimestampFrequency);
}
