namespace Gateway.Media.Control.Ng;

/// <summary>The kind of token a <see cref="BencodeReader"/> stopped on.</summary>
public enum BencodeTokenType
{
    /// <summary>No token read yet, or the reader failed.</summary>
    None = 0,

    /// <summary>A byte string (<c>4:spam</c>); in a dictionary, keys are byte strings too.</summary>
    ByteString,

    /// <summary>An integer (<c>i42e</c>); bencode calls it integer.</summary>
    Number,

    /// <summary>The start of a list (<c>l</c>).</summary>
    StartList,

    /// <summary>The end of a list (<c>e</c>).</summary>
    EndList,

    /// <summary>The start of a dictionary (<c>d</c>).</summary>
    StartDictionary,

    /// <summary>The end of a dictionary (<c>e</c>).</summary>
    EndDictionary,
}
