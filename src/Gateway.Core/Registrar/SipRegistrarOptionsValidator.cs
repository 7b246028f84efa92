using Microsoft.Extensions.Options;

namespace Gateway.Core.Registrar;

internal sealed class SipRegistrarOptionsValidator : IValidateOptions<SipRegistrarOptions>, IValidateOptions<InMemoryLocationStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SipRegistrarOptions options) => Run(options.Validate);

    public ValidateOptionsResult Validate(string? name, InMemoryLocationStoreOptions options) => Run(options.Validate);

    private static ValidateOptionsResult Run(Action validate)
    {
        try
        {
            validate();
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
