using System.Collections.Concurrent;
using System.Text;
using Gateway.Core.Headers;

namespace Gateway.Core.Registrar;

/// <summary>
/// Shares the values that repeat across many bindings (User-Agent strings, Path sets, method lists), so that a
/// million bindings from a few phone models hold a few copies of them, not a million. Bounded: once
/// <see cref="MaxEntries"/> distinct values are held, new ones are simply not shared.
/// </summary>
internal sealed class BindingInterner
{
    internal const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _lists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _tokenLists = new(StringComparer.Ordinal);
    private int _stringCount;
    private int _tokenListCount;
    private int _listCount;

    public string? Intern(string? value)
    {
        if (value is null) return null;
        if (_strings.TryGetValue(value, out var shared)) return shared;
        if (Volatile.Read(ref _stringCount) >= MaxEntries) return value;
        if (_strings.TryAdd(value, value))
        {
            Interlocked.Increment(ref _stringCount);
            return value;
        }

        return _strings.TryGetValue(value, out shared) ? shared : value;
    }

    /// <summary>
    /// The tokens of a comma-separated list (an Allow value, a <c>methods</c> feature parameter) as a shared array,
    /// looked up by the text as written so that a repeated value is not parsed again; null when malformed.
    /// </summary>
    public string[]? InternTokenList(string value)
    {
        if (_tokenLists.TryGetValue(value, out var shared)) return shared;
        var tokens = new List<string>();
        if (!SipTokenList.TryParse(value, tokens)) return null;
        var array = InternList(tokens);
        if (Volatile.Read(ref _tokenListCount) >= MaxEntries) return array;
        if (_tokenLists.TryAdd(value, array))
        {
            Interlocked.Increment(ref _tokenListCount);
            return array;
        }

        return _tokenLists.TryGetValue(value, out shared) ? shared : array;
    }

    /// <summary>Returns a shared array with the same items as <paramref name="items"/> (each interned).</summary>
    public string[] InternList(List<string> items)
    {
        if (items.Count == 0) return [];
        var key = new StringBuilder();
        foreach (var item in items) key.Append(item).Append('\n');
        var text = key.ToString();
        if (_lists.TryGetValue(text, out var shared)) return shared;
        var array = new string[items.Count];
        for (var i = 0; i < array.Length; i++) array[i] = Intern(items[i])!;
        if (Volatile.Read(ref _listCount) >= MaxEntries) return array;
        if (_lists.TryAdd(text, array))
        {
            Interlocked.Increment(ref _listCount);
            return array;
        }

        return _lists.TryGetValue(text, out shared) ? shared : array;
    }
}
