using System.Diagnostics.CodeAnalysis;

namespace Gateway.Media.Sdp;

/// <summary>The shape of the typed values' <c>TryParse</c> methods, so one loop can collect any of them.</summary>
internal delegate bool SdpValueParser<T>(ReadOnlySpan<char> value, [NotNullWhen(true)] out T? result)
    where T : class;
