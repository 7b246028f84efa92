namespace Gateway.Media.Control.Ng;

/// <summary>The kind of a decoded ng value.</summary>
internal enum NgValueKind
{
    /// <summary>A byte string.</summary>
    String,

    /// <summary>An integer.</summary>
    Integer,

    /// <summary>A list.</summary>
    List,

    /// <summary>A dictionary.</summary>
    Dictionary,
}
