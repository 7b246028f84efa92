namespace Gateway.BrowserTests.Infrastructure;

/// <summary>Browser tests share one Chromium and run one at a time (each starts its own gateway).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "browser";
}
