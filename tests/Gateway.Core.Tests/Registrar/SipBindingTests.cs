using Gateway.Core.Messages;
using Gateway.Core.Registrar;

namespace Gateway.Core.Tests.Registrar;

public sealed class SipBindingTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SipBinding Create() => new()
    {
        Aor = "sip:alice@example.com",
        Contact = "sip:alice@192.0.2.1",
        ExpiresAt = Now.AddSeconds(100),
        CallId = "c",
    };

    [Fact]
    public void GetRemainingSeconds_RoundsUpAndStopsAtZero()
    {
        var binding = Create();
        Assert.Equal(100, binding.GetRemainingSeconds(Now));
        Assert.Equal(1, binding.GetRemainingSeconds(Now.AddSeconds(99.2)));
        Assert.Equal(0, binding.GetRemainingSeconds(Now.AddSeconds(100)));
        Assert.Equal(0, binding.GetRemainingSeconds(Now.AddSeconds(500)));
        Assert.False(binding.IsExpired(Now.AddSeconds(99.9)));
        Assert.True(binding.IsExpired(Now.AddSeconds(100)));
    }

    [Fact]
    public void Q_KeptToThreeDecimalsAndValidated()
    {
        Assert.Null(Create().Q);
        Assert.Equal(0.123, (Create() with { Q = 0.1234 }).Q);
        Assert.Equal(1.0, (Create() with { Q = 1 }).Q);
        Assert.Throws<ArgumentOutOfRangeException>(() => Create() with { Q = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Create() with { Q = double.NaN });
    }

    [Fact]
    public void RegIdAndPath_DefaultsAndValidation()
    {
        var binding = Create();
        Assert.Null(binding.RegId);
        Assert.Empty(binding.Path);
        Assert.Equal(3, (binding with { RegId = 3 }).RegId);
        Assert.Throws<ArgumentOutOfRangeException>(() => binding with { RegId = -1 });
    }

    [Fact]
    public void Allows_UnknownMethodsAllowEverything()
    {
        Assert.True(Create().Allows(SipMethod.Invite));
        var pager = Create() with { Methods = ["MESSAGE"] };
        Assert.True(pager.Allows(SipMethod.Message));
        Assert.False(pager.Allows(SipMethod.Invite));
        Assert.False((Create() with { Methods = [] }).Allows(SipMethod.Invite));
    }

    [Fact]
    public void ExpiresAt_NonUtcOffset_StoredAsTheSameInstant()
    {
        var local = new DateTimeOffset(2030, 1, 1, 2, 0, 0, TimeSpan.FromHours(2));
        var binding = Create() with { ExpiresAt = local, UpdatedAt = local };
        Assert.Equal(local, binding.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, binding.ExpiresAt.Offset);
        Assert.Equal(local, binding.UpdatedAt);
    }
}
