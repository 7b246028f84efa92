using System.Globalization;
using Gateway.Core.Messages;
using Gateway.Core.Proxy;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Core.Registrar;

/// <summary><c>save("location")</c> and <c>lookup("location")</c> as verbs of the request context.</summary>
public static class SipRequestContextRegistrarExtensions
{
    /// <summary>
    /// Saves the REGISTER's bindings (RFC 3261 §10.3) with the source flow (<c>fix_nated_register</c>) and the
    /// context's <see cref="SipRequestContext.BranchFlags"/>, and answers it (200 with the current bindings, or the
    /// registrar's error). Requires <c>AddRegistrar()</c>.
    /// </summary>
    public static async Task SaveLocationAsync(this SipRequestContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var registrar = context.Services.GetRequiredService<SipRegistrar>();
        var transaction = context.Transaction;
        if (transaction is null) return;
        context.IsCompleted = true;
        var response = await registrar.SaveAsync(context.Request, context.Flow, context.BranchFlags.Bits, transaction.CreateResponse, cancellationToken).ConfigureAwait(false);
        await transaction.SendResponseAsync(response).ConfigureAwait(false);
    }

    /// <summary>
    /// Looks up the Request-URI's bindings (ordered by q; with <paramref name="filterByMethod"/>, contacts whose
    /// Allow lacks the method are skipped) and adds one target per reachable contact, with its stored branch flags,
    /// Path and flow — a WebSocket or NAT'd client is reached over the flow it registered on, or at the address its
    /// REGISTER came from. Requires <c>AddRegistrar()</c>.
    /// </summary>
    public static async Task<SipLookupResult> LookupLocationAsync(this SipRequestContext context, bool filterByMethod = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!request.TryGetRequestUri(out var uri) || string.IsNullOrEmpty(uri.User)) return SipLookupResult.NoUser;

        var registrar = context.Services.GetRequiredService<SipRegistrar>();
        var transport = context.Services.GetRequiredService<ISipTransport>();
        var contacts = await registrar.LookupAsync(uri, filterByMethod ? request.Method : null, cancellationToken).ConfigureAwait(false);
        var found = false;
        foreach (var contact in contacts)
        {
            var target = new SipForwardTarget(contact.ContactUri) { Q = contact.Q };
            target.BranchFlags = new SipFlagSet(contact.BranchFlags);
            foreach (var path in contact.Path) target.Path.Add(path);

            if (contact.FlowId is not null && transport.TryGetFlow(contact.FlowId, out var flow))
            {
                target.Flow = flow;
            }
            else if (contact.ReceivedEndPoint is { } received && contact.ReceivedKind is { } kind && !kind.IsWebSocket())
            {
                // The binding's flow is gone (or lives on another node): go to where the client's REGISTER came from.
                var nextHop = SipUri.Create(SipUriScheme.Sip, null, FormatHost(received.Address), received.Port);
                nextHop.Transport = kind.ToUriParameter();
                target.NextHop = nextHop;
            }
            else if (contact.ReceivedKind is { } wsKind && wsKind.IsWebSocket())
            {
                // A WebSocket client can only be reached over its own connection, which is closed.
                continue;
            }

            context.Targets.Add(target);
            found = true;
        }

        return found ? SipLookupResult.Found : SipLookupResult.NotFound;
    }

    private static string FormatHost(System.Net.IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address.ToString().ToLower(CultureInfo.InvariantCulture) + "]" : address.ToString();
}
