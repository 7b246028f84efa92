using System.Collections;
using System.Text;
using Gateway.Core.Syntax;

namespace Gateway.Core.Messages;

/// <summary>
/// The header fields of one message, in wire order. Fields received from the network stay as bytes until a value
/// is asked for; fields changed or added in code are serialised from strings. Untouched fields are written back
/// byte for byte.
/// </summary>
public sealed class SipHeaderCollection : IReadOnlyList<SipHeader>
{
    private readonly ReadOnlyMemory<byte> _source;
    private HeaderEntry[] _entries;
    private int _count;
    private List<SynthesizedHeader>? _synthesized;
    private SipMessage? _owner;

    internal SipHeaderCollection(ReadOnlyMemory<byte> source, HeaderEntry[] entries, int count)
    {
        _source = source;
        _entries = entries;
        _count = count;
    }

    /// <summary>Creates an empty collection for a message built in code.</summary>
    internal SipHeaderCollection()
        : this(ReadOnlyMemory<byte>.Empty, new HeaderEntry[8], 0)
    {
    }

    /// <inheritdoc />
    public int Count => _count;

    /// <inheritdoc />
    public SipHeader this[int index]
    {
        get
        {
            CheckIndex(index);
            return new SipHeader(this, index);
        }
    }

    internal ReadOnlyMemory<byte> Source => _source;

    internal void AttachTo(SipMessage owner) => _owner = owner;

    internal ref readonly HeaderEntry GetEntry(int index) => ref _entries[index];

    internal SipHeaderId GetId(int index)
    {
        CheckIndex(index);
        return _entries[index].Id;
    }

    internal string GetName(int index)
    {
        CheckIndex(index);
        ref readonly var e = ref _entries[index];
        if (e.IsSynthesized) return _synthesized![e.ValueStart].Name;
        return Encoding.UTF8.GetString(_source.Span.Slice(e.RawStart, e.NameLength));
    }

    internal string GetValue(int index)
    {
        CheckIndex(index);
        ref readonly var e = ref _entries[index];
        if (e.IsSynthesized) return _synthesized![e.ValueStart].Value;
        return DecodeValue(_source.Span.Slice(e.ValueStart, e.ValueLength));
    }

    /// <summary>
    /// The raw value bytes of an original field (folding included), or an empty span with false for a field
    /// set in code. Lets hot paths read a value without allocating.
    /// </summary>
    internal bool TryGetRawValue(int index, out ReadOnlySpan<byte> value)
    {
        ref readonly var e = ref _entries[index];
        if (e.IsSynthesized)
        {
            value = default;
            return false;
        }

        value = _source.Span.Slice(e.ValueStart, e.ValueLength);
        return true;
    }

    /// <summary>Index of the first field of kind <paramref name="id"/> at or after <paramref name="start"/>, or -1.</summary>
    public int IndexOf(SipHeaderId id, int start = 0)
    {
        if (id == SipHeaderId.Unknown) throw new ArgumentException("Use IndexOf(string) for unknown headers.", nameof(id));
        for (var i = start; i < _count; i++)
        {
            if (_entries[i].Id == id) return i;
        }

        return -1;
    }

    /// <summary>
    /// Index of the first field named <paramref name="name"/> (long or compact form of a known header, or an
    /// unknown name compared case-insensitively) at or after <paramref name="start"/>, or -1.
    /// </summary>
    public int IndexOf(string name, int start = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = SipHeaderNames.Identify(name);
        if (id != SipHeaderId.Unknown) return IndexOf(id, start);
        for (var i = start; i < _count; i++)
        {
            ref readonly var e = ref _entries[i];
            if (e.Id != SipHeaderId.Unknown) continue;
            if (NameEquals(in e, name)) return i;
        }

        return -1;
    }

