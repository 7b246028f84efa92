using System.Collections;
using System.Text;

namespace Gateway.Core.Syntax;

/// <summary>
/// An ordered list of <c>;name[=value]</c> parameters, as carried by header fields (Via, Contact, To, …) and SIP URIs.
/// Names compare case-insensitively (RFC 3261 §7.3.1, §19.1.4); order and spelling are preserved for serialisation.
/// </summary>
public sealed class SipParameters : IReadOnlyList<SipParameter>
{
    private readonly List<SipParameter> _items;
    private int _version;

    /// <summary>Creates an empty list.</summary>
    public SipParameters() => _items = [];

    /// <summary>Creates a list holding a copy of <paramref name="parameters"/>.</summary>
    public SipParameters(IEnumerable<SipParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _items = [.. parameters];
    }

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public SipParameter this[int index] => _items[index];

    /// <summary>True when a parameter named <paramref name="name"/> is present (with or without a value).</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>
    /// Gets the raw value of the first parameter named <paramref name="name"/>. Returns false when it is absent;
    /// a present flag parameter yields true with a <see langword="null"/> value.
    /// </summary>
    public bool TryGetValue(string name, out string? value)
    {
        var index = IndexOf(name);
        value = index >= 0 ? _items[index].Value : null;
        return index >= 0;
    }

    /// <summary>The raw value of <paramref name="name"/>, or <see langword="null"/> when absent or valueless.</summary>
    public string? GetValue(string name)
    {
        var index = IndexOf(name);
        return index >= 0 ? _items[index].Value : null;
    }

    /// <summary>The value of <paramref name="name"/> with surrounding quotes and quoted-pairs removed.</summary>
    public string? GetUnquotedValue(string name)
    {
        var value = GetValue(name);
        return value is null ? null : SipQuoting.Unquote(value);
    }

    /// <summary>Sets (or adds at the end) the parameter <paramref name="name"/>; a null value makes it a flag.</summary>
    public void Set(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var index = IndexOf(name);
        if (index >= 0)
        {
            _items[index] = new SipParameter(_items[index].Name, value);
        }
        else
        {
            _items.Add(new SipParameter(name, value));
        }

        _version++;
    }

    /// <summary>Adds a parameter at the end, even if one of the same name exists.</summary>
    public void Add(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _items.Add(new SipParameter(name, value));
        _version++;
    }

    /// <summary>Removes every parameter named <paramref name="name"/>; returns whether any was removed.</summary>
    public bool Remove(string name)
    {
        var removed = _items.RemoveAll(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) > 0;
        if (removed) _version++;
        return removed;
    }

    /// <summary>Index of the first parameter named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }

        return -1;
    }

    /// <summary>Appends every parameter as <c>;name[=value]</c>.</summary>
    public void AppendTo(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var p in _items)
        {
            builder.Append(';').Append(p.Name);
            if (p.Value is not null) builder.Append('=').Append(p.Value);
        }
    }

    /// <summary>The parameters as <c>;a=b;c</c>.</summary>
    public override string ToString()
    {
        if (_items.Count == 0) return string.Empty;
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    /// <inheritdoc />
    public IEnumerator<SipParameter> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AddParsed(string name, string? value) => _items.Add(new SipParameter(name, value));

    /// <summary>
    /// Bumped by every public edit (<see cref="Set"/>, <see cref="Add"/>, <see cref="Remove"/>), so owners that cache
    /// their original text can tell whether the list changed since they parsed it.
    /// </summary>
    internal int Version => _version;
}
