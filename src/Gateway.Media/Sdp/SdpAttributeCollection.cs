using System.Collections.ObjectModel;

namespace Gateway.Media.Sdp;

/// <summary>
/// The <c>a=</c> lines of a session or media section, in order. Besides the list operations it offers the editing
/// primitives a relay needs: find the first or every attribute of a name, add, insert after the last of a name,
/// remove every attribute of a name, and replace (or set) a single-valued attribute in place.
/// Names compare ASCII case-insensitively; values are kept verbatim.
/// </summary>
public sealed class SdpAttributeCollection : Collection<SdpAttribute>
{
    /// <summary>Creates an empty collection.</summary>
    public SdpAttributeCollection()
        : base(new List<SdpAttribute>())
    {
    }

    internal SdpAttributeCollection(List<SdpAttribute> items)
        : base(items)
    {
    }

    /// <summary>The first attribute named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The attribute name, e.g. <c>mid</c>.</param>
    /// <returns>The first match, or null.</returns>
    public SdpAttribute? GetFirst(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : Items[index];
    }

    /// <summary>The value of the first attribute named <paramref name="name"/> (null when absent or a flag).</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>The value, or null.</returns>
    public string? GetValue(string name) => GetFirst(name)?.Value;

    /// <summary>Every attribute named <paramref name="name"/>, in order.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>A new list of the matches (empty when none).</returns>
    public IReadOnlyList<SdpAttribute> GetAll(string name)
    {
        List<SdpAttribute>? found = null;
        foreach (var attribute in Items)
        {
            if (attribute.Is(name)) (found ??= []).Add(attribute);
        }

        return found ?? (IReadOnlyList<SdpAttribute>)[];
    }

    /// <summary>Whether an attribute named <paramref name="name"/> is present.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>True when at least one matches.</returns>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The index of the first attribute named <paramref name="name"/>, or -1.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>The index, or -1.</returns>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Items.Count; i++)
        {
            if (Items[i].Is(name)) return i;
        }

        return -1;
    }

    /// <summary>The index of the last attribute named <paramref name="name"/>, or -1.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>The index, or -1.</returns>
    public int LastIndexOf(string name)
    {
        for (var i = Items.Count - 1; i >= 0; i--)
        {
            if (Items[i].Is(name)) return i;
        }

        return -1;
    }

    /// <summary>Appends <c>a=name</c> or <c>a=name:value</c>.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The value, or null for a property attribute.</param>
    /// <returns>The attribute added.</returns>
    public SdpAttribute Add(string name, string? value = null)
    {
        var attribute = new SdpAttribute(name, value);
        Add(attribute);
        return attribute;
    }

    /// <summary>
    /// Inserts <paramref name="attribute"/> right after the last attribute named <paramref name="name"/>, or appends it
    /// when there is none.
    /// </summary>
    /// <param name="name">The name of the attribute to insert after.</param>
    /// <param name="attribute">The attribute to insert.</param>
    /// <returns>The index at which it was inserted.</returns>
    public int InsertAfter(string name, SdpAttribute attribute)
    {
        var index = LastIndexOf(name);
        var at = index < 0 ? Count : index + 1;
        Insert(at, attribute);
        return at;
    }

    /// <summary>Removes every attribute named <paramref name="name"/>.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>How many were removed.</returns>
    public int RemoveAll(string name) => RemoveAll(a => a.Is(name));

    /// <summary>Removes every attribute that <paramref name="match"/> accepts.</summary>
    /// <param name="match">The condition.</param>
    /// <returns>How many were removed.</returns>
    public int RemoveAll(Predicate<SdpAttribute> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return ((List<SdpAttribute>)Items).RemoveAll(match);
    }

    /// <summary>
    /// Replaces the first attribute named <paramref name="name"/> with <paramref name="replacement"/>, in place, and
    /// removes any later attribute of that name. Nothing changes when there is none.
    /// </summary>
    /// <param name="name">The name of the attribute to replace.</param>
    /// <param name="replacement">The new attribute (its name may differ, e.g. <c>sendrecv</c> → <c>inactive</c>).</param>
    /// <returns>Whether an attribute was replaced.</returns>
    public bool Replace(string name, SdpAttribute replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var index = IndexOf(name);
        if (index < 0) return false;
        Items[index] = replacement;
        for (var i = Items.Count - 1; i > index; i--)
        {
            if (Items[i].Is(name)) Items.RemoveAt(i);
        }

        return true;
    }

    /// <summary>
    /// Makes <paramref name="name"/> single-valued: replaces the first occurrence in place (removing the others), or
    /// appends it when absent.
    /// </summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The value, or null for a property attribute.</param>
    public void Set(string name, string? value = null)
    {
        var attribute = new SdpAttribute(name, value);
        if (!Replace(name, attribute)) Add(attribute);
    }

    /// <inheritdoc />
    protected override void InsertItem(int index, SdpAttribute item)
    {
        ArgumentNullException.ThrowIfNull(item);
        base.InsertItem(index, item);
    }

    /// <inheritdoc />
    protected override void SetItem(int index, SdpAttribute item)
    {
        ArgumentNullException.ThrowIfNull(item);
        base.SetItem(index, item);
    }
}
