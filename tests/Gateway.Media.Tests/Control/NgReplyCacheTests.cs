using System.Net;
using Gateway.Media.Control.Ng;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Control;

/// <summary>The retransmission cache of <see cref="NgServer"/>, on a fake clock.</summary>
public sealed class NgReplyCacheTests
{
    private static readonly EndPoint Source = new IPEndPoint(IPAddress.Loopback, 5060);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryBegin_NewThenPendingThenCached_ReplyReturned()
    {
        var cache = new NgReplyCache(_time, 10, TimeSpan.FromSeconds(30));

        Assert.Equal(NgReplyCache.Lookup.New, cache.TryBegin(Source, "c1", out _));
        Assert.Equal(NgReplyCache.Lookup.Pending, cache.TryBegin(Source, "c1", out _));
        cache.Complete(Source, "c1", [1, 2, 3]);
        Assert.Equal(NgReplyCache.Lookup.Cached, cache.TryBegin(Source, "c1", out var reply));
        Assert.Equal([1, 2, 3], reply);
    }

    [Fact]
    public void TryBegin_AfterLifetime_NewAgain()
    {
        var cache = new NgReplyCache(_time, 10, TimeSpan.FromSeconds(30));
        cache.TryBegin(Source, "c1", out _);
        cache.Complete(Source, "c1", [1]);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(NgReplyCache.Lookup.Cached, cache.TryBegin(Source, "c1", out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(NgReplyCache.Lookup.New, cache.TryBegin(Source, "c1", out _));
    }

    [Fact]
    public void TryBegin_OverCapacity_OldestEvicted()
    {
        var cache = new NgReplyCache(_time, 3, TimeSpan.FromMinutes(5));
        for (var i = 0; i < 5; i++)
        {
            cache.TryBegin(Source, "c" + i, out _);
            cache.Complete(Source, "c" + i, [(byte)i]);
        }

        Assert.Equal(3, cache.Count);
        Assert.Equal(NgReplyCache.Lookup.Cached, cache.TryBegin(Source, "c4", out _));
        Assert.Equal(NgReplyCache.Lookup.New, cache.TryBegin(Source, "c0", out _));
    }

    [Fact]
    public void Abandon_Pending_NextAttemptRunsAgain()
    {
        var cache = new NgReplyCache(_time, 10, TimeSpan.FromSeconds(30));
        cache.TryBegin(Source, "c1", out _);

        cache.Abandon(Source, "c1");

        Assert.Equal(NgReplyCache.Lookup.New, cache.TryBegin(Source, "c1", out _));
    }

    [Fact]
    public void TryBegin_SameCookieOtherSource_Independent()
    {
        var cache = new NgReplyCache(_time, 10, TimeSpan.FromSeconds(30));
        cache.TryBegin(Source, "c1", out _);
        cache.Complete(Source, "c1", [1]);

        Assert.Equal(NgReplyCache.Lookup.New, cache.TryBegin(new IPEndPoint(IPAddress.Loopback, 5061), "c1", out _));
    }
}
