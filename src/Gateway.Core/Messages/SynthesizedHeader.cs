namespace Gateway.Core.Messages;

/// <summary>A header field added or rewritten in code: serialised as <c>Name: Value CRLF</c>.</summary>
internal sealed class SynthesizedHeader(string name, string value)
{
    public string Name { get; } = name;

    public string Value { get; } = value;
}
