using System.Text.Json;
using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Srtp;

/// <summary>Every vector of <c>srtp/vectors.json</c>: RFC 3711 App. B, RFC 6188 §7, libsrtp validate, RFC 7714 §16–17.</summary>
public sealed class SrtpVectorTests
{
    public static IEnumerable<object[]> KeystreamVectors => SrtpTestData.IdsOfType("aes-cm-keystream");

    public static IEnumerable<object[]> KdfVectors => SrtpTestData.IdsOfType("srtp-kdf");

    public static IEnumerable<object[]> RtpProtectVectors => SrtpTestData.IdsOfType("srtp-protect");

    public static IEnumerable<object[]> RtcpProtectVectors => SrtpTestData.IdsOfType("srtcp-protect");

    public static IEnumerable<object[]> RtpAeadVectors => SrtpTestData.IdsOfType("srtp-aead-encrypt", "srtp-aead-tag-only");

    public static IEnumerable<object[]> RtcpAeadVectors => SrtpTestData.IdsOfType("srtcp-aead-encrypt", "srtcp-aead-tag-only");

    [Fact]
    public void Vectors_AllSeventeen_AreCoveredByATheory()
    {
        var covered = new[] { KeystreamVectors, KdfVectors, RtpProtectVectors, RtcpProtectVectors, RtpAeadVectors, RtcpAeadVectors }
            .SelectMany(x => x).Select(x => (string)x[0]).ToHashSet();
        Assert.Equal(17, SrtpTestData.All.Count);
        Assert.Equal(SrtpTestData.All.Keys.Order(), covered.Order());
    }

    /// <summary>RFC 3711 Appendix B.2 and RFC 6188 §7.1: AES-CM keystream blocks, including 0xfeff–0xff01.</summary>
    [Theory]
    [MemberData(nameof(KeystreamVectors))]
    public void AesCm_Rfc3711AppendixB2_KeystreamMatches(string id)
    {
        var v = SrtpTestData.Vector(id);
        var key = v.Hex("session_key");
        var iv = v.Hex("initial_counter_block");
        var blocks = v.GetProperty("keystream_blocks").EnumerateArray().ToArray();
        var last = blocks.Max(b => b.GetProperty("block_index").GetInt32());
        var keystream = new byte[(last + 1) * 16];
        using (var cipher = new AesCounterKeystream(key))
        {
            cipher.Generate(iv, keystream);
        }

        foreach (var block in blocks)
        {
            var index = block.GetProperty("block_index").GetInt32();
            Assert.Equal(block.GetProperty("keystream").GetString(), Convert.ToHexStringLower(keystream, index * 16, 16));
        }
    }

    /// <summary>RFC 3711 Appendix B.3 and RFC 6188 §7.2: session keys from master key and salt, kdr = 0.</summary>
    [Theory]
    [MemberData(nameof(KdfVectors))]
    public void Kdf_Rfc3711AppendixB3_SessionKeysMatch(string id)
    {
        var v = SrtpTestData.Vector(id);
        var masterKey = v.Hex("master_key");
        var masterSalt = v.Hex("master_salt");
        foreach (var derived in v.GetProperty("derived").EnumerateArray())
        {
            var label = (SrtpKeyLabel)derived.GetProperty("label").GetInt32();
            var output = new byte[derived.GetProperty("length").GetInt32()];
            Assert.True(SrtpKeyDerivation.TryDeriveSessionKey(masterKey, masterSalt, label, output));
            Assert.Equal(derived.GetProperty("expected").GetString(), Convert.ToHexStringLower(output));
            if (derived.TryGetProperty("prf_output_94_bytes_as_printed_in_rfc", out var longOutput))
            {
                var full = new byte[94];
                Assert.True(SrtpKeyDerivation.TryDeriveSessionKey(masterKey, masterSalt, label, full));
                Assert.Equal(longOutput.GetString(), Convert.ToHexStringLower(full));
            }
        }
    }

    [Fact]
    public void Kdf_BadLengths_ReturnFalse()
    {
        var output = new byte[16];
        Assert.False(SrtpKeyDerivation.TryDeriveSessionKey(new byte[15], new byte[14], SrtpKeyLabel.RtpEncryption, output));
        Assert.False(SrtpKeyDerivation.TryDeriveSessionKey(new byte[16], new byte[15], SrtpKeyLabel.RtpEncryption, output));
        Assert.False(SrtpKeyDerivation.TryDeriveSessionKey(new byte[16], new byte[2], SrtpKeyLabel.RtpEncryption, output));
    }

