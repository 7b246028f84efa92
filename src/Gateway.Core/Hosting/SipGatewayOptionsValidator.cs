using Microsoft.Extensions.Options;

namespace Gateway.Core.Hosting;

internal sealed class SipGatewayOptionsValidator : IValidateOptions<SipGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, SipGatewayOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
