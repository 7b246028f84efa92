namespace Gateway.BrowserTests.Infrastructure;

/// <summary>One relay stream as <c>/media</c> shows it.</summary>
/// <param name="Local">The relay's address for this party ("ip:port").</param>
/// <param name="Remote">The party's address as the relay knows it, if known.</param>
/// <param name="PacketsReceived">Packets the relay received from the party.</param>
/// <param name="PacketsSent">Packets the relay sent to the party.</param>
/// <param name="Protocol">The party's transport protocol (RTP/AVP, UDP/TLS/RTP/SAVPF, …).</param>
internal sealed record RelayStreamFigures(string? Local, string? Remote, long PacketsReceived, long PacketsSent, string Protocol)
{
    /// <summary>The local port, or -1.</summary>
    public int LocalPort => Local is { } local && int.TryParse(local.AsSpan(local.LastIndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : -1;
}
