using Gateway.Core.Messages;
using Gateway.Core.Proxy;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging;

namespace ResidentialGateway.Calls;

/// <summary>
/// The first step of the sample's route: logs one Debug line per request with the routing decision (relayed to
/// which targets, replied with which status, registered) and feeds the <see cref="CallTracker"/> (initial INVITEs
/// start a call, a 2xx answers it, a final failure, CANCEL or BYE ends it). Costs nothing extra per request when
/// Debug is off beyond the call accounting of INVITE, CANCEL and BYE.
/// </summary>
internal sealed partial class RoutingLogMiddleware
{
    private readonly SipRequestDelegate _next;
    private readonly CallTracker _calls;
    private readonly ILogger _logger;

    public RoutingLogMiddleware(SipRequestDelegate next, CallTracker calls, ILogger<RoutingLogMiddleware> logger)
    {
        _next = next;
        _calls = calls;
        _logger = logger;
    }

    public async Task InvokeAsync(SipRequestContext context)
    {
        var request = context.Request;
        var method = request.Method;
        var callId = request.CallId;
        var debug = _logger.IsEnabled(LogLevel.Debug);
        var tracked = false;

        if (callId is not null && context.Transaction is not null && request.To is { Tag: null })
        {
            if (method.IsInvite) tracked = StartCall(context, callId);
        }

        List<string>? targets = null;
        if (debug)
        {
            targets = [];
            context.OnBranch(branch =>
            {
                var target = $"{branch.Target.RequestUri} via {branch.Flow.Kind.ToUriParameter()}:{branch.Flow.RemoteEndPoint}";
                lock (targets) targets.Add(target);
                return Task.CompletedTask;
            });
        }

        await _next(context).ConfigureAwait(false);

        var final = context.Transaction?.LastResponse is { StatusCode: >= 200 } last && !method.IsCancel ? last : null;
        if (callId is not null)
        {
            if (tracked && final is { StatusCode: >= 300 }) _calls.Ended(callId, final.StatusCode, final.ReasonPhrase);
            else if (method.IsCancel && context.IsCompleted) _calls.Ended(callId, 487, "CANCEL");
            else if (method == SipMethod.Bye) _calls.Ended(callId, 0, "BYE");
        }

        if (debug) LogDecision(context, targets!, final);
    }

    private bool StartCall(SipRequestContext context, string callId)
    {
        var request = context.Request;
        if (!_calls.TryStart(callId, request.From?.Uri.ToString() ?? "?", request.To?.Uri.ToString() ?? "?", context.Transport.ToUriParameter())) return false;
        context.OnReply(reply =>
        {
            if (reply.Response.StatusCode is >= 200 and < 300) _calls.Answered(callId);
            return Task.CompletedTask;
        });
        context.OnFailure(failure =>
        {
            _calls.Ended(callId, failure.Response.StatusCode, failure.Response.ReasonPhrase);
            return Task.CompletedTask;
        });
        return true;
    }

    private void LogDecision(SipRequestContext context, List<string> targets, SipResponse? final)
    {
        var request = context.Request;
        var method = request.Method.Name;
        var uri = request.RequestUriText;
        var source = context.Flow.RemoteEndPoint.ToString();
        string[] relayed;
        lock (targets) relayed = [.. targets];

        if (relayed.Length > 0) Log.Relayed(_logger, method, uri, source, string.Join(", ", relayed));
        else if (request.Method.IsCancel) Log.Other(_logger, method, uri, source, context.IsCompleted ? "cancelled the pending branches" : "dropped");
        else if (final is not null && request.Method == SipMethod.Register && final.StatusCode is >= 200 and < 300) Log.Registered(_logger, method, uri, source, final.StatusCode);
        else if (final is not null) Log.Replied(_logger, method, uri, source, final.StatusCode, final.ReasonPhrase);
        else if (context.Transaction is null) Log.Other(_logger, method, uri, source, context.IsCompleted ? "forwarded statelessly" : "absorbed");
        else Log.Other(_logger, method, uri, source, "no final reply");
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Debug, "{Method} {RequestUri} from {Source}: relayed to {Targets}")]
        public static partial void Relayed(ILogger logger, string method, string requestUri, string source, string targets);

        [LoggerMessage(31, LogLevel.Debug, "{Method} {RequestUri} from {Source}: replied {Status} {Reason}")]
        public static partial void Replied(ILogger logger, string method, string requestUri, string source, int status, string reason);

        [LoggerMessage(32, LogLevel.Debug, "{Method} {RequestUri} from {Source}: registered ({Status})")]
        public static partial void Registered(ILogger logger, string method, string requestUri, string source, int status);

        [LoggerMessage(33, LogLevel.Debug, "{Method} {RequestUri} from {Source}: {Decision}")]
        public static partial void Other(ILogger logger, string method, string requestUri, string source, string decision);
    }
}
