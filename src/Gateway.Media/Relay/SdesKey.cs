using Gateway.Media.Srtp;

namespace Gateway.Media.Relay;

/// <summary>An SDES crypto suite with its master key and salt (one a=crypto key).</summary>
/// <param name="Profile">The SRTP profile (the a=crypto suite).</param>
/// <param name="MasterKey">The master key.</param>
/// <param name="MasterSalt">The master salt.</param>
internal sealed record SdesKey(SrtpProfile Profile, ReadOnlyMemory<byte> MasterKey, ReadOnlyMemory<byte> MasterSalt);
