using Gateway.Core.Parsing;

namespace Gateway.Core.Hosting;

/// <summary>Gateway-wide settings, bound from code (<c>AddSipGateway(o => …)</c>) or configuration.</summary>
public sealed class SipGatewayOptions
{
    /// <summary>
    /// The domains (and addresses) this gateway is responsible for — OpenSIPS's <c>myself</c>. Requests neither from
    /// nor to one of them are refused (no open relay).
    /// </summary>
    public IList<string> LocalDomains { get; } = new List<string>();

    /// <summary>Limits applied to every received message.</summary>
    public SipParserOptions Parser { get; set; } = SipParserOptions.Default;

    /// <summary>Throws when a setting is invalid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Parser);
        Parser.Validate();
        foreach (var domain in LocalDomains)
        {
            if (string.IsNullOrWhiteSpace(domain)) throw new InvalidOperationException("A local domain is empty.");
        }
    }
}
