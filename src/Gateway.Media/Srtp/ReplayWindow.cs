namespace Gateway.Media.Srtp;

/// <summary>
/// The sliding replay list of RFC 3711 §3.3.2: the highest index accepted and a 64-bit bitmap of the 64 indices up to
/// it. A candidate is checked before authentication and recorded only after it succeeds.
/// </summary>
internal struct ReplayWindow
{
    /// <summary>Number of indices the window remembers.</summary>
    public const int Size = 64;

    /// <summary>True once an index was accepted.</summary>
    public bool Started;

    /// <summary>The highest index accepted.</summary>
    public ulong Highest;

    /// <summary>Bit n set: index <c>Highest − n</c> was accepted.</summary>
    public ulong Bitmap;

    /// <summary>True when <paramref name="index"/> is newer than the highest, or inside the window and not seen.</summary>
    public readonly bool IsFresh(ulong index)
    {
        if (!Started || index > Highest) return true;
        var age = Highest - index;
        return age < Size && (Bitmap & (1UL << (int)age)) == 0;
    }

    /// <summary>Records <paramref name="index"/> as accepted (call only after <see cref="IsFresh"/> and authentication).</summary>
    public void Accept(ulong index)
    {
        if (!Started)
        {
            Started = true;
            Highest = index;
            Bitmap = 1;
        }
        else if (index > Highest)
        {
            var shift = index - Highest;
            Bitmap = shift >= Size ? 1 : (Bitmap << (int)shift) | 1;
            Highest = index;
        }
        else
        {
            Bitmap |= 1UL << (int)(Highest - index);
        }
    }

    /// <summary>Forgets everything.</summary>
    public void Reset() => this = default;
}
