namespace Gateway.Media.Control.Ng;

/// <summary>
/// A forward-only, allocation-free reader of one bencoded value (BitTorrent BEP 3: byte strings <c>4:spam</c>,
/// integers <c>i42e</c>, lists <c>l…e</c>, dictionaries <c>d…e</c>), in the manner of <c>Utf8JsonReader</c>. It is
/// strict about numbers (no leading zeros, no <c>-0</c>, 64-bit range) and structure (keys are byte strings, every key
/// has a value, one top-level value, bounded nesting) and tolerant of dictionary keys out of order.
/// Errors are reported through <see cref="Error"/>, never thrown.
/// </summary>
public ref struct BencodeReader
{
    /// <summary>Nesting limit used when none is given.</summary>
    public const int DefaultMaxDepth = 32;

    /// <summary>The deepest nesting a reader accepts.</summary>
    public const int MaxSupportedDepth = 64;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _maxDepth;
    private ulong _dictionaryMask;
    private ulong _awaitingValueMask;
    private int _position;
    private bool _topLevelDone;
    private long _integer;

    /// <summary>Starts reading <paramref name="data"/>.</summary>
    /// <param name="data">One bencoded value.</param>
    /// <param name="maxDepth">Deepest list/dictionary nesting accepted, 1 to <see cref="MaxSupportedDepth"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is out of range.</exception>
    public BencodeReader(ReadOnlySpan<byte> data, int maxDepth = DefaultMaxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, MaxSupportedDepth);
        _data = data;
        _maxDepth = maxDepth;
        _dictionaryMask = 0;
        _awaitingValueMask = 0;
        _position = 0;
        _topLevelDone = false;
        _integer = 0;
        TokenType = BencodeTokenType.None;
        ValueSpan = default;
        CurrentDepth = 0;
        IsKey = false;
        Error = BencodeError.None;
    }

    /// <summary>The token the reader stands on.</summary>
    public BencodeTokenType TokenType { get; private set; }

    /// <summary>The bytes of the current byte string, or the digits of the current integer.</summary>
    public ReadOnlySpan<byte> ValueSpan { get; private set; }

    /// <summary>True when the current byte string is a dictionary key.</summary>
    public bool IsKey { get; private set; }

    /// <summary>Nesting depth: 0 at top level, 1 inside the outermost list or dictionary (a start token is counted
    /// inside its container, an end token outside).</summary>
    public int CurrentDepth { get; private set; }

    /// <summary>Why reading stopped, or <see cref="BencodeError.None"/>.</summary>
    public BencodeError Error { get; private set; }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int BytesConsumed => _position;

    /// <summary>True once the whole top-level value has been read with nothing after it.</summary>
    public readonly bool IsFinished => _topLevelDone && Error == BencodeError.None && _position == _data.Length;

    /// <summary>The value of the current integer token (0 for other tokens).</summary>
    public readonly long IntegerValue => TokenType == BencodeTokenType.Number ? _integer : 0;

    /// <summary>Reads the next token.</summary>
    /// <returns><see langword="false"/> at the end of the value or on an error (see <see cref="Error"/>).</returns>
    public bool Read()
    {
        if (Error != BencodeError.None) return false;
        if (_topLevelDone)
        {
            TokenType = BencodeTokenType.None;
            ValueSpan = default;
            return _position == _data.Length ? false : Fail(BencodeError.TrailingData);
        }

        if (_position >= _data.Length) return Fail(BencodeError.UnexpectedEnd);
        var depth = CurrentDepth;
        var inDictionary = depth > 0 && (_dictionaryMask & Bit(depth)) != 0;
        var awaitingValue = inDictionary && (_awaitingValueMask & Bit(depth)) != 0;
        var c = _data[_position];
        IsKey = false;
        ValueSpan = default;

        if (c == (byte)'e')
        {
            if (depth == 0) return Fail(BencodeError.InvalidCharacter);
            if (awaitingValue) return Fail(BencodeError.MissingValue);
            TokenType = inDictionary ? BencodeTokenType.EndDictionary : BencodeTokenType.EndList;
            _position++;
            _dictionaryMask &= ~Bit(depth);
            _awaitingValueMask &= ~Bit(depth);
            CurrentDepth = depth - 1;
            CompleteValue();
            return true;
        }

        if (inDictionary && !awaitingValue && c is < (byte)'0' or > (byte)'9') return Fail(BencodeError.KeyNotString);

        switch (c)
        {
            case (byte)'i':
                return ReadInteger();
            case (byte)'l':
            case (byte)'d':
                if (depth >= _maxDepth) return Fail(BencodeError.DepthExceeded);
                _position++;
                CurrentDepth = depth + 1;
                if (c == (byte)'d')
                {
                    _dictionaryMask |= Bit(depth + 1);
                    TokenType = BencodeTokenType.StartDictionary;
                }
                else
                {
                    TokenType = BencodeTokenType.StartList;
                }

                return true;
            case >= (byte)'0' and <= (byte)'9':
                IsKey = inDictionary && !awaitingValue;
                return ReadByteString();
            default:
                return Fail(BencodeError.InvalidCharacter);
        }
    }

    /// <summary>When the reader stands on a start token, reads through to the matching end token; otherwise does
    /// nothing.</summary>
    /// <returns><see langword="false"/> on an error.</returns>
    public bool TrySkip()
    {
        if (Error != BencodeError.None) return false;
        if (TokenType is not (BencodeTokenType.StartList or BencodeTokenType.StartDictionary)) return true;
        var target = CurrentDepth - 1;
        while (Read())
        {
            if (CurrentDepth == target && TokenType is BencodeTokenType.EndList or BencodeTokenType.EndDictionary) return true;
        }

        return false;
    }

    /// <summary>True when the current token is a byte string equal to <paramref name="text"/>.</summary>
    /// <param name="text">ASCII/UTF-8 bytes to compare with.</param>
    /// <returns>Whether they are equal.</returns>
    public readonly bool ValueEquals(ReadOnlySpan<byte> text) => TokenType == BencodeTokenType.ByteString && ValueSpan.SequenceEqual(text);

    private static ulong Bit(int depth) => 1UL << (depth - 1);

    private bool ReadInteger()
    {
        var start = _position + 1;
        var end = _data[start..].IndexOf((byte)'e');
        if (end < 0) return Fail(BencodeError.UnexpectedEnd);
        var digits = _data.Slice(start, end);
        if (!TryParseInteger(digits, allowNegative: true, out var value, out var error)) return Fail(error);
        _integer = value;
        ValueSpan = digits;
        TokenType = BencodeTokenType.Number;
        _position = start + end + 1;
        CompleteValue();
        return true;
    }

    private bool ReadByteString()
    {
        var colon = _data[_position..].IndexOf((byte)':');
        if (colon < 0) return Fail(BencodeError.UnexpectedEnd);
        if (!TryParseInteger(_data.Slice(_position, colon), allowNegative: false, out var length, out var error)) return Fail(error);
        var start = _position + colon + 1;
        if (length > _data.Length - start) return Fail(BencodeError.NumberOutOfRange);
        ValueSpan = _data.Slice(start, (int)length);
        TokenType = BencodeTokenType.ByteString;
        _position = start + (int)length;
        CompleteValue();
        return true;
    }

    private static bool TryParseInteger(ReadOnlySpan<byte> text, bool allowNegative, out long value, out BencodeError error)
    {
        value = 0;
        error = BencodeError.InvalidNumber;
        var negative = allowNegative && !text.IsEmpty && text[0] == (byte)'-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || (digits[0] == (byte)'0' && (digits.Length > 1 || negative))) return false;
        ulong magnitude = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                error = BencodeError.InvalidCharacter;
                return false;
            }

            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                error = BencodeError.NumberOutOfRange;
                return false;
            }

            magnitude = (magnitude * 10) + (ulong)(d - '0');
        }

        if (magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            error = BencodeError.NumberOutOfRange;
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        error = BencodeError.None;
        return true;
    }

    /// <summary>A scalar or a container just ended: flip the parent dictionary between key and value, or finish.</summary>
    private void CompleteValue()
    {
        var depth = CurrentDepth;
        if (depth == 0)
        {
            _topLevelDone = true;
        }
        else if ((_dictionaryMask & Bit(depth)) != 0)
        {
            _awaitingValueMask ^= Bit(depth);
        }
    }

    private bool Fail(BencodeError error)
    {
        Error = error;
        TokenType = BencodeTokenType.None;
        ValueSpan = default;
        IsKey = false;
        return false;
    }
}
