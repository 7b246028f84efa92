using System.Collections;

namespace Gateway.Media.Sdp;

/// <summary>
/// A list of typed line values (<c>c=</c>, <c>b=</c>, <c>t=</c>) that remembers, for each entry the parser produced,
/// the exact text it was read from. That text is written back until the entry is replaced; values added or set by the
/// caller are written in canonical form. So unchanged lines round-trip byte for byte and need no formatting.
/// </summary>
internal sealed class SdpValueList<T> : IList<T>, IReadOnlyList<T>
    where T : class
{
    private readonly List<Entry> _entries;

    public SdpValueList(int capacity = 0) => _entries = new List<Entry>(capacity);

    public int Count => _entries.Count;

    public bool IsReadOnly => false;

    public T this[int index]
    {
        get => _entries[index].Value;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _entries[index] = new Entry(value, null);
        }
    }

    /// <summary>The text to write for entry <paramref name="index"/>: as read, or canonical.</summary>
    public string TextAt(int index)
    {
        var entry = _entries[index];
        return entry.Source ?? entry.Value.ToString()!;
    }

    public void AddParsed(T value, string source) => _entries.Add(new Entry(value, source));

    public void ForgetSources()
    {
        for (var i = 0; i < _entries.Count; i++) _entries[i] = new Entry(_entries[i].Value, null);
    }

    public void CopyTo(SdpValueList<T> target) => target._entries.AddRange(_entries);

    public void Add(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _entries.Add(new Entry(item, null));
    }

    public void Insert(int index, T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _entries.Insert(index, new Entry(item, null));
    }

    public void Clear() => _entries.Clear();

    public bool Contains(T item) => IndexOf(item) >= 0;

    public int IndexOf(T item)
    {
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _entries.Count; i++)
        {
            if (comparer.Equals(_entries[i].Value, item)) return i;
        }

        return -1;
    }

    public bool Remove(T item)
    {
        var index = IndexOf(item);
        if (index < 0) return false;
        _entries.RemoveAt(index);
        return true;
    }

    public void RemoveAt(int index) => _entries.RemoveAt(index);

    public void CopyTo(T[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (var i = 0; i < _entries.Count; i++) array[arrayIndex + i] = _entries[i].Value;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < _entries.Count; i++) yield return _entries[i].Value;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private readonly record struct Entry(T Value, string? Source);
}
