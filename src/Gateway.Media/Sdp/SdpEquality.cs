namespace Gateway.Media.Sdp;

/// <summary>Element-wise equality for the list members of the immutable SDP records.</summary>
internal static class SdpEquality
{
    public static bool SequenceEqual<T>(IReadOnlyList<T> left, IReadOnlyList<T> right)
    {
        if (ReferenceEquals(left, right)) return true;
        if (left.Count != right.Count) return false;
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < left.Count; i++)
        {
            if (!comparer.Equals(left[i], right[i])) return false;
        }

        return true;
    }

    public static int SequenceHash<T>(IReadOnlyList<T> items)
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }
}
