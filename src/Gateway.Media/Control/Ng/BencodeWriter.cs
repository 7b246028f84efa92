using System.Buffers.Text;
using System.Text;

namespace Gateway.Media.Control.Ng;

/// <summary>
/// Writes bencode into a caller's span without allocating. Every method returns <see langword="false"/> once the
/// destination is full or the structure is misused (an end with nothing open, a non-string key), and the writer then
/// stays failed, so a sequence of writes can be checked once with <see cref="HasFailed"/>.
/// </summary>
/// <remarks>Dictionary keys are written in the order given; canonical bencode sorts them as raw byte strings, which
/// is the caller's choice (rtpengine and the ng protocol accept any order).</remarks>
public ref struct BencodeWriter
{
    private readonly Span<byte> _destination;
    private ulong _dictionaryMask;
    private ulong _awaitingValueMask;
    private int _depth;

    /// <summary>Writes into <paramref name="destination"/>.</summary>
    /// <param name="destination">The output buffer.</param>
    public BencodeWriter(Span<byte> destination)
    {
        _destination = destination;
        _dictionaryMask = 0;
        _awaitingValueMask = 0;
        _depth = 0;
        BytesWritten = 0;
        HasFailed = false;
    }

    /// <summary>Bytes written so far.</summary>
    public int BytesWritten { get; private set; }

    /// <summary>True once a write did not fit or broke the structure.</summary>
    public bool HasFailed { get; private set; }

    /// <summary>Depth of open lists and dictionaries.</summary>
    public readonly int CurrentDepth => _depth;

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _destination[..BytesWritten];

    /// <summary>Writes a byte string.</summary>
    /// <param name="value">Its bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    public bool TryWriteString(ReadOnlySpan<byte> value)
    {
        if (HasFailed) return false;
        Span<byte> prefix = stackalloc byte[12];
        if (!Utf8Formatter.TryFormat(value.Length, prefix, out var digits)) return Fail();
        prefix[digits++] = (byte)':';
        if (_destination.Length - BytesWritten < digits + value.Length) return Fail();
        prefix[..digits].CopyTo(_destination[BytesWritten..]);
        value.CopyTo(_destination[(BytesWritten + digits)..]);
        BytesWritten += digits + value.Length;
        Completed();
        return true;
    }

    /// <summary>Writes a byte string holding the UTF-8 encoding of <paramref name="value"/>.</summary>
    /// <param name="value">The text.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    public bool TryWriteString(ReadOnlySpan<char> value)
    {
        if (HasFailed) return false;
        var length = Encoding.UTF8.GetByteCount(value);
        Span<byte> prefix = stackalloc byte[12];
        if (!Utf8Formatter.TryFormat(length, prefix, out var digits)) return Fail();
        prefix[digits++] = (byte)':';
        if (_destination.Length - BytesWritten < digits + length) return Fail();
        prefix[..digits].CopyTo(_destination[BytesWritten..]);
        Encoding.UTF8.GetBytes(value, _destination[(BytesWritten + digits)..]);
        BytesWritten += digits + length;
        Completed();
        return true;
    }

    /// <summary>Writes an integer.</summary>
    /// <param name="value">The integer.</param>
    /// <returns><see langword="false"/> when it does not fit or stands where a dictionary key must.</returns>
    public bool TryWriteInteger(long value)
    {
        if (HasFailed || AwaitingKey()) return Fail();
        var free = _destination[BytesWritten..];
        if (free.Length < 3 || !Utf8Formatter.TryFormat(value, free[1..], out var digits) || free.Length < digits + 2) return Fail();
        free[0] = (byte)'i';
        free[digits + 1] = (byte)'e';
        BytesWritten += digits + 2;
        Completed();
        return true;
    }

    /// <summary>Opens a list.</summary>
    /// <returns><see langword="false"/> when it does not fit, nests deeper than 64, or stands where a key must.</returns>
    public bool TryWriteStartList() => TryStart((byte)'l', dictionary: false);

    /// <summary>Opens a dictionary.</summary>
    /// <returns><see langword="false"/> when it does not fit, nests deeper than 64, or stands where a key must.</returns>
    public bool TryWriteStartDictionary() => TryStart((byte)'d', dictionary: true);

    /// <summary>Closes the innermost list or dictionary.</summary>
    /// <returns><see langword="false"/> when nothing is open, a key has no value, or it does not fit.</returns>
    public bool TryWriteEnd()
    {
        if (HasFailed || _depth == 0 || (_awaitingValueMask & Bit(_depth)) != 0 || BytesWritten >= _destination.Length) return Fail();
        _destination[BytesWritten++] = (byte)'e';
        _dictionaryMask &= ~Bit(_depth);
        _awaitingValueMask &= ~Bit(_depth);
        _depth--;
        Completed();
        return true;
    }

    /// <summary>Writes a dictionary entry whose value is a UTF-8 string.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="false"/> when it does not fit or no dictionary awaits a key.</returns>
    public bool TryWriteKeyValue(ReadOnlySpan<byte> key, ReadOnlySpan<char> value) => TryWriteKey(key) && TryWriteString(value);

    /// <summary>Writes a dictionary entry whose value is an integer.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="false"/> when it does not fit or no dictionary awaits a key.</returns>
    public bool TryWriteKeyValue(ReadOnlySpan<byte> key, long value) => TryWriteKey(key) && TryWriteInteger(value);

    /// <summary>Writes a dictionary key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="false"/> when it does not fit or no dictionary awaits a key.</returns>
    public bool TryWriteKey(ReadOnlySpan<byte> key) => AwaitingKey() ? TryWriteString(key) : Fail();

    private static ulong Bit(int depth) => depth == 0 ? 0 : 1UL << (depth - 1);

    private readonly bool AwaitingKey() => _depth > 0 && (_dictionaryMask & Bit(_depth)) != 0 && (_awaitingValueMask & Bit(_depth)) == 0;

    private bool TryStart(byte token, bool dictionary)
    {
        if (HasFailed || AwaitingKey() || _depth >= BencodeReader.MaxSupportedDepth || BytesWritten >= _destination.Length) return Fail();
        _destination[BytesWritten++] = token;
        _depth++;
        if (dictionary) _dictionaryMask |= Bit(_depth);
        return true;
    }

    private void Completed()
    {
        if (_depth > 0 && (_dictionaryMask & Bit(_depth)) != 0) _awaitingValueMask ^= Bit(_depth);
    }

    private bool Fail()
    {
        HasFailed = true;
        return false;
    }
}
