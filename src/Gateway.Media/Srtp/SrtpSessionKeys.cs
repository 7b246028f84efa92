using System.Security.Cryptography;

namespace Gateway.Media.Srtp;

/// <summary>The six session keys of one SRTP cryptographic context (RFC 3711 §4.3.1), zeroed on dispose.</summary>
internal sealed class SrtpSessionKeys : IDisposable
{
    public SrtpSessionKeys(SrtpProfile profile)
    {
        Profile = profile;
        RtpKey = new byte[profile.CipherKeyLength];
        RtpAuthKey = new byte[profile.AuthKeyLength];
        RtpSalt = new byte[profile.SaltLength];
        RtcpKey = new byte[profile.CipherKeyLength];
        RtcpAuthKey = new byte[profile.AuthKeyLength];
        RtcpSalt = new byte[profile.SaltLength];
    }

    public SrtpProfile Profile { get; }

    public byte[] RtpKey { get; }

    public byte[] RtpAuthKey { get; }

    public byte[] RtpSalt { get; }

    public byte[] RtcpKey { get; }

    public byte[] RtcpAuthKey { get; }

    public byte[] RtcpSalt { get; }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(RtpKey);
        CryptographicOperations.ZeroMemory(RtpAuthKey);
        CryptographicOperations.ZeroMemory(RtpSalt);
        CryptographicOperations.ZeroMemory(RtcpKey);
        CryptographicOperations.ZeroMemory(RtcpAuthKey);
        CryptographicOperations.ZeroMemory(RtcpSalt);
    }
}
