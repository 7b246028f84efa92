namespace Gateway.BrowserTests.Infrastructure;

/// <summary>A theory that needs Chromium: skipped, saying why, when <see cref="Chromium.ExecutablePath"/> is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when Chromium is missing.</summary>
    public BrowserTheoryAttribute()
    {
        if (Chromium.SkipReason is { } reason) Skip = reason;
    }
}
