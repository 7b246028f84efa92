namespace Gateway.BrowserTests.Infrastructure;

/// <summary>A fact that needs Chromium: skipped, saying why, when <see cref="Chromium.ExecutablePath"/> is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when Chromium is missing.</summary>
    public BrowserFactAttribute()
    {
        if (Chromium.SkipReason is { } reason) Skip = reason;
    }
}
