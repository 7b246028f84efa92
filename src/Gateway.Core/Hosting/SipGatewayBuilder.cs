using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Core.Hosting;

internal sealed class SipGatewayBuilder(IServiceCollection services) : ISipGatewayBuilder
{
    public IServiceCollection Services { get; } = services;
}
