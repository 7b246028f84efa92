using System.Text;

namespace Gateway.Core.Proxy;

/// <summary>A set of <see cref="SipFlag"/>s: 64 bits, cheap to copy, store with a binding, and restore.</summary>
public struct SipFlagSet : IEquatable<SipFlagSet>
{
    /// <summary>Creates a set from its raw bits (as stored by a location store).</summary>
    public SipFlagSet(ulong bits) => Bits = bits;

    /// <summary>The raw bits.</summary>
    public ulong Bits { get; private set; }

    /// <summary>True when no flag is set.</summary>
    public readonly bool IsEmpty => Bits == 0;

    /// <summary>Sets <paramref name="flag"/>.</summary>
    public void Set(SipFlag flag) => Bits |= 1UL << flag.Bit;

    /// <summary>Clears <paramref name="flag"/>.</summary>
    public void Reset(SipFlag flag) => Bits &= ~(1UL << flag.Bit);

    /// <summary>True when <paramref name="flag"/> is set.</summary>
    public readonly bool Has(SipFlag flag) => (Bits & (1UL << flag.Bit)) != 0;

    /// <inheritdoc />
    public readonly bool Equals(SipFlagSet other) => Bits == other.Bits;

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is SipFlagSet other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => Bits.GetHashCode();

    /// <summary>The names of the flags set, comma-separated.</summary>
    public override readonly string ToString()
    {
        var builder = new StringBuilder();
        for (var bit = 0; bit < 64; bit++)
        {
            if ((Bits & (1UL << bit)) == 0) continue;
            if (builder.Length > 0) builder.Append(',');
            builder.Append(SipFlag.TryGetByBit(bit, out var flag) ? flag.Name : "#" + bit);
        }

        return builder.ToString();
    }

    /// <summary>Equality of the bits.</summary>
    public static bool operator ==(SipFlagSet left, SipFlagSet right) => left.Equals(right);

    /// <summary>Inequality of the bits.</summary>
    public static bool operator !=(SipFlagSet left, SipFlagSet right) => !left.Equals(right);
}
