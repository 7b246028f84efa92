using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Core.Hosting;

/// <summary>
/// Returned by <c>AddSipGateway</c>; the other packages hang their registrations on it
/// (<c>.AddUdp(…)</c>, <c>.AddWebSocket(…)</c>, <c>.AddMediaRelay(…)</c>).
/// </summary>
public interface ISipGatewayBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
