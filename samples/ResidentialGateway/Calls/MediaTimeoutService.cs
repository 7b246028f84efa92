using Gateway.Core.Dialogs;
using Gateway.Core.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResidentialGateway.Calls;

/// <summary>
/// Ends a call whose media stopped: when the relay reports a session it ended for lack of packets (rtpengine's
/// <c>--timeout</c>), the proxy sends a BYE to each party of the call's dialog (OpenSIPS: the dialog module's
/// <c>dlg_end_dlg</c> on rtpengine's timeout notification), so phones do not stay in a silent call forever.
/// </summary>
internal sealed partial class MediaTimeoutService : IHostedService
{
    /// <summary>The Reason header of the BYEs (RFC 3326; Q.850 cause 102: recovery on timer expiry).</summary>
    public const string Reason = "Q.850;cause=102;text=\"Media timeout\"";

    private readonly IServiceProvider _services;
    private readonly SipDialogTracker _dialogs;
    private readonly CallTracker _calls;
    private readonly ILogger<MediaTimeoutService> _logger;
    private IMediaRelay? _relay;

    public MediaTimeoutService(IServiceProvider services, SipDialogTracker dialogs, CallTracker calls, ILogger<MediaTimeoutService> logger)
    {
        _services = services;
        _dialogs = dialogs;
        _calls = calls;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved at start, after the options were validated (a bad media setting stops the host with its own message).
        _relay = _services.GetService<IMediaRelay>();
        if (_relay is not null) _relay.SessionEnded += OnSessionEnded;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_relay is not null) _relay.SessionEnded -= OnSessionEnded;
        return Task.CompletedTask;
    }

    private void OnSessionEnded(object? sender, MediaSessionEndedEventArgs e)
    {
        if (e.Reason is not (MediaSessionEndReason.MediaTimeout or MediaSessionEndReason.MaxDuration)) return;
        _ = EndCallAsync(e.Key.CallId, e.Reason);
    }

    private async Task EndCallAsync(string callId, MediaSessionEndReason reason)
    {
        try
        {
            var text = reason == MediaSessionEndReason.MediaTimeout ? Reason : "Q.850;cause=102;text=\"Maximum call duration\"";
            var result = await _dialogs.EndAsync(callId, text).ConfigureAwait(false);
            if (!result.Found)
            {
                Log.NoDialog(_logger, callId, reason);
                return;
            }

            _calls.EndedByMediaTimeout(callId);
            Log.CallEnded(_logger, callId, reason, result.CallerStatus, result.CalleeStatus);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.Failed(_logger, callId, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Information, "Call {CallId}: media ended ({Reason}); BYE sent to both parties (caller answered {CallerStatus}, callee {CalleeStatus})")]
        public static partial void CallEnded(ILogger logger, string callId, MediaSessionEndReason reason, int callerStatus, int calleeStatus);

        [LoggerMessage(61, LogLevel.Information, "Call {CallId}: media ended ({Reason}) but no dialog is tracked for it; nothing to end")]
        public static partial void NoDialog(ILogger logger, string callId, MediaSessionEndReason reason);

        [LoggerMessage(62, LogLevel.Warning, "Call {CallId}: ending the call after its media ended failed")]
        public static partial void Failed(ILogger logger, string callId, Exception exception);
    }
}
