using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Media.Control.Ng;

namespace Gateway.Media.Tests.Control;

/// <summary>
/// Properties over arbitrary input: decoding and command handling never throw, every request gets a well-formed reply
/// echoing its cookie, and flags survive the trip MediaFlags → ng dictionary → MediaFlags.
/// </summary>
public sealed class NgFuzzTests
{
    private static readonly string[] Tokens =
    [
        "RTP/AVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF", "ICE=remove", "ICE=force", "ICE=force-relay", "ICE=optional", "DTLS=passive", "DTLS=active",
        "DTLS=off", "replace-origin", "replace-session-connection", "replace-username", "rtcp-mux-offer", "rtcp-mux-demux", "rtcp-mux-require",
        "SDES-off", "SDES-no-AES_CM_128_HMAC_SHA1_32", "SDES-only-AEAD_AES_256_GCM", "media-address=192.0.2.1", "address-family=IP6",
        "direction=internal", "direction=external", "strict-source", "asymmetric", "trust-address", "loop-protect", "pad-crypto",
    ];

    [Property(MaxTest = 500)]
    public bool TryParse_ArbitraryBytes_NeverThrows(byte[] data)
    {
        var parsed = NgValue.TryParse(data, out var value, out var error);
        return parsed ? value is not null && error is null : value is null && error is not null;
    }

    [Property(MaxTest = 300)]
    public bool HandleAsync_ArbitraryDictionary_ReplyEchoesCookieAndHasResult(byte[] body)
    {
        var handler = new NgCommandHandler(new NgFakeRelay(), TimeProvider.System);
        var reply = handler.HandleAsync("fz1"u8.ToArray(), body, 65507, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var (cookie, dictionary) = NgTestData.Split(reply);
        return cookie == "fz1" && dictionary.GetText("result") is "ok" or "pong" or "error";
    }

    [Property(MaxTest = 300)]
    public Property HandleAsync_MutatedKamailioOffer_NeverThrows()
    {
        var offer = NgTestData.Fixture("kamailio-plain-offer.request.bin");
        var body = offer.AsSpan(Array.IndexOf(offer, (byte)' ') + 1).ToArray();
        var mutation = Gen.Choose(0, body.Length - 1).SelectMany(index => Gen.Choose(0, 255).Select(value => (index, value)));
        return Prop.ForAll(Arb.From(Gen.ListOf(mutation).Select(l => l.ToArray())), edits =>
        {
            var copy = (byte[])body.Clone();
            foreach (var (index, value) in edits) copy[index] = (byte)value;
            var reply = new NgCommandHandler(new NgFakeRelay(), TimeProvider.System)
                .HandleAsync("m"u8.ToArray(), copy, 65507, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return NgTestData.Split(reply).Dictionary.GetText("result") is "ok" or "error";
        });
    }

    [Property(MaxTest = 200)]
    public Property Flags_ThroughDictionary_RoundTrip()
    {
        var tokens = Gen.SubListOf(Tokens).Select(list => string.Join(' ', list));
        return Prop.ForAll(Arb.From(tokens), text =>
        {
            var flags = Gateway.Core.Media.MediaFlags.Parse(text);
            var buffer = new byte[4096];
            var writer = new BencodeWriter(buffer);
            writer.TryWriteStartDictionary();
            NgFlagMapper.WriteEntries(ref writer, flags, null);
            if (NgFlagMapper.HasFlagList(flags))
            {
                writer.TryWriteKey("flags"u8);
                writer.TryWriteStartList();
                NgFlagMapper.WriteFlagList(ref writer, flags);
                writer.TryWriteEnd();
            }

            writer.TryWriteEnd();
            Assert.True(NgValue.TryParse(writer.WrittenSpan, out var dictionary, out var error), error);
            var decoded = new Gateway.Core.Media.MediaFlags();
            Assert.True(NgFlagMapper.TryRead(dictionary!, decoded, out error), error);
            NgAssert.SameFlags(flags, decoded);
            return true;
        });
    }

    [Fact]
    public void TryParse_DeepNesting_FailsCleanly()
    {
        var deep = Encoding.ASCII.GetBytes(new string('l', 100) + new string('e', 100));

        Assert.False(NgValue.TryParse(deep, out _, out var error));
        Assert.Contains("DepthExceeded", error, StringComparison.Ordinal);
    }
}
