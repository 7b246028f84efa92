using Gateway.Core.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Transactions;

/// <summary>The transaction layer's log messages (event ids 2001–2099).</summary>
internal static partial class SipTransactionLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Dropped a request from {Flow} that has no usable top Via, CSeq or Call-ID")]
    public static partial void Unidentifiable(ILogger logger, SipFlow flow);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Transaction limit {Limit} reached: answered {Method} from {Flow} with 503")]
    public static partial void LimitReached(ILogger logger, int limit, string method, SipFlow flow);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "CANCEL from {Flow} matched no INVITE transaction: answered 481")]
    public static partial void UnmatchedCancel(ILogger logger, SipFlow flow);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "The transaction user failed in {Callback}")]
    public static partial void UserFailed(ILogger logger, string callback, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "The transaction layer failed on a message from {Flow}")]
    public static partial void MessageFailed(ILogger logger, SipFlow flow, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Sending on {Flow} failed")]
    public static partial void SendFailed(ILogger logger, SipFlow flow, Exception? exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Server transaction {Id} ignored a {Status} response in state {State}")]
    public static partial void ResponseIgnored(ILogger logger, string id, int status, SipServerTransactionState state);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "Server transaction {Id} got no ACK before Timer H")]
    public static partial void NoAck(ILogger logger, string id);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Debug, Message = "Dropped an ACK that matched transaction {Id} in state {State}")]
    public static partial void AckDropped(ILogger logger, string id, SipServerTransactionState state);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Client transaction {Branch} timed out in state {State}")]
    public static partial void ClientTimeout(ILogger logger, string branch, SipClientTransactionState state);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "Client transaction {Branch} could not send on {Flow}")]
    public static partial void ClientTransportError(ILogger logger, string branch, SipFlow flow);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Client transaction {Branch} ignored a {Status} response in state {State}")]
    public static partial void ClientResponseIgnored(ILogger logger, string branch, int status, SipClientTransactionState state);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Error, Message = "Client transaction {Branch} could not build its {Method}")]
    public static partial void BuildFailed(ILogger logger, string branch, string method, Exception exception);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Error, Message = "A transaction timer callback failed")]
    public static partial void TimerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Debug, Message = "CANCEL {Branch}: {Outcome}")]
    public static partial void CancelOutcome(ILogger logger, string branch, string outcome);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "Server transaction {Id} had no final response in time (state {State}): the transaction user never answered")]
    public static partial void NoFinalResponse(ILogger logger, string id, SipServerTransactionState state);
}
