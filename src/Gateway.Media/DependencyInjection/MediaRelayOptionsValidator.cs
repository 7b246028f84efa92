using Gateway.Media.Relay;
using Microsoft.Extensions.Options;

namespace Gateway.Media.DependencyInjection;

/// <summary>Runs <see cref="MediaRelayOptions.Validate"/> for the options system, reporting the first bad setting.</summary>
internal sealed class MediaRelayOptionsValidator : IValidateOptions<MediaRelayOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaRelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
