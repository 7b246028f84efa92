using System.Net;
using Gateway.Media.Dtls;
using Microsoft.Extensions.Logging;

namespace Gateway.Media.Relay.Legs;

/// <summary>Every log event of the packet path, numbered in one place (event ids 3200–3249).</summary>
internal static partial class MediaLegLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "Leg {Label} configured: {Protocol} ({Security}), remote {Remote}, rtcp-mux {RtcpMux}, ICE {Ice}")]
    public static partial void Configured(ILogger logger, string label, string protocol, MediaLegSecurity security, IPEndPoint? remote, bool rtcpMux, bool ice);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Leg {Label}: ICE restart")]
    public static partial void IceRestart(ILogger logger, string label);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Leg {Label}: {Component} latched to {Remote}")]
    public static partial void Latched(ILogger logger, string label, string component, IPEndPoint remote);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug, Message = "Leg {Label}: ICE nominated {Remote} for {Component}")]
    public static partial void Nominated(ILogger logger, string label, IPEndPoint remote, string component);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "Leg {Label}: DTLS connected as {Role} with {Profile}")]
    public static partial void DtlsConnected(ILogger logger, string label, DtlsRole role, DtlsSrtpProfile profile);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Leg {Label}: DTLS handshake failed ({Error}): {Reason}")]
    public static partial void DtlsFailed(ILogger logger, string label, DtlsHandshakeError error, string reason);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Debug, Message = "Leg {Label}: receive error on {LocalEndPoint}; the loop goes on")]
    public static partial void ReceiveError(ILogger logger, string label, IPEndPoint localEndPoint, Exception exception);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Error, Message = "Leg {Label}: unexpected failure handling a datagram on {LocalEndPoint}; the loop goes on")]
    public static partial void HandlingError(ILogger logger, string label, IPEndPoint localEndPoint, Exception exception);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Debug, Message = "Leg {Label}: send to {Remote} failed")]
    public static partial void SendFailed(ILogger logger, string label, IPEndPoint remote, Exception exception);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Warning, Message = "Leg {Label}: DTLS negotiated {Profile}, which has no SRTP context")]
    public static partial void DtlsProfileUnsupported(ILogger logger, string label, DtlsSrtpProfile profile);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Error, Message = "Leg {Label}: installing the DTLS-SRTP keys failed unexpectedly")]
    public static partial void DtlsKeyingFailed(ILogger logger, string label, Exception exception);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Warning, Message = "Media receive threads: {Call} failed (errno {Error}); legs use async receive loops instead")]
    public static partial void ReceiveThreadUnavailable(ILogger logger, string call, int error);

    [LoggerMessage(EventId = 3213, Level = LogLevel.Warning, Message = "Media receive thread: epoll refused socket {LocalEndPoint} (errno {Error}); it gets an async receive loop")]
    public static partial void ReceiveThreadRefused(ILogger logger, string localEndPoint, int error);

    [LoggerMessage(EventId = 3214, Level = LogLevel.Error, Message = "Media receive thread {Thread}: epoll_wait failed (errno {Error}); its sockets move to async receive loops")]
    public static partial void ReceiveThreadFailed(ILogger logger, string thread, int error);

    [LoggerMessage(EventId = 3215, Level = LogLevel.Warning, Message = "Leg {Label}: {Failures} receive failures in a row on {LocalEndPoint}; the socket moves to an async receive loop")]
    public static partial void ReceiveFailingSocketMoved(ILogger logger, string label, int failures, IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 3216, Level = LogLevel.Debug, Message = "Leg {Label}: BUNDLE transport for {Count} m-lines (MID extension id {MidExtensionId})")]
    public static partial void BundleConfigured(ILogger logger, string label, int count, int midExtensionId);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Debug, Message = "Leg {Label} closed")]
    public static partial void Closed(ILogger logger, string label);
}
