namespace Gateway.Core.Proxy;

/// <summary>Inline middleware, the way ASP.NET Core writes it.</summary>
public static class SipApplicationBuilderExtensions
{
    /// <summary>
    /// Adds an inline step: <c>app.Use((ctx, next) => … next(ctx) …)</c>. The step calls <c>next(ctx)</c> to continue,
    /// or ends the request with <c>ctx.ReplyAsync(…)</c> / <c>ctx.RelayAsync()</c>, or just returns to drop it.
    /// </summary>
    public static ISipApplicationBuilder Use(this ISipApplicationBuilder app, Func<SipRequestContext, SipRequestDelegate, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(middleware);
        return app.Use(next => context => middleware(context, next));
    }

    /// <summary>Adds a step that ends the pipeline (nothing after it runs).</summary>
    public static ISipApplicationBuilder Run(this ISipApplicationBuilder app, SipRequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(handler);
        return app.Use(_ => handler);
    }

    /// <summary>Runs the steps <paramref name="configure"/> adds only for requests matching <paramref name="predicate"/>, then rejoins the main pipeline.</summary>
    public static ISipApplicationBuilder UseWhen(this ISipApplicationBuilder app, Func<SipRequestContext, bool> predicate, Action<ISipApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(configure);
        var branch = new SipApplicationBuilder(app.ApplicationServices);
        configure(branch);
        return app.Use(next =>
        {
            var branchPipeline = branch.Build(next);
            return context => predicate(context) ? branchPipeline(context) : next(context);
        });
    }
}
