using System.Globalization;
using System.Text;
using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Core.Registrar;

/// <summary>
/// The registrar (RFC 3261 §10.3) and location lookup: OpenSIPS' <c>save("location")</c> with
/// <c>fix_nated_register()</c>, and <c>lookup("location", "m")</c>. The proxy pipeline calls
/// <see cref="SaveAsync"/> for a REGISTER addressed to a local domain and <see cref="LookupAsync"/> for other
/// requests to local users. Bindings learned over a connection that closes are removed (the client is reachable
/// only through it).
/// </summary>
/// <remarks>
/// Status codes: 400 for a malformed To, Contact, Expires, q, reg-id or Path, for a <c>*</c> Contact that is not
/// alone or not with <c>Expires: 0</c>, and for a CSeq not above the stored one under the same Call-ID (RFC 3261
/// leaves the code open; OpenSIPS and Kamailio answer 400 too); 423 with Min-Expires; 439 when RFC 5626 outbound is
/// requested through an intermediary that did not mark its Path with <c>ob</c>; 403 "Too Many Registered Contacts"
/// past <see cref="SipRegistrarOptions.MaxContactsPerAor"/>; 503 with Retry-After when the store is full; 500 when
/// the store fails or keeps conflicting.
/// </remarks>
public sealed partial class SipRegistrar : IDisposable
{
    private const int MaxSaveAttempts = 5;

    private readonly ILocationStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly SipRegistrarOptions _options;
    private readonly ILogger _logger;
    private readonly ISipTransport? _transport;
    private readonly BindingInterner _interner = new();
    private readonly Action<SipFlow> _onFlowClosed;

    /// <summary>Creates a registrar.</summary>
    /// <param name="store">Where bindings live.</param>
    /// <param name="timeProvider">The clock for expiry.</param>
    /// <param name="options">Expiry bounds, limits and the node id.</param>
    /// <param name="logger">Logs rejections and store failures.</param>
    /// <param name="transport">
    /// The transport layer, whose <see cref="ISipTransport.FlowClosed"/> removes the bindings of closed connections;
    /// optional (without it, call <see cref="RemoveFlowBindingsAsync"/> yourself).
    /// </param>
    public SipRegistrar(ILocationStore store, TimeProvider timeProvider, IOptions<SipRegistrarOptions> options, ILogger<SipRegistrar> logger, ISipTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _timeProvider = timeProvider;
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        _transport = transport;
        _onFlowClosed = OnFlowClosed;
        if (transport is not null) transport.FlowClosed += _onFlowClosed;
    }

    /// <summary>The settings in force.</summary>
    public SipRegistrarOptions Options => _options;

    /// <summary>The location store.</summary>
    public ILocationStore Store => _store;

