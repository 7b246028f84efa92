using System.Text;

namespace Gateway.Media.Control.Ng;

/// <summary>
/// A decoded bencode value of an ng message (control plane: one per command, not per packet). Dictionary look-ups
/// follow rtpengine's key normalisation: a space, a dash and an underscore are the same character, and ASCII case is
/// ignored, so <c>address family</c>, <c>address-family</c> and <c>address_family</c> all match.
/// </summary>
internal sealed class NgValue
{
    /// <summary>The most tokens one message may hold; a datagram bounds it anyway, this bounds the work.</summary>
    public const int MaxTokens = 16384;

    private static readonly List<NgValue> NoItems = [];
    private static readonly List<KeyValuePair<string, NgValue>> NoEntries = [];

    private NgValue(NgValueKind kind, byte[]? bytes, long integer, List<NgValue>? items, List<KeyValuePair<string, NgValue>>? entries)
    {
        Kind = kind;
        Bytes = bytes ?? [];
        Integer = integer;
        Items = items ?? NoItems;
        Entries = entries ?? NoEntries;
    }

    /// <summary>The value's kind.</summary>
    public NgValueKind Kind { get; }

    /// <summary>The bytes of a string (empty otherwise).</summary>
    public byte[] Bytes { get; }

    /// <summary>The integer (0 otherwise).</summary>
    public long Integer { get; }

    /// <summary>The items of a list (empty otherwise).</summary>
    public IReadOnlyList<NgValue> Items { get; }

    /// <summary>The entries of a dictionary in wire order (empty otherwise).</summary>
    public IReadOnlyList<KeyValuePair<string, NgValue>> Entries { get; }

    /// <summary>The string decoded as UTF-8, or the integer in decimal; <see langword="null"/> for containers.</summary>
    public string? Text => Kind switch
    {
        NgValueKind.String => Encoding.UTF8.GetString(Bytes),
        NgValueKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Decodes one bencoded value that must fill <paramref name="data"/> exactly.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out NgValue? value, out string? error)
    {
        value = null;
        error = null;
        var reader = new BencodeReader(data, 16);
        var containers = new Stack<(NgValue Container, string? Key)>();
        string? pendingKey = null;
        var tokens = 0;
        while (reader.Read())
        {
            if (++tokens > MaxTokens)
            {
                error = "too many bencode tokens";
                return false;
            }

            NgValue item;
            switch (reader.TokenType)
            {
                case BencodeTokenType.ByteString when reader.IsKey:
                    pendingKey = Encoding.UTF8.GetString(reader.ValueSpan);
                    continue;
                case BencodeTokenType.ByteString:
                    item = new NgValue(NgValueKind.String, reader.ValueSpan.ToArray(), 0, null, null);
                    break;
                case BencodeTokenType.Number:
                    item = new NgValue(NgValueKind.Integer, null, reader.IntegerValue, null, null);
                    break;
                case BencodeTokenType.StartList:
                    containers.Push((new NgValue(NgValueKind.List, null, 0, [], null), pendingKey));
                    pendingKey = null;
                    continue;
                case BencodeTokenType.StartDictionary:
                    containers.Push((new NgValue(NgValueKind.Dictionary, null, 0, null, []), pendingKey));
                    pendingKey = null;
                    continue;
                default:
                    (item, pendingKey) = containers.Pop();
                    break;
            }

            if (containers.Count == 0)
            {
                value = item;
                continue;
            }

            var parent = containers.Peek().Container;
            if (parent.Kind == NgValueKind.List) ((List<NgValue>)parent.Items).Add(item);
            else ((List<KeyValuePair<string, NgValue>>)parent.Entries).Add(new(pendingKey!, item));
            pendingKey = null;
        }

        if (!reader.IsFinished || value is null)
        {
            error = reader.Error == BencodeError.None ? "incomplete bencode value" : $"invalid bencode ({reader.Error} at byte {reader.BytesConsumed})";
            value = null;
            return false;
        }

        return true;
    }

    /// <summary>Creates a string value (tests and replies).</summary>
    public static NgValue FromString(string text) => new(NgValueKind.String, Encoding.UTF8.GetBytes(text), 0, null, null);

    /// <summary>Finds a dictionary entry by rtpengine-normalised key.</summary>
    public bool TryGet(string key, out NgValue value)
    {
        foreach (var entry in Entries)
        {
            if (KeyEquals(entry.Key, key))
            {
                value = entry.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <summary>The text of a dictionary entry that is a string (or integer), or <see langword="null"/>.</summary>
    public string? GetText(string key) => TryGet(key, out var value) ? value.Text : null;

    /// <summary>The integer of a dictionary entry (an integer, or a string of digits), or <paramref name="fallback"/>.</summary>
    public long GetInteger(string key, long fallback = 0)
    {
        if (!TryGet(key, out var value)) return fallback;
        if (value.Kind == NgValueKind.Integer) return value.Integer;
        return long.TryParse(value.Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;
    }

    /// <summary>
    /// The strings of a dictionary entry that is a list; a lone string counts as a list of one (lenient with
    /// hand-written clients). Non-string items are skipped.
    /// </summary>
    public IEnumerable<string> GetStrings(string key)
    {
        if (!TryGet(key, out var value)) yield break;
        if (value.Kind == NgValueKind.String)
        {
            yield return value.Text!;
            yield break;
        }

        foreach (var item in value.Items)
        {
            if (item.Kind == NgValueKind.String) yield return item.Text!;
        }
    }

    /// <summary>Whether two keys are equal once spaces, dashes and underscores are unified and ASCII case is ignored.</summary>
    public static bool KeyEquals(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            var x = Normalize(a[i]);
            var y = Normalize(b[i]);
            if (x != y) return false;
        }

        return true;
    }

    private static char Normalize(char c) => c switch
    {
        ' ' or '_' => '-',
        >= 'A' and <= 'Z' => (char)(c + 32),
        _ => c,
    };
}
