namespace Gateway.Core.Syntax;

/// <summary>
/// One <c>;name[=value]</c> parameter of a header field or URI. The value is kept as it appeared on the wire
/// (a quoted-string keeps its quotes; a URI parameter keeps its %-escapes); <see langword="null"/> means the
/// parameter had no value (<c>;lr</c>, <c>;rport</c>).
/// </summary>
/// <param name="Name">The parameter name as written (names compare case-insensitively).</param>
/// <param name="Value">The raw value, or <see langword="null"/> for a flag parameter.</param>
public readonly record struct SipParameter(string Name, string? Value);