    /// <summary>Number of fields of kind <paramref name="id"/>.</summary>
    public int CountOf(SipHeaderId id)
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_entries[i].Id == id) n++;
        }

        return n;
    }

    /// <summary>True when at least one field of kind <paramref name="id"/> is present.</summary>
    public bool Contains(SipHeaderId id) => IndexOf(id) >= 0;

    /// <summary>True when at least one field named <paramref name="name"/> is present.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Value of the first field of kind <paramref name="id"/>, or <see langword="null"/>.</summary>
    public string? GetFirstValue(SipHeaderId id)
    {
        var i = IndexOf(id);
        return i < 0 ? null : GetValue(i);
    }

    /// <summary>Value of the first field named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public string? GetFirstValue(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : GetValue(i);
    }

    /// <summary>Values of every field named <paramref name="name"/>, in order (one entry per field, not per comma).</summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        var values = new List<string>();
        for (var i = IndexOf(name); i >= 0; i = IndexOf(name, i + 1))
        {
            values.Add(GetValue(i));
        }

        return values;
    }

    /// <summary>Appends a field after the last one.</summary>
    public void Add(string name, string value) => Insert(_count, name, value);

    /// <summary>Inserts a field at <paramref name="index"/> (0 puts it first).</summary>
    public void Insert(int index, string name, string value)
    {
        ValidateName(name);
        ValidateValue(value);
        if ((uint)index > (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        if (_count == _entries.Length) Array.Resize(ref _entries, Math.Max(8, _entries.Length * 2));
        Array.Copy(_entries, index, _entries, index + 1, _count - index);
        _entries[index] = Synthesize(SipHeaderNames.Identify(name), name, value);
        _count++;
        Notify(_entries[index].Id);
    }

    /// <summary>
    /// Inserts a field before the first field of the same kind, or, when there is none, at the position that keeps
    /// related fields together (after the Via fields, or first). This is how a proxy prepends Via or Record-Route.
    /// </summary>
    public void Prepend(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = SipHeaderNames.Identify(name);
        var at = id == SipHeaderId.Unknown ? IndexOf(name) : IndexOf(id);
        if (at < 0)
        {
            at = 0;
            for (var i = 0; i < _count; i++)
            {
                if (_entries[i].Id == SipHeaderId.Via) at = i + 1;
            }
        }

        Insert(at, name, value);
    }

    /// <summary>Replaces the value of the field at <paramref name="index"/>, keeping its name as written.</summary>
    public void SetValue(int index, string value)
    {
        CheckIndex(index);
        ValidateValue(value);
        var id = _entries[index].Id;
        _entries[index] = Synthesize(id, GetName(index), value);
        Notify(id);
    }

    /// <summary>
    /// Sets the header named <paramref name="name"/> to one field holding <paramref name="value"/>: the first
    /// existing field is rewritten in place and any others removed; when there is none, it is appended.
    /// </summary>
    public void Set(string name, string value)
    {
        var first = IndexOf(name);
        if (first < 0)
        {
            Add(name, value);
            return;
        }

        SetValue(first, value);
        for (var i = IndexOf(name, first + 1); i >= 0; i = IndexOf(name, i))
        {
            RemoveAt(i);
        }
    }

    /// <summary>Removes the field at <paramref name="index"/>.</summary>
    public void RemoveAt(int index)
    {
        CheckIndex(index);
        var id = _entries[index].Id;
        Array.Copy(_entries, index + 1, _entries, index, _count - index - 1);
        _count--;
        Notify(id);
    }

    /// <summary>Removes every field named <paramref name="name"/>; returns how many were removed.</summary>
    public int RemoveAll(string name)
    {
        var removed = 0;
        for (var i = IndexOf(name); i >= 0; i = IndexOf(name, i))
        {
            RemoveAt(i);
            removed++;
        }

        return removed;
    }

    /// <inheritdoc />
    public IEnumerator<SipHeader> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new SipHeader(this, i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Octets the header fields occupy when serialised (the blank line excluded).</summary>
    internal int GetSerializedLength()
    {
        var length = 0;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var e = ref _entries[i];
            if (e.IsSynthesized)
            {
                var h = _synthesized![e.ValueStart];
                length += Encoding.UTF8.GetByteCount(h.Name) + Encoding.UTF8.GetByteCount(h.Value) + 4;
            }
            else
            {
                length += e.RawLength;
            }
        }

        return length;
    }

    /// <summary>Writes the header fields; the destination must hold <see cref="GetSerializedLength"/> octets.</summary>
    internal int WriteTo(Span<byte> destination)
    {
        var written = 0;
        var source = _source.Span;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var e = ref _entries[i];
            if (e.IsSynthesized)
            {
                var h = _synthesized![e.ValueStart];
                written += Encoding.UTF8.GetBytes(h.Name, destination[written..]);
                destination[written++] = (byte)':';
                destination[written++] = (byte)' ';
                written += Encoding.UTF8.GetBytes(h.Value, destination[written..]);
                destination[written++] = (byte)'\r';
                destination[written++] = (byte)'\n';
            }
            else
            {
                source.Slice(e.RawStart, e.RawLength).CopyTo(destination[written..]);
                written += e.RawLength;
            }
        }

        return written;
    }

    private HeaderEntry Synthesize(SipHeaderId id, string name, string value)
    {
        _synthesized ??= [];
        _synthesized.Add(new SynthesizedHeader(name, value));
        return new HeaderEntry { Id = id, RawStart = -1, ValueStart = _synthesized.Count - 1 };
    }

    private void Notify(SipHeaderId id) => _owner?.OnHeaderChanged(id);

    private bool NameEquals(in HeaderEntry e, string name)
    {
        if (e.IsSynthesized) return string.Equals(_synthesized![e.ValueStart].Name, name, StringComparison.OrdinalIgnoreCase);
        var raw = _source.Span.Slice(e.RawStart, e.NameLength);
        if (raw.Length != name.Length) return false;
        for (var i = 0; i < raw.Length; i++)
        {
            if ((raw[i] | 0x20) != (name[i] | 0x20)) return false;
        }

        return true;
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
    }

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SipCharacters.IsToken(name)) throw new ArgumentException($"'{name}' is not a valid header name.", nameof(name));
    }

    private static void ValidateValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A header value may not contain line breaks.", nameof(value));
        }
    }

    /// <summary>UTF-8 decode; folded lines (CRLF + whitespace) become one space, per RFC 3261 §7.3.1.</summary>
    internal static string DecodeValue(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0) return Encoding.UTF8.GetString(raw);
        var builder = new StringBuilder(raw.Length);
        var text = Encoding.UTF8.GetString(raw);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                while (builder.Length > 0 && builder[^1] is ' ' or '\t') builder.Length--;
                while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or ' ' or '\t') i++;
                builder.Append(' ');
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