    /// <summary>libsrtp srtp_validate / _aes_256 / _gcm: full SRTP protect from master key and salt, and back.</summary>
    [Theory]
    [MemberData(nameof(RtpProtectVectors))]
    public void ProtectRtp_LibsrtpValidate_MatchesAndRoundTrips(string id)
    {
        var v = SrtpTestData.Vector(id);
        var profile = Profile(v);
        var plain = v.Hex("plaintext_packet");
        var expected = v.Hex("protected_packet");
        Assert.Equal(profile.RtpAuthTagLength, v.GetProperty("auth_tag_length").GetInt32());
        CheckDerivedKeys(v, profile, rtcp: false);

        using var sender = new SrtpContext(profile, v.Hex("master_key"), v.Hex("master_salt"), SrtpDirection.Protect);
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out var protectedLength, out var status), status.ToString());
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(buffer, 0, protectedLength));

        using var receiver = new SrtpContext(profile, v.Hex("master_key"), v.Hex("master_salt"), SrtpDirection.Unprotect);
        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out var plainLength, out status), status.ToString());
        Assert.Equal(Convert.ToHexStringLower(plain), Convert.ToHexStringLower(buffer, 0, plainLength));
    }

    /// <summary>libsrtp srtp_validate / _gcm: SRTCP protect with SRTCP index 1 (one packet protected before it).</summary>
    [Theory]
    [MemberData(nameof(RtcpProtectVectors))]
    public void ProtectRtcp_LibsrtpValidate_MatchesAndRoundTrips(string id)
    {
        var v = SrtpTestData.Vector(id);
        var profile = Profile(v);
        var plain = v.Hex("plaintext_packet");
        var expected = v.Hex("protected_packet");
        Assert.Equal(1, v.GetProperty("srtcp_index").GetInt32());
        CheckDerivedKeys(v, profile, rtcp: true);

        using var sender = new SrtpContext(profile, v.Hex("master_key"), v.Hex("master_salt"), SrtpDirection.Protect);
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtcp(buffer, plain.Length, out _)); // SRTCP index 0
        plain.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtcp(buffer, plain.Length, out var protectedLength)); // SRTCP index 1
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(buffer, 0, protectedLength));

        using var receiver = new SrtpContext(profile, v.Hex("master_key"), v.Hex("master_salt"), SrtpDirection.Unprotect);
        Assert.True(receiver.TryUnprotectRtcp(buffer, protectedLength, out var plainLength, out var status), status.ToString());
        Assert.Equal(Convert.ToHexStringLower(plain), Convert.ToHexStringLower(buffer, 0, plainLength));
    }

    /// <summary>RFC 7714 §16.1.1–16.2.4: SRTP AES-GCM encryption and tag-only, from the session keys; then decryption.</summary>
    [Theory]
    [MemberData(nameof(RtpAeadVectors))]
    public void AeadRtp_Rfc7714Section16_MatchesAndRoundTrips(string id)
    {
        var v = SrtpTestData.Vector(id);
        var options = new SrtpContextOptions { EncryptRtp = v.GetProperty("type").GetString() == "srtp-aead-encrypt" };
        var plain = v.Hex("plaintext_packet");
        var expected = v.Hex("protected_packet");

        using var sender = new SrtpContext(SessionKeys(v), SrtpDirection.Protect, options, ownsKeys: true);
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out var protectedLength, out var status), status.ToString());
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(buffer, 0, protectedLength));

        using var receiver = new SrtpContext(SessionKeys(v), SrtpDirection.Unprotect, options, ownsKeys: true);
        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out var plainLength, out status), status.ToString());
        Assert.Equal(Convert.ToHexStringLower(plain), Convert.ToHexStringLower(buffer, 0, plainLength));
    }

    /// <summary>RFC 7714 §17.1–17.4: SRTCP AES-GCM encryption and tag-only at SRTCP index 0x5d4; then decryption.</summary>
    [Theory]
    [MemberData(nameof(RtcpAeadVectors))]
    public void AeadRtcp_Rfc7714Section17_MatchesAndRoundTrips(string id)
    {
        var v = SrtpTestData.Vector(id);
        var encrypt = v.GetProperty("e_flag").GetInt32() == 1;
        var plain = v.Hex("plaintext_packet");
        var expected = v.Hex("protected_packet");
        var ssrc = v.HexUInt("ssrc");
        var index = v.HexUInt("srtcp_index");

        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        using (var keys = SessionKeys(v))
        using (var cipher = SrtpCipher.Create(keys))
        {
            var protectedLength = cipher.ProtectRtcp(buffer, plain.Length, ssrc, index, encrypt);
            Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(buffer, 0, protectedLength));
        }

        // The receiving context reads E and the index from the packet.
        using var receiver = new SrtpContext(SessionKeys(v), SrtpDirection.Unprotect, null, ownsKeys: true);
        expected.CopyTo(buffer, 0);
        Assert.True(receiver.TryUnprotectRtcp(buffer, expected.Length, out var plainLength, out var status), status.ToString());
        Assert.Equal(Convert.ToHexStringLower(plain), Convert.ToHexStringLower(buffer, 0, plainLength));
    }

    private static SrtpProfile Profile(JsonElement v)
    {
        Assert.True(SrtpProfile.TryFromName(v.GetProperty("profile").GetString(), out var profile));
        return profile;
    }

    private static SrtpSessionKeys SessionKeys(JsonElement v)
    {
        var keys = new SrtpSessionKeys(Profile(v));
        var key = v.Hex("session_key");
        var salt = v.Hex("session_salt");
        key.CopyTo(keys.RtpKey, 0);
        key.CopyTo(keys.RtcpKey, 0);
        salt.CopyTo(keys.RtpSalt, 0);
        salt.CopyTo(keys.RtcpSalt, 0);
        return keys;
    }

    private static void CheckDerivedKeys(JsonElement v, SrtpProfile profile, bool rtcp)
    {
        if (!v.TryGetProperty("derived_session_keys", out var derived)) return;
        using var keys = SrtpKeyDerivation.DeriveAll(profile, v.Hex("master_key"), v.Hex("master_salt"));
        Assert.Equal(derived.GetProperty("encryption_key").GetString(), Convert.ToHexStringLower(rtcp ? keys.RtcpKey : keys.RtpKey));
        var saltName = derived.TryGetProperty("salting_key", out _) ? "salting_key" : "salt";
        Assert.Equal(derived.GetProperty(saltName).GetString(), Convert.ToHexStringLower(rtcp ? keys.RtcpSalt : keys.RtpSalt));
        if (derived.TryGetProperty("authentication_key", out var auth))
        {
            Assert.Equal(auth.GetString(), Convert.ToHexStringLower(rtcp ? keys.RtcpAuthKey : keys.RtpAuthKey));
        }
    }
}
