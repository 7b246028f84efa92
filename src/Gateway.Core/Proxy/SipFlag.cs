namespace Gateway.Core.Proxy;

/// <summary>
/// A named flag, like OpenSIPS's <c>setflag(SRC_WS)</c> / <c>setbflag(DST_WS)</c>. Define each flag once (a
/// static field) and use it on <see cref="SipRequestContext.Flags"/> (message flags) or on a target's
/// <see cref="SipForwardTarget.BranchFlags"/> (branch flags, which the registrar stores with a binding and lookup
/// restores). At most 64 flags exist per process.
/// </summary>
public readonly record struct SipFlag
{
    private static readonly Dictionary<string, SipFlag> Defined = new(StringComparer.Ordinal);

    private SipFlag(string name, int bit)
    {
        Name = name;
        Bit = bit;
    }

    /// <summary>The flag's name.</summary>
    public string Name { get; }

    /// <summary>The flag's bit (0–63) in a <see cref="SipFlagSet"/>.</summary>
    public int Bit { get; }

    /// <summary>Defines (or returns the existing) flag named <paramref name="name"/>.</summary>
    public static SipFlag Define(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (Defined)
        {
            if (Defined.TryGetValue(name, out var existing)) return existing;
            if (Defined.Count == 64) throw new InvalidOperationException("At most 64 flags can be defined.");
            var flag = new SipFlag(name, Defined.Count);
            Defined.Add(name, flag);
            return flag;
        }
    }

    /// <summary>The flag with bit <paramref name="bit"/>, if one is defined.</summary>
    internal static bool TryGetByBit(int bit, out SipFlag flag)
    {
        lock (Defined)
        {
            foreach (var f in Defined.Values)
            {
                if (f.Bit == bit)
                {
                    flag = f;
                    return true;
                }
            }
        }

        flag = default;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
