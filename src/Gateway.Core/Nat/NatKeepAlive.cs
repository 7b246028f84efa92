using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Registrar;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Core.Nat;

/// <summary>
/// Keeps the NAT pinholes of clients registered over UDP open (OpenSIPS' nathelper pinging): every
/// <see cref="NatKeepAliveOptions.Interval"/>, one ping to each distinct source address of the UDP bindings this
/// node learned, sent on the flow the client registered on when the transport still knows it (so its NAT sees the
/// same 5-tuple), else on a UDP flow the transport makes to that address. Stream
/// clients need none of this: their connection is their pinhole and the transport keeps it alive.
/// </summary>
/// <remarks>
/// <para>By default (<see cref="NatPingMethod.Crlf"/>) this is a pinhole keep-alive only: it cannot tell a dead
/// client from a live one, and a dead client's binding goes when its registration expires.</para>
/// <para>With <see cref="NatPingMethod.Options"/> each ping is an OPTIONS request whose answer proves the client
/// alive. The pipeline must hand answers to <see cref="TryHandleResponse"/> (they match no client transaction: their
/// Call-ID starts with <c>natping-</c>); then <see cref="NatKeepAliveOptions.MaxMissedPings"/> consecutive unanswered
/// rounds remove the bindings at that address.</para>
/// <para>Does nothing unless <see cref="NatKeepAliveOptions.Enabled"/> and an <see cref="ISipTransport"/> is
/// registered. Rounds run on the injected <see cref="TimeProvider"/> and never overlap.</para>
/// </remarks>
public sealed partial class NatKeepAlive : IHostedService, IDisposable
{
    /// <summary>The prefix of the Call-ID of every OPTIONS ping.</summary>
    public const string CallIdPrefix = "natping-";

    private readonly ILocationStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly SipRegistrarOptions _registrarOptions;
    private readonly NatKeepAliveOptions _options;
    private readonly ILogger _logger;
    private readonly ISipTransport? _transport;
    private readonly ConcurrentDictionary<string, SipReceivedAddress> _outstanding = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SipReceivedAddress, int> _missed = new();
    private readonly string _tagPrefix = Guid.NewGuid().ToString("N")[..8];
    private ITimer? _timer;
    private int _running;
    private long _sequence;
    private long _pingsSent;
    private long _bindingsRemoved;

    /// <summary>Creates the keep-alive.</summary>
    /// <param name="store">The location store to read UDP bindings from.</param>
    /// <param name="timeProvider">The clock for the ping rounds.</param>
    /// <param name="options">The registrar options: <see cref="SipRegistrarOptions.KeepAlive"/> and the node id.</param>
    /// <param name="logger">Logs rounds and failures.</param>
    /// <param name="transport">The transport to send on; without it nothing is sent.</param>
    public NatKeepAlive(ILocationStore store, TimeProvider timeProvider, IOptions<SipRegistrarOptions> options, ILogger<NatKeepAlive> logger, ISipTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _timeProvider = timeProvider;
        _registrarOptions = options.Value;
        _options = _registrarOptions.KeepAlive;
        _options.Validate();
        _logger = logger;
        _transport = transport;
    }

    /// <summary>The settings in force.</summary>
    public NatKeepAliveOptions Options => _options;

    /// <summary>Pings sent since start.</summary>
    public long PingsSent => Interlocked.Read(ref _pingsSent);

    /// <summary>Bindings removed because their client stopped answering OPTIONS pings.</summary>
    public long BindingsRemoved => Interlocked.Read(ref _bindingsRemoved);

    /// <summary>Starts the rounds when the keep-alive is enabled.</summary>
    /// <param name="cancellationToken">Unused.</param>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled) return Task.CompletedTask;
        if (_transport is null)
        {
            Log.NoTransport(_logger);
            return Task.CompletedTask;
        }

