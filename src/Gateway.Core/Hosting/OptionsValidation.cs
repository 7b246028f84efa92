namespace Gateway.Core.Hosting;

/// <summary>Adapts an options class's throwing <c>Validate()</c> to the boolean predicate <c>OptionsBuilder.Validate</c> takes.</summary>
internal static class OptionsValidation
{
    /// <summary>Whether <paramref name="validate"/> returns without an <see cref="ArgumentException"/>.</summary>
    public static bool Passes(Action validate)
    {
        try
        {
            validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
