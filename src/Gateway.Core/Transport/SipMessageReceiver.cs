using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Transport;

/// <summary>
/// What every transport does with the bytes of one received message: parse, validate, answer a malformed request
/// with 400/505 on the same flow (never an ACK), drop a malformed response, stamp <c>received</c>/<c>rport</c>
/// on a request's top Via, and hand the message to the <see cref="ISipMessageHandler"/>. Exceptions thrown by the
/// handler are logged and counted; they never reach the transport's receive loop.
/// </summary>
public sealed partial class SipMessageReceiver
{
    private readonly ISipMessageHandler _handler;
    private readonly SipParserOptions _options;
    private readonly ILogger _logger;
    private long _received;
    private long _rejected;
    private long _dropped;
    private long _handlerFailures;

    /// <summary>Creates a receiver that delivers to <paramref name="handler"/>.</summary>
    public SipMessageReceiver(ISipMessageHandler handler, SipParserOptions options, ILogger<SipMessageReceiver> logger)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _handler = handler;
        _options = options;
        _logger = logger;
    }

    /// <summary>The parser limits in force.</summary>
    public SipParserOptions Options => _options;

    /// <summary>Messages delivered to the handler.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Malformed requests answered with an error response.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Inputs dropped without an answer (unparseable, malformed responses, malformed ACKs).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages whose handler threw.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>
    /// Processes one message. <paramref name="data"/> holds exactly one datagram or WebSocket message
    /// (<paramref name="framed"/> false) or one message framed from a stream by <see cref="SipStreamFramer"/>
    /// (<paramref name="framed"/> true). The parsed message refers into <paramref name="data"/>: the caller must not
    /// reuse that memory afterwards (hand over an array it owns).
    /// </summary>
    public async ValueTask ReceiveAsync(SipFlow flow, ReadOnlyMemory<byte> data, bool framed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var result = framed ? SipMessageParser.ParseFramed(data, _options) : SipMessageParser.Parse(data, _options);
        var message = result.Message;
        if (message is null)
        {
            Interlocked.Increment(ref _dropped);
            Log.Unparseable(_logger, flow, result.Error.ReasonPhrase);
            return;
        }

        var error = result.Error.IsError ? result.Error : SipMessageValidator.Validate(message);
        if (error.IsError)
        {
            if (message is SipRequest bad && !bad.Method.IsAck)
            {
                Interlocked.Increment(ref _rejected);
                Log.Rejected(_logger, flow, error.StatusCode, error.ReasonPhrase);
                await flow.SendAsync(SipResponse.CreateFor(bad, error.StatusCode, error.ReasonPhrase), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Interlocked.Increment(ref _dropped);
                Log.Unparseable(_logger, flow, error.ReasonPhrase);
            }

            return;
        }

        if (message is SipRequest request) ViaReceivedStamp.Apply(request, flow.RemoteEndPoint);
        Interlocked.Increment(ref _received);
        try
        {
            await _handler.OnMessageAsync(flow, message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _handlerFailures);
            Log.HandlerFailed(_logger, flow, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Dropped an unparseable message from {Flow}: {Reason}")]
        public static partial void Unparseable(ILogger logger, SipFlow flow, string reason);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Answered a malformed request from {Flow} with {Status} {Reason}")]
        public static partial void Rejected(ILogger logger, SipFlow flow, int status, string reason);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "The message handler failed on a message from {Flow}")]
        public static partial void HandlerFailed(ILogger logger, SipFlow flow, Exception exception);
    }
}
