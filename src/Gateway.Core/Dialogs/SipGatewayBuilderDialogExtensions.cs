using Gateway.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Core.Dialogs;

/// <summary>Registers dialog tracking.</summary>
public static class SipGatewayBuilderDialogExtensions
{
    /// <summary>
    /// Registers <see cref="SipDialogTracker"/> (a singleton) with its options validated at start; put
    /// <c>app.UseDialogs()</c> in the pipeline to feed it.
    /// </summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Sets <see cref="SipDialogOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static ISipGatewayBuilder AddDialogs(this ISipGatewayBuilder builder, Action<SipDialogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SipDialogOptions>();
        if (configure is not null) options.Configure(configure);
        options.Validate(static o => OptionsValidation.Passes(o.Validate), "Invalid dialog options.").ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(static sp => new SipDialogTracker(
            sp,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SipDialogOptions>>().Value,
            sp.GetRequiredService<ILogger<SipDialogTracker>>()));
        return builder;
    }
}