        _timer ??= _timeProvider.CreateTimer(static state => ((NatKeepAlive)state!).OnTimer(), this, _options.Interval, _options.Interval);
        return Task.CompletedTask;
    }

    /// <summary>Stops the rounds.</summary>
    /// <param name="cancellationToken">Unused.</param>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs one round now: counts the OPTIONS pings of the previous round still unanswered, removes the bindings of
    /// addresses that missed <see cref="NatKeepAliveOptions.MaxMissedPings"/> rounds, and pings every other address
    /// of a UDP binding of this node. Returns the number of pings sent.
    /// </summary>
    /// <param name="cancellationToken">Stops the round.</param>
    public async Task<int> PingAsync(CancellationToken cancellationToken = default)
    {
        if (_transport is null) return 0;
        var options = _options.Method == NatPingMethod.Options;
        if (options)
        {
            foreach (var pending in _outstanding)
            {
                if (_outstanding.TryRemove(pending.Key, out var address)) _missed.AddOrUpdate(address, 1, static (_, n) => n + 1);
            }
        }

        var targets = new Dictionary<SipReceivedAddress, string?>();
        List<SipBinding>? dead = null;
        await foreach (var binding in _store.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (binding.Received is not { Kind: SipTransportKind.Udp } received) continue;
            if (!string.Equals(binding.NodeId, _registrarOptions.NodeId, StringComparison.Ordinal)) continue;
            if (_options.MaxMissedPings > 0 && _missed.TryGetValue(received, out var missed) && missed >= _options.MaxMissedPings)
            {
                (dead ??= []).Add(binding);
                continue;
            }

            targets.TryAdd(received, binding.FlowId);
        }

        if (dead is not null) await RemoveDeadAsync(dead, cancellationToken).ConfigureAwait(false);
        foreach (var address in _missed.Keys)
        {
            if (!targets.ContainsKey(address)) _missed.TryRemove(address, out _);
        }

        var sent = 0;
        foreach (var (target, flowId) in targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var flow = await FlowToAsync(target, flowId, cancellationToken).ConfigureAwait(false);
            if (flow is null) continue;
            SipMessage ping;
            string? callId = null;
            if (options)
            {
                callId = NextCallId();
                ping = CreateOptions(flow, callId);
            }
            else
            {
                ping = NatPingMessage.Instance;
            }

            if (!await flow.SendAsync(ping, cancellationToken).ConfigureAwait(false)) continue;
            sent++;
            if (callId is not null) _outstanding[callId] = target;
        }

        Interlocked.Add(ref _pingsSent, sent);
        Log.Round(_logger, sent, targets.Count);
        return sent;
    }

    /// <summary>
    /// Takes an answer to an OPTIONS ping (any status: an answer proves the client alive). Returns true when
    /// <paramref name="response"/> answers a ping of this keep-alive, which the caller then drops; false for any other
    /// response.
    /// </summary>
    /// <param name="response">A response that matched no client transaction.</param>
    public bool TryHandleResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var callId = response.CallId;
        if (callId is null || !callId.StartsWith(CallIdPrefix, StringComparison.Ordinal)) return false;
        if (_outstanding.TryRemove(callId, out var address)) _missed.TryRemove(address, out _);
        return true;
    }

    /// <summary>Stops the rounds.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        _ = RunRoundAsync();
    }

    private async Task RunRoundAsync()
    {
        try
        {
            await PingAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.RoundFailed(_logger, e);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task RemoveDeadAsync(List<SipBinding> dead, CancellationToken cancellationToken)
    {
        foreach (var binding in dead)
        {
            if (await _store.RemoveAsync(binding.Aor, binding.Contact, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _bindingsRemoved);
                Log.Unreachable(_logger, binding.Aor, binding.Contact, binding.Received!.Value);
            }

            _missed.TryRemove(binding.Received!.Value, out _);
        }
    }

    // The flow the client registered on (its listening socket is the one the client's NAT expects), else any UDP flow
    // the transport makes to that address.
    private async ValueTask<SipFlow?> FlowToAsync(SipReceivedAddress target, string? flowId, CancellationToken cancellationToken)
    {
        if (flowId is not null && _transport!.TryGetFlow(flowId, out var registered) && registered.Kind == SipTransportKind.Udp && !registered.IsClosed)
        {
            return registered;
        }

        return await _transport!.GetFlowAsync(SipTransportKind.Udp, target.ToEndPoint(), cancellationToken).ConfigureAwait(false);
    }

    private string NextCallId()
    {
        var n = Interlocked.Increment(ref _sequence);
        return string.Create(CultureInfo.InvariantCulture, $"{CallIdPrefix}{_tagPrefix}-{n}");
    }

    // A minimal OPTIONS (RFC 3261 §11) to the client's public address, with a Via that brings the answer back here.
    private SipRequest CreateOptions(SipFlow flow, string callId)
    {
        var (host, port) = LocalAddress(flow);
        var target = flow.RemoteEndPoint;
        var targetAddress = target.Address.IsIPv4MappedToIPv6 ? target.Address.MapToIPv4() : target.Address;
        var request = new SipRequest(SipMethod.Options, SipUri.Create(SipUriScheme.Sip, null, targetAddress.ToString(), target.Port));
        request.Headers.Add("Via", new SipVia("UDP", host, port, string.Create(CultureInfo.InvariantCulture, $"{SipVia.MagicCookie}{callId}")).ToString());
        request.Headers.Add("Max-Forwards", "70");
        request.Headers.Add("From", string.Create(CultureInfo.InvariantCulture, $"<sip:keepalive@{host}>;tag={_tagPrefix}"));
        request.Headers.Add("To", string.Create(CultureInfo.InvariantCulture, $"<{request.RequestUriText}>"));
        request.Headers.Add("Call-ID", callId);
        request.Headers.Add("CSeq", "1 OPTIONS");
        request.Headers.Add("Content-Length", "0");
        return request;
    }

    // The advertised address of the UDP listener the flow leaves from (the gateway may sit behind a NAT itself).
    private (string Host, int Port) LocalAddress(SipFlow flow)
    {
        foreach (var listener in _transport!.Listeners)
        {
            if (listener.Kind == SipTransportKind.Udp && listener.EndPoint.Equals(flow.LocalEndPoint)) return (listener.AdvertisedHost, listener.AdvertisedPort);
        }

        var local = flow.LocalEndPoint;
        var address = local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            foreach (var listener in _transport.Listeners)
            {
                if (listener.Kind == SipTransportKind.Udp) return (listener.AdvertisedHost, listener.AdvertisedPort);
            }
        }

        return (address.AddressFamily == AddressFamily.InterNetworkV6 ? NatHelper.FormatHost(address) : address.ToString(), local.Port);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "NAT keep-alive: sent {Sent} pings to {Targets} UDP addresses")]
        public static partial void Round(ILogger logger, int sent, int targets);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "A NAT keep-alive round failed")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Removed the binding {Contact} of {Aor}: {Address} stopped answering keep-alive pings")]
        public static partial void Unreachable(ILogger logger, string aor, string contact, SipReceivedAddress address);

        [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "NAT keep-alive is enabled but no ISipTransport is registered: no pings will be sent")]
        public static partial void NoTransport(ILogger logger);
    }
}
