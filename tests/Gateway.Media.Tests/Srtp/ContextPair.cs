using System.Security.Cryptography;
using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Srtp;

/// <summary>A protecting and an unprotecting context over the same random master key.</summary>
internal sealed class ContextPair : IDisposable
{
    private ContextPair(SrtpProfile profile, SrtpContext sender, SrtpContext receiver)
    {
        Profile = profile;
        Sender = sender;
        Receiver = receiver;
    }

    public SrtpProfile Profile { get; }

    public SrtpContext Sender { get; }

    public SrtpContext Receiver { get; }

    public static ContextPair Create(string profileName, SrtpContextOptions? options = null)
    {
        if (!SrtpProfile.TryFromName(profileName, out var profile)) throw new ArgumentException(profileName);
        var key = RandomNumberGenerator.GetBytes(profile.CipherKeyLength);
        var salt = RandomNumberGenerator.GetBytes(profile.SaltLength);
        return new ContextPair(
            profile,
            new SrtpContext(profile, key, salt, SrtpDirection.Protect, options),
            new SrtpContext(profile, key, salt, SrtpDirection.Unprotect, options));
    }

    public void Dispose()
    {
        Sender.Dispose();
        Receiver.Dispose();
    }
}
