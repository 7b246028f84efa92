namespace Gateway.Core.Proxy;

/// <summary>The default <see cref="ISipApplicationBuilder"/>.</summary>
public sealed class SipApplicationBuilder : ISipApplicationBuilder
{
    private readonly List<Func<SipRequestDelegate, SipRequestDelegate>> _components = [];

    /// <summary>Creates a builder over <paramref name="services"/>.</summary>
    public SipApplicationBuilder(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        ApplicationServices = services;
    }

    /// <inheritdoc />
    public IServiceProvider ApplicationServices { get; }

    /// <inheritdoc />
    public ISipApplicationBuilder Use(Func<SipRequestDelegate, SipRequestDelegate> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _components.Add(middleware);
        return this;
    }

    /// <inheritdoc />
    public SipRequestDelegate Build(SipRequestDelegate terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var app = terminal;
        for (var i = _components.Count - 1; i >= 0; i--)
        {
            app = _components[i](app);
        }

        return app;
    }
}
