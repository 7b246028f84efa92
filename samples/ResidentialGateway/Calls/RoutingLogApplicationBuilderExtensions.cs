using Gateway.Core.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResidentialGateway.Calls;

/// <summary>Adds <see cref="RoutingLogMiddleware"/> to a pipeline.</summary>
internal static class RoutingLogApplicationBuilderExtensions
{
    /// <summary>Logs every request's routing decision at Debug and every call's end at Information.</summary>
    public static ISipApplicationBuilder UseRoutingLog(this ISipApplicationBuilder app)
    {
        var calls = app.ApplicationServices.GetRequiredService<CallTracker>();
        var logger = app.ApplicationServices.GetRequiredService<ILogger<RoutingLogMiddleware>>();
        return app.Use(next => new RoutingLogMiddleware(next, calls, logger).InvokeAsync);
    }
}
