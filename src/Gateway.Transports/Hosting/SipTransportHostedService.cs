using Gateway.Core.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Transports.Hosting;

/// <summary>Starts the transport layer with the host (binding every listener) and stops it with the host.</summary>
internal sealed class SipTransportHostedService : IHostedService
{
    private readonly SipTransportLayer _layer;
    private readonly IServiceProvider _services;

    public SipTransportHostedService(SipTransportLayer layer, IServiceProvider services)
    {
        _layer = layer;
        _services = services;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not in a constructor: the handler (the transaction layer) usually needs ISipTransport itself.
        var handler = _services.GetService<ISipMessageHandler>() ?? throw new InvalidOperationException(
            "No ISipMessageHandler is registered: the transports have nobody to deliver SIP messages to. Register one " +
            "(the proxy pipeline, or a handler of your own) with services.AddSingleton<ISipMessageHandler, …>().");
        return _layer.StartAsync(handler, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _layer.StopAsync(cancellationToken);
}
