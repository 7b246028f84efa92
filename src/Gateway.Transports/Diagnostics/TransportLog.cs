using System.Net;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Transports.Diagnostics;

/// <summary>Every log event of the transports, numbered in one place (event ids 2000–2099).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Listening on {Transport} {EndPoint} (advertised {Host}:{Port})")]
    public static partial void Listening(ILogger logger, SipTransportKind transport, IPEndPoint endPoint, string host, int port);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Transport layer stopped ({Connections} connections closed)")]
    public static partial void Stopped(ILogger logger, int connections);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Accepted {Flow}")]
    public static partial void Accepted(ILogger logger, SipFlow flow);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Refused a {Transport} connection from {Remote}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, SipTransportKind transport, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Closed {Flow}")]
    public static partial void Closed(ILogger logger, SipFlow flow);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Handshake failed on {Flow}: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, SipFlow flow, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Closing {Flow}: the stream cannot be framed ({Reason})")]
    public static partial void FramingError(ILogger logger, SipFlow flow, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Closing {Flow}: {Timeout} timeout")]
    public static partial void TimedOut(ILogger logger, SipFlow flow, string timeout);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "Send failed on {Flow}")]
    public static partial void SendFailed(ILogger logger, SipFlow flow, Exception? exception);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Unexpected failure on {Flow}; the flow is closed")]
    public static partial void FlowFailed(ILogger logger, SipFlow flow, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Receive error on {Transport} {EndPoint}; the listener goes on")]
    public static partial void ReceiveError(ILogger logger, SipTransportKind transport, IPEndPoint endPoint, Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "Dropped a datagram from {Remote}: {Reason}")]
    public static partial void DatagramDropped(ILogger logger, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Loaded the certificate {Subject} (expires {NotAfter:u}) from {Path}")]
    public static partial void CertificateLoaded(ILogger logger, string subject, DateTime notAfter, string path);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Error, Message = "Could not load the certificate {Path} / {KeyPath}; keeping the previous one")]
    public static partial void CertificateLoadFailed(ILogger logger, string path, string keyPath, Exception exception);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "Could not connect over {Transport} to {Remote}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, SipTransportKind transport, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Debug, Message = "Opened {Flow}")]
    public static partial void Opened(ILogger logger, SipFlow flow);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Error, Message = "A FlowClosed subscriber failed for {Flow}")]
    public static partial void FlowClosedHandlerFailed(ILogger logger, SipFlow flow, Exception exception);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "Accept failed on {Transport} {EndPoint}; the listener goes on")]
    public static partial void AcceptError(ILogger logger, SipTransportKind transport, IPEndPoint endPoint, Exception exception);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Information, Message = "Refused a WebSocket upgrade on {Flow}: {Status} {Reason}")]
    public static partial void UpgradeRefused(ILogger logger, SipFlow flow, int status, string reason);
}
