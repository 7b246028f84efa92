using Gateway.Media.Ice;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Relay;

/// <summary>What a Chromium browser and a plain SIP phone need to find in the SDP the relay sends them.</summary>
internal static class RelaySdpAssert
{
    /// <summary>
    /// Chromium's requirements for every accepted m-line: UDP/TLS/RTP/SAVPF, the relay's ICE-lite credentials and
    /// candidates on the advertised port with end-of-candidates, the relay's sha-256 fingerprint, a=setup,
    /// a=rtcp-mux, a=mid; a=ice-lite at session level; no SDES.
    /// </summary>
    public static void ForBrowser(SessionDescription sdp, string relayAddress, string fingerprint, params SdpSetup[] setups)
    {
        Assert.True(sdp.IceLite);
        Assert.Null(sdp.IceUfrag);
        Assert.Null(sdp.Fingerprint);
        var accepted = 0;
        foreach (var media in sdp.Media)
        {
            Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
            Assert.NotNull(media.Mid);
            if (media.Port == 0) continue;
            accepted++;
            Assert.Equal(relayAddress, media.EffectiveConnection!.Address);
            Assert.True(IceCredentials.IsValidUsernameFragment(media.IceUfrag), media.IceUfrag);
            Assert.True(IceCredentials.IsValidPassword(media.IcePwd), media.IcePwd);
            Assert.Null(media.IceOptions);
            var candidates = media.Candidates;
            Assert.NotEmpty(candidates);
            Assert.Contains(candidates, c => c.Component == 1 && c.Address == relayAddress && c.Port == media.Port && c.Transport == "UDP");
            Assert.True(media.EndOfCandidates);
            Assert.Equal(fingerprint, media.Attributes.GetValue("fingerprint"));
            Assert.Single(media.Attributes.GetAll("fingerprint"));
            Assert.NotNull(media.Setup);
            Assert.Contains(media.Setup!.Value, setups);
            Assert.True(media.RtcpMux);
            Assert.Empty(media.Cryptos);
            Assert.False(media.Attributes.Contains("tls-id"));
        }

        Assert.True(accepted > 0, "No accepted m-line");
    }

    /// <summary>A plain phone: RTP/AVP, no ICE, DTLS or SDES attributes anywhere; c= and o= are the relay.</summary>
    public static void ForPhone(SessionDescription sdp, string relayAddress)
    {
        Assert.Equal(relayAddress, sdp.Origin.Address);
        Assert.False(sdp.IceLite);
        Assert.Null(sdp.IceUfrag);
        Assert.Null(sdp.IcePwd);
        Assert.Null(sdp.IceOptions);
        Assert.Null(sdp.Fingerprint);
        Assert.Null(sdp.Setup);
        if (sdp.Connection is not null) Assert.Equal(relayAddress, sdp.Connection.Address);
        var accepted = 0;
        foreach (var media in sdp.Media)
        {
            Assert.Equal("RTP/AVP", media.Protocol);
            foreach (var name in new[] { "ice-ufrag", "ice-pwd", "ice-options", "candidate", "end-of-candidates", "fingerprint", "setup", "crypto", "tls-id" })
            {
                Assert.False(media.Attributes.Contains(name), $"a={name} left in the SDP for a phone");
            }

            if (media.Port == 0) continue;
            accepted++;
            Assert.Equal(relayAddress, media.EffectiveConnection!.Address);
        }

        Assert.True(accepted > 0, "No accepted m-line");
    }
}
