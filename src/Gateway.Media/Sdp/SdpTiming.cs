using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.Media.Sdp;

/// <summary>
/// A time description (RFC 8866 §5.9–5.10): a <c>t=&lt;start-time&gt; &lt;stop-time&gt;</c> line (NTP seconds;
/// <c>0 0</c> for an unbounded session, as SIP and WebRTC always use) followed by its <c>r=</c> repeat lines, which
/// are kept as text.
/// </summary>
public sealed record SdpTiming
{
    /// <summary>Creates a time description.</summary>
    /// <param name="startTime">The start time (NTP seconds), or 0.</param>
    /// <param name="stopTime">The stop time (NTP seconds), or 0.</param>
    /// <param name="repeatTimes">The text after <c>r=</c> of each repeat line, in order; none when null.</param>
    public SdpTiming(ulong startTime, ulong stopTime, IReadOnlyList<string>? repeatTimes = null)
    {
        StartTime = startTime;
        StopTime = stopTime;
        RepeatTimes = repeatTimes ?? [];
    }

    /// <summary>The unbounded session, <c>t=0 0</c>.</summary>
    public static SdpTiming Unbounded { get; } = new(0, 0);

    /// <summary>The start time (NTP seconds), or 0 for "now".</summary>
    public ulong StartTime { get; init; }

    /// <summary>The stop time (NTP seconds), or 0 for unbounded.</summary>
    public ulong StopTime { get; init; }

    /// <summary>The text after <c>r=</c> of each repeat line that follows the <c>t=</c> line, in order.</summary>
    public IReadOnlyList<string> RepeatTimes { get; init; }

    /// <inheritdoc />
    public bool Equals(SdpTiming? other) =>
        other is not null && StartTime == other.StartTime && StopTime == other.StopTime && RepeatTimes.SequenceEqual(other.RepeatTimes, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StartTime, StopTime, RepeatTimes.Count);

    /// <summary>The text after <c>t=</c> (the repeat lines are not included).</summary>
    /// <returns><c>start stop</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StartTime} {StopTime}");

    /// <summary>Parses the text after <c>t=</c> (no repeat lines).</summary>
    /// <param name="value">The text after <c>t=</c>.</param>
    /// <param name="timing">The parsed timing, or null.</param>
    /// <returns>Whether <paramref name="value"/> is two decimal numbers.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpTiming? timing)
    {
        timing = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var start) || !tokens.Next(out var stop) || tokens.Next(out _)) return false;
        if (!SdpSyntax.TryParseUInt64(start, out var startTime) || !SdpSyntax.TryParseUInt64(stop, out var stopTime)) return false;
        timing = new SdpTiming(startTime, stopTime);
        return true;
    }
}
