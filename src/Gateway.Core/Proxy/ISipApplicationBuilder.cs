namespace Gateway.Core.Proxy;

/// <summary>Composes the proxy pipeline in code, like ASP.NET Core's <c>IApplicationBuilder</c>.</summary>
public interface ISipApplicationBuilder
{
    /// <summary>The application's services.</summary>
    IServiceProvider ApplicationServices { get; }

    /// <summary>Adds a middleware: a function of the next step that returns this step.</summary>
    ISipApplicationBuilder Use(Func<SipRequestDelegate, SipRequestDelegate> middleware);

    /// <summary>Builds the pipeline, ending in <paramref name="terminal"/>.</summary>
    SipRequestDelegate Build(SipRequestDelegate terminal);
}