    /// <summary>
    /// Processes a REGISTER whose Request-URI names a local domain (RFC 3261 §10.3 from step 5 on: the pipeline has
    /// checked the domain, Require and authentication) and returns the response to send: 200 OK listing every
    /// current binding of the AOR with its remaining <c>expires</c>, a Date header, the Path echoed when the client
    /// supports it and <c>Require: outbound</c> when RFC 5626 applied; or an error (see the class remarks).
    /// </summary>
    /// <param name="register">The REGISTER.</param>
    /// <param name="flow">The flow it arrived on: its id and source address are stored with each binding.</param>
    /// <param name="branchFlags">Flags stored with each binding and returned by lookup (<c>setbflag</c>).</param>
    /// <param name="createResponse">
    /// Makes a response to <paramref name="register"/> with a status and reason (the pipeline's own, adding its
    /// To-tag); the registrar adds its headers to it.
    /// </param>
    /// <param name="cancellationToken">Cancels the store operations.</param>
    public async Task<SipResponse> SaveAsync(SipRequest register, SipFlow flow, ulong branchFlags, Func<int, string, SipResponse> createResponse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(createResponse);
        if (!register.Method.Equals(SipMethod.Register)) throw new ArgumentException("The request is not a REGISTER.", nameof(register));

        var request = Parse(register, out var status, out var reason);
        if (request is null)
        {
            Log.RejectedRequest(_logger, register.To?.Uri, status, reason);
            var rejection = createResponse(status, reason);
            if (status == 423) rejection.Headers.Add("Min-Expires", _options.MinExpires.ToString(CultureInfo.InvariantCulture));
            return rejection;
        }

        for (var attempt = 1; ; attempt++)
        {
            SipLocationRecord record;
            try
            {
                record = await _store.GetAsync(request.Aor, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.StoreFailed(_logger, request.Aor, e);
                return createResponse(500, "Server Internal Error");
            }

            var now = _timeProvider.GetUtcNow();
            var next = Apply(request, record, now, flow, branchFlags, out status, out reason);
            if (next is null)
            {
                Log.Rejected(_logger, request.Aor, status, reason);
                return createResponse(status, reason);
            }

            if (request.Contacts.Count == 0 && !request.IsWildcard)
            {
                // A query (no Contact) changes nothing; answer with what is there.
                return CreateOk(request, register, next, now, createResponse);
            }

            LocationSaveStatus saved;
            try
            {
                saved = await _store.SaveAsync(request.Aor, next, record.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.StoreFailed(_logger, request.Aor, e);
                return createResponse(500, "Server Internal Error");
            }

            switch (saved)
            {
                case LocationSaveStatus.Saved:
                    Log.Saved(_logger, request.Aor, next.Count, flow);
                    if (flow.IsClosed && flow.Kind.IsReliable())
                    {
                        // The connection closed while the REGISTER was being processed: its FlowClosed may have run
                        // before the save, so remove what was just saved over it here.
                        await RemoveClosedFlowAsync(flow).ConfigureAwait(false);
                    }

                    return CreateOk(request, register, next, now, createResponse);
                case LocationSaveStatus.StoreFull:
                    Log.StoreFull(_logger, request.Aor);
                    var full = createResponse(503, "Service Unavailable");
                    full.Headers.Add("Retry-After", _options.RetryAfterWhenFull.ToString(CultureInfo.InvariantCulture));
                    return full;
                default:
                    if (attempt >= MaxSaveAttempts)
                    {
                        Log.TooManyConflicts(_logger, request.Aor, attempt);
                        return createResponse(500, "Server Internal Error");
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Finds where to send a request for <paramref name="requestUri"/> (OpenSIPS' <c>lookup("location")</c>): the
    /// unexpired bindings of its AOR (user and host, see <see cref="SipAddressOfRecord"/>), highest q first and,
    /// among equal q, the most recently refreshed first. With <paramref name="methodFilter"/> (the tutorial's
    /// <c>"m"</c> flag) a contact whose known methods lack it is skipped. Empty when nothing is registered: the
    /// caller answers 404 (and 484 before calling, when the Request-URI has no user part). A failing store's
    /// exception propagates (the caller answers 500).
    /// </summary>
    /// <param name="requestUri">The Request-URI.</param>
    /// <param name="methodFilter">The request's method, to skip contacts that do not accept it; or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the store read.</param>
    public async Task<IReadOnlyList<SipLocationContact>> LookupAsync(SipUri requestUri, SipMethod? methodFilter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!SipAddressOfRecord.TryNormalize(requestUri, out var aor)) return [];
        var record = await _store.GetAsync(aor, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var selected = new List<SipBinding>(record.Bindings.Count);
        foreach (var binding in record.Bindings)
        {
            if (binding.IsExpired(now)) continue;
            if (methodFilter is { } method && !binding.Allows(method)) continue;
            var at = selected.Count;
            while (at > 0 && Precedes(binding, selected[at - 1])) at--;
            selected.Insert(at, binding);
        }

        if (selected.Count == 0) return [];
        var contacts = new List<SipLocationContact>(selected.Count);
        foreach (var binding in selected)
        {
            if (!SipUri.TryParse(binding.Contact, out var uri))
            {
                Log.UnparseableContact(_logger, aor, binding.Contact);
                continue;
            }

            var local = string.Equals(binding.NodeId, _options.NodeId, StringComparison.Ordinal);
            contacts.Add(new SipLocationContact
            {
                ContactUri = uri!,
                Q = binding.Q ?? 1.0,
                Path = binding.Path,
                FlowId = local ? binding.FlowId : null,
                NodeId = binding.NodeId,
                ReceivedKind = binding.Received?.Kind,
                ReceivedEndPoint = binding.Received?.ToEndPoint(),
                BranchFlags = binding.BranchFlags,
                Instance = binding.Instance,
                RegId = binding.RegId,
                Binding = binding,
            });
        }

        return contacts;
    }

    /// <summary>
    /// Removes the bindings learned over <paramref name="flow"/> on this node (done automatically for stream flows
    /// when the transport raises <see cref="ISipTransport.FlowClosed"/>); returns how many.
    /// </summary>
    /// <param name="flow">A flow that closed.</param>
    /// <param name="cancellationToken">Cancels the store write.</param>
    public async Task<int> RemoveFlowBindingsAsync(SipFlow flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var removed = await _store.RemoveByFlowAsync(_options.NodeId, flow.Id, cancellationToken).ConfigureAwait(false);
        if (removed > 0) Log.FlowBindingsRemoved(_logger, removed, flow);
        return removed;
    }

    /// <summary>Stops listening for closed flows.</summary>
    public void Dispose()
    {
        if (_transport is not null) _transport.FlowClosed -= _onFlowClosed;
    }

    // q descending, then the most recently updated first (RFC 3261 §16.6 leaves the order among equal q open).
    private static bool Precedes(SipBinding a, SipBinding b)
    {
        var qa = a.Q ?? 1.0;
        var qb = b.Q ?? 1.0;
        if (qa != qb) return qa > qb;
        return a.UpdatedAtTicks > b.UpdatedAtTicks;
    }

    private void OnFlowClosed(SipFlow flow)
    {
        if (flow is null || !flow.Kind.IsReliable()) return;
        _ = RemoveClosedFlowAsync(flow);
    }

    private async Task RemoveClosedFlowAsync(SipFlow flow)
    {
        try
        {
            await RemoveFlowBindingsAsync(flow, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.FlowRemovalFailed(_logger, flow, e);
        }
    }

    // RFC 3261 §10.3 steps 5-7 up to the store: everything that can be checked without the stored bindings.
    private RegistrationRequest? Parse(SipRequest register, out int status, out string reason)
    {
        status = 400;
        var to = register.To;
        if (to is null)
        {
            reason = "Invalid To Header";
            return null;
        }

        if (!SipAddressOfRecord.TryNormalize(to.Uri, out var aor))
        {
            reason = "Address-of-Record Is Not a SIP URI";
            return null;
        }

        var callId = register.CallId;
        var cseq = register.CSeq;
        if (string.IsNullOrEmpty(callId) || cseq is null)
        {
            reason = "Invalid Call-ID or CSeq";
            return null;
        }

        long? headerExpires = null;
        var expiresIndex = register.Headers.IndexOf(SipHeaderId.Expires);
        if (expiresIndex >= 0)
        {
            if (!TryParseExpires(register.Headers.GetFirstValue(SipHeaderId.Expires), out var value))
            {
                reason = "Invalid Expires Header";
                return null;
            }

            headerExpires = value;
        }

        if (!register.TryGetPaths(out var paths))
        {
            reason = "Invalid Path Header";
            return null;
        }

        IReadOnlyList<string> path = [];
        if (paths.Count > 0)
        {
            var texts = new List<string>(paths.Count);
            foreach (var p in paths) texts.Add(p.ToString());
            path = _interner.InternList(texts);
        }

        var echoPath = paths.Count > 0 && register.HasToken(SipHeaderId.Supported, "path");
        var userAgent = _interner.Intern(register.Headers.GetFirstValue(SipHeaderId.UserAgent));

        if (register.HasWildcardContact)
        {
            // RFC 3261 §10.3 step 6: '*' only alone and only with Expires: 0.
            if (register.Headers.CountOf(SipHeaderId.Contact) != 1 || headerExpires != 0)
            {
                reason = "Invalid Request";
                return null;
            }

            status = 200;
            reason = string.Empty;
            return new RegistrationRequest
            {
                Aor = aor,
                CallId = callId,
                CSeq = cseq.Number,
                IsWildcard = true,
                Contacts = [],
                Path = path,
                UserAgent = userAgent,
            };
        }

        if (!register.TryGetContacts(out var contacts))
        {
            reason = "Invalid Contact Header";
            return null;
        }

        if (contacts.Count > _options.MaxContactsPerAor)
        {
            status = 403;
            reason = "Too Many Registered Contacts";
            return null;
        }

        var supportsOutbound = register.HasToken(SipHeaderId.Supported, "outbound");
        IReadOnlyList<string>? allow = null;
        var allowIndex = register.Headers.IndexOf(SipHeaderId.Allow);
        if (allowIndex >= 0)
        {
            if (register.Headers.IndexOf(SipHeaderId.Allow, allowIndex + 1) < 0)
            {
                allow = _interner.InternTokenList(register.Headers[allowIndex].Value);
            }
            else
            {
                var tokens = new List<string>();
                if (register.TryGetTokens(SipHeaderId.Allow, tokens)) allow = _interner.InternList(tokens);
            }
        }

        var requested = new List<RequestedContact>(contacts.Count);
        var outbound = false;
        foreach (var contact in contacts)
        {
            long expires;
            if (contact.Parameters.TryGetValue("expires", out var rawExpires))
            {
                if (!TryParseExpires(rawExpires, out expires))
                {
                    reason = "Invalid Contact Expires";
                    return null;
                }
            }
            else
            {
                expires = headerExpires ?? _options.DefaultExpires;
            }

            // RFC 3261 §10.3 step 7: 423 only for a non-zero interval below the minimum (and below an hour).
            if (expires > 0 && expires < _options.MinExpires && expires < 3600)
            {
                status = 423;
                reason = "Interval Too Brief";
                return null;
            }

            expires = Math.Min(expires, _options.MaxExpires);
            if (contact.Parameters.Contains("q") && contact.Q is null)
            {
                reason = "Invalid q Value";
                return null;
            }

            if (contact.Parameters.Contains("reg-id") && contact.RegId is null)
            {
                reason = "Invalid reg-id";
                return null;
            }

            var instance = contact.Instance;
            var useOutbound = supportsOutbound && instance is not null && contact.RegId is not null;
            outbound |= useOutbound;
            requested.Add(new RequestedContact
            {
                Uri = contact.Uri,
                UriText = contact.Uri.ToString(),
                Expires = expires,
                Q = contact.Q,
                Instance = instance,
                RegId = contact.RegId,
                Outbound = useOutbound,
                Methods = MethodsOf(contact) ?? allow,
            });
        }

        if (outbound)
        {
            // RFC 5626 §6: one flow per REGISTER, and an intermediary between the client and us must support outbound.
            if (requested.Count > 1)
            {
                reason = "Multiple Contacts With reg-id";
                return null;
            }

            if (register.TryGetVias(out var vias) && vias.Count > 1 && (paths.Count == 0 || !paths[^1].Uri.Parameters.Contains("ob")))
            {
                status = 439;
                reason = "First Hop Lacks Outbound Support";
                return null;
            }
        }

        status = 200;
        reason = string.Empty;
        return new RegistrationRequest
        {
            Aor = aor,
            CallId = callId,
            CSeq = cseq.Number,
            Contacts = requested,
            Path = path,
            EchoPath = echoPath,
            Outbound = outbound,
            UserAgent = userAgent,
        };
    }

    // RFC 3261 §10.3 steps 6-7 against the stored bindings: the complete new set, or null with the error.
    private List<SipBinding>? Apply(RegistrationRequest request, SipLocationRecord record, DateTimeOffset now, SipFlow flow, ulong branchFlags, out int status, out string reason)
    {
        status = 200;
        reason = string.Empty;
        var bindings = new List<SipBinding>(record.Bindings.Count + request.Contacts.Count);
        foreach (var b in record.Bindings)
        {
            if (!b.IsExpired(now)) bindings.Add(b);
        }

        var before = bindings.Count;
        if (request.IsWildcard)
        {
            foreach (var b in bindings)
            {
                if (IsStale(request, b))
                {
                    status = 400;
                    reason = "Invalid CSeq Number";
                    return null;
                }
            }

            bindings.Clear();
            return bindings;
        }

        if (request.Contacts.Count == 0) return bindings;

        // Stored contacts are parsed only when no text matches exactly (the usual refresh repeats the text).
        var uris = new List<SipUri?>(bindings.Count + request.Contacts.Count);
        var parsed = new List<bool>(bindings.Count + request.Contacts.Count);
        var touched = new List<bool>(bindings.Count + request.Contacts.Count);
        foreach (var b in bindings)
        {
            uris.Add(null);
            parsed.Add(false);
            touched.Add(false);
        }

        var received = SipReceivedAddress.FromFlow(flow);
        foreach (var contact in request.Contacts)
        {
            var index = -1;
            if (contact.Outbound)
            {
                // RFC 5626 §6: the same instance and reg-id is the same flow: the new registration replaces it.
                for (var i = 0; i < bindings.Count && index < 0; i++)
                {
                    if (bindings[i].RegId == contact.RegId && string.Equals(bindings[i].Instance, contact.Instance, StringComparison.Ordinal)) index = i;
                }
            }

            for (var i = 0; i < bindings.Count && index < 0; i++)
            {
                if (string.Equals(bindings[i].Contact, contact.UriText, StringComparison.Ordinal)) index = i;
            }

            // RFC 3261 §10.3 step 7: bindings are matched with the URI comparison rules of §19.1.4.
            for (var i = 0; i < bindings.Count && index < 0; i++)
            {
                if (!parsed[i])
                {
                    uris[i] = SipUri.TryParse(bindings[i].Contact, out var uri) ? uri : null;
                    parsed[i] = true;
                }

                if (uris[i] is { } stored && stored.Equals(contact.Uri)) index = i;
            }

            if (index >= 0)
            {
                if (!touched[index] && IsStale(request, bindings[index]))
                {
                    status = 400;
                    reason = "Invalid CSeq Number";
                    return null;
                }

                if (contact.Expires == 0)
                {
                    bindings.RemoveAt(index);
                    uris.RemoveAt(index);
                    parsed.RemoveAt(index);
                    touched.RemoveAt(index);
                }
                else
                {
                    bindings[index] = CreateBinding(request, contact, now, flow, received, branchFlags);
                    uris[index] = contact.Uri;
                    parsed[index] = true;
                    touched[index] = true;
                }
            }
            else if (contact.Expires > 0)
            {
                bindings.Add(CreateBinding(request, contact, now, flow, received, branchFlags));
                uris.Add(contact.Uri);
                parsed.Add(true);
                touched.Add(true);
            }
        }

        if (bindings.Count > _options.MaxContactsPerAor && bindings.Count > before)
        {
            status = 403;
            reason = "Too Many Registered Contacts";
            return null;
        }

        return bindings;
    }

    // Same Call-ID and a CSeq not above the stored one: an old or repeated REGISTER (RFC 3261 §10.3 steps 6-7).
    private static bool IsStale(RegistrationRequest request, SipBinding binding) =>
        string.Equals(binding.CallId, request.CallId, StringComparison.Ordinal) && request.CSeq <= binding.CSeq;

    private SipBinding CreateBinding(RegistrationRequest request, RequestedContact contact, DateTimeOffset now, SipFlow flow, SipReceivedAddress received, ulong branchFlags) => new()
    {
        Aor = request.Aor,
        Contact = contact.UriText,
        ExpiresAt = now.AddSeconds(contact.Expires),
        UpdatedAt = now,
        Q = contact.Q,
        CallId = request.CallId,
        CSeq = request.CSeq,
        Received = received,
        FlowId = flow.Id,
        NodeId = _options.NodeId,
        Path = request.Path,
        Instance = contact.Instance,
        RegId = contact.RegId,
        BranchFlags = branchFlags,
        Methods = contact.Methods,
        UserAgent = request.UserAgent,
    };

    // RFC 3261 §10.3 step 8: every current binding with its remaining interval, and a Date.
    private static SipResponse CreateOk(RegistrationRequest request, SipRequest register, List<SipBinding> bindings, DateTimeOffset now, Func<int, string, SipResponse> createResponse)
    {
        var response = createResponse(200, "OK");
        var builder = new StringBuilder(128);
        foreach (var binding in bindings)
        {
            builder.Clear();
            AppendContact(builder, binding, now);
            response.Headers.Add("Contact", builder.ToString());
        }

        response.Headers.Add("Date", SipDate.Format(now));
        if (request.EchoPath)
        {
            for (var i = register.Headers.IndexOf(SipHeaderId.Path); i >= 0; i = register.Headers.IndexOf(SipHeaderId.Path, i + 1))
            {
                response.Headers.Add("Path", register.Headers[i].Value);
            }
        }

        if (request.Outbound) response.Headers.Add("Require", "outbound");
        return response;
    }

    private static void AppendContact(StringBuilder builder, SipBinding binding, DateTimeOffset now)
    {
        builder.Append('<').Append(binding.Contact).Append(">;expires=").Append(binding.GetRemainingSeconds(now));
        if (binding.Q is { } q) builder.Append(";q=").Append(q.ToString("0.###", CultureInfo.InvariantCulture));
        if (binding.Instance is { } instance)
        {
            builder.Append(";+sip.instance=\"");
            foreach (var c in instance)
            {
                if (c is '"' or '\\') builder.Append('\\');
                builder.Append(c);
            }

            builder.Append('"');
        }

        if (binding.RegId is { } regId) builder.Append(";reg-id=").Append(regId);
    }

    // The methods feature parameter (RFC 3840 §9): methods="INVITE,BYE,..."; null when absent or unusable.
    private string[]? MethodsOf(SipNameAddress contact)
    {
        var value = contact.Parameters.GetUnquotedValue("methods");
        return value is null ? null : _interner.InternTokenList(value);
    }

    // delta-seconds; a value beyond 2**32-1 counts as 2**32-1 (RFC 3261 §20.19 and §25.1 leave room for that).
    private static bool TryParseExpires(string? text, out long seconds)
    {
        seconds = 0;
        if (text is null) return false;
        if (SipNumericHeader.TryParseDeltaSeconds(text, out seconds)) return true;
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty) return false;
        foreach (var c in trimmed)
        {
            if (c is < '0' or > '9') return false;
        }

        seconds = SipNumericHeader.MaxDeltaSeconds;
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Saved {Count} bindings of {Aor} from {Flow}")]
        public static partial void Saved(ILogger logger, string aor, int count, SipFlow flow);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Refused a REGISTER for {Aor}: {Status} {Reason}")]
        public static partial void Rejected(ILogger logger, string aor, int status, string reason);

        [LoggerMessage(EventId = 4009, Level = LogLevel.Debug, Message = "Refused a REGISTER for {To}: {Status} {Reason}")]
        public static partial void RejectedRequest(ILogger logger, SipUri? to, int status, string reason);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "The location store failed on {Aor}")]
        public static partial void StoreFailed(ILogger logger, string aor, Exception exception);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "The location store is full; refused a REGISTER for {Aor}")]
        public static partial void StoreFull(ILogger logger, string aor);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Gave up saving {Aor} after {Attempts} conflicting attempts")]
        public static partial void TooManyConflicts(ILogger logger, string aor, int attempts);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Removed {Count} bindings learned over the closed flow {Flow}")]
        public static partial void FlowBindingsRemoved(ILogger logger, int count, SipFlow flow);

        [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Removing the bindings of the closed flow {Flow} failed")]
        public static partial void FlowRemovalFailed(ILogger logger, SipFlow flow, Exception exception);

        [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "A stored contact of {Aor} does not parse: {Contact}")]
        public static partial void UnparseableContact(ILogger logger, string aor, string contact);
    }
}
