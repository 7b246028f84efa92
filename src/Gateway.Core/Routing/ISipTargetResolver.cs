using Gateway.Core.Uris;

namespace Gateway.Core.Routing;

/// <summary>Turns a SIP URI into the transport and addresses to try, in order (RFC 3263 §4).</summary>
public interface ISipTargetResolver
{
    /// <summary>Resolves <paramref name="uri"/>; an empty list when it cannot be resolved.</summary>
    ValueTask<IReadOnlyList<SipNextHop>> ResolveAsync(SipUri uri, CancellationToken cancellationToken = default);
}
