using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Sdp;

/// <summary>Structural comparison of two descriptions: every typed line value, attribute and media section.</summary>
internal static class SdpAssert
{
    public static void Equivalent(SessionDescription expected, SessionDescription actual)
    {
        Assert.Equal(expected.Origin, actual.Origin);
        Assert.Equal(expected.SessionName, actual.SessionName);
        Assert.Equal(expected.Information, actual.Information);
        Assert.Equal(expected.Uri, actual.Uri);
        Assert.Equal(expected.Emails, actual.Emails);
        Assert.Equal(expected.Phones, actual.Phones);
        Assert.Equal(expected.Connection, actual.Connection);
        Assert.Equal(expected.Bandwidths, actual.Bandwidths);
        Assert.Equal(expected.Timings, actual.Timings);
        Assert.Equal(expected.TimeZoneAdjustments, actual.TimeZoneAdjustments);
        Assert.Equal(expected.EncryptionKey, actual.EncryptionKey);
        Assert.Equal(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.Media.Count, actual.Media.Count);
        for (var i = 0; i < expected.Media.Count; i++) Equivalent(expected.Media[i], actual.Media[i]);
    }

    public static void Equivalent(MediaDescription expected, MediaDescription actual)
    {
        Assert.Equal(expected.Media, actual.Media);
        Assert.Equal(expected.Port, actual.Port);
        Assert.Equal(expected.PortCount, actual.PortCount);
        Assert.Equal(expected.Protocol, actual.Protocol);
        Assert.Equal(expected.Formats, actual.Formats);
        Assert.Equal(expected.Information, actual.Information);
        Assert.Equal(expected.Connections, actual.Connections);
        Assert.Equal(expected.Bandwidths, actual.Bandwidths);
        Assert.Equal(expected.EncryptionKey, actual.EncryptionKey);
        Assert.Equal(expected.Attributes, actual.Attributes);
    }
}
