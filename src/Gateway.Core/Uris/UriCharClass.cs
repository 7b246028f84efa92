namespace Gateway.Core.Uris;

/// <summary>The character set a run of URI text is validated (and escaped) against.</summary>
internal enum UriCharClass
{
    /// <summary>user = 1*( unreserved / escaped / user-unreserved ).</summary>
    User,

    /// <summary>password = *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," ).</summary>
    Password,

    /// <summary>paramchar = param-unreserved / unreserved / escaped.</summary>
    Param,

    /// <summary>hname / hvalue = *( hnv-unreserved / unreserved / escaped ).</summary>
    Header,

    /// <summary>The subscriber part of a tel URI (RFC 3966): digits, hex, * # + and visual separators.</summary>
    TelNumber,
}
