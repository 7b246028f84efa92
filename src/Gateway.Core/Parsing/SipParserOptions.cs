namespace Gateway.Core.Parsing;

/// <summary>Limits the parser enforces. The defaults suit a public-facing proxy.</summary>
public sealed record SipParserOptions
{
    /// <summary>Shared instance with the default limits.</summary>
    public static SipParserOptions Default { get; } = new();

    /// <summary>Largest whole message, header section plus body, in octets. Default 65,535 (the largest UDP datagram).</summary>
    public int MaxMessageSize { get; init; } = 65_535;

    /// <summary>Largest header section (start line through the empty line), in octets. Default 16,384.</summary>
    public int MaxHeaderSectionSize { get; init; } = 16_384;

    /// <summary>Most header fields one message may carry (a folded header counts once). Default 128.</summary>
    public int MaxHeaderCount { get; init; } = 128;

    /// <summary>Longest header field (with its continuation lines), in octets. Default 8,192.</summary>
    public int MaxLineLength { get; init; } = 8_192;

    /// <summary>Throws when a limit is not positive or the limits contradict each other.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderSectionSize, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineLength, 16);
        if (MaxHeaderSectionSize > MaxMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHeaderSectionSize), "The header section limit exceeds the message limit.");
        }
    }
}
