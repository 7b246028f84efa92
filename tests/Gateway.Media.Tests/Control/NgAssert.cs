using System.Globalization;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;

namespace Gateway.Media.Tests.Control;

/// <summary>Comparisons for ng tests.</summary>
internal static class NgAssert
{
    /// <summary>A canonical text of a value: dictionaries with keys sorted, strings quoted.</summary>
    public static string Canonical(NgValue value) => value.Kind switch
    {
        NgValueKind.String => "\"" + Encoding.UTF8.GetString(value.Bytes) + "\"",
        NgValueKind.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        NgValueKind.List => "[" + string.Join(",", value.Items.Select(Canonical)) + "]",
        _ => "{" + string.Join(",", value.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + ":" + Canonical(e.Value))) + "}",
    };

    /// <summary>The same flags, property by property.</summary>
    public static void SameFlags(MediaFlags expected, MediaFlags actual)
    {
        Assert.Equal(expected.TransportProtocol, actual.TransportProtocol);
        Assert.Equal(expected.Ice, actual.Ice);
        Assert.Equal(expected.Dtls, actual.Dtls);
        Assert.Equal(expected.ReplaceOrigin, actual.ReplaceOrigin);
        Assert.Equal(expected.ReplaceSessionConnection, actual.ReplaceSessionConnection);
        Assert.Equal(expected.OtherReplace, actual.OtherReplace);
        Assert.Equal(expected.RtcpMux, actual.RtcpMux);
        Assert.Equal(expected.SdesOff, actual.SdesOff);
        Assert.Equal(expected.SdesExclude, actual.SdesExclude);
        Assert.Equal(expected.SdesOnly, actual.SdesOnly);
        Assert.Equal(expected.MediaAddress, actual.MediaAddress);
        Assert.Equal(expected.AddressFamily, actual.AddressFamily);
        Assert.Equal(expected.Directions, actual.Directions);
        Assert.Equal(expected.StrictSource, actual.StrictSource);
        Assert.Equal(expected.Asymmetric, actual.Asymmetric);
        Assert.Equal(expected.TrustAddress, actual.TrustAddress);
        Assert.Equal(expected.OtherFlags.Order(StringComparer.Ordinal), actual.OtherFlags.Order(StringComparer.Ordinal));
    }
}
