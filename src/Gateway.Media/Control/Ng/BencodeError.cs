namespace Gateway.Media.Control.Ng;

/// <summary>Why a <see cref="BencodeReader"/> stopped.</summary>
public enum BencodeError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input ended inside a value.</summary>
    UnexpectedEnd,

    /// <summary>A byte that cannot start or continue a value here.</summary>
    InvalidCharacter,

    /// <summary>A number with a leading zero (<c>i03e</c>, <c>03:abc</c>), a negative zero (<c>i-0e</c>) or no digits.</summary>
    InvalidNumber,

    /// <summary>An integer outside the 64-bit signed range, or a string length beyond the input.</summary>
    NumberOutOfRange,

    /// <summary>Lists and dictionaries nested deeper than the reader's limit.</summary>
    DepthExceeded,

    /// <summary>A dictionary key that is not a byte string.</summary>
    KeyNotString,

    /// <summary>A dictionary that ends after a key, before its value.</summary>
    MissingValue,

    /// <summary>Bytes after the one top-level value.</summary>
    TrailingData,
}
