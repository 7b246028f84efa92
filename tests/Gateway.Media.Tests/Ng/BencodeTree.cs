using System.Text;
using Gateway.Media.Control.Ng;

namespace Gateway.Media.Tests.Ng;

/// <summary>Test helper: bencode ⇄ a tree of byte[] / long / List&lt;object&gt; / SortedDictionary&lt;string, object&gt;
/// built only with <see cref="BencodeReader"/> and <see cref="BencodeWriter"/>.</summary>
internal static class BencodeTree
{
    public static object? Parse(ReadOnlySpan<byte> data, out BencodeError error)
    {
        var reader = new BencodeReader(data);
        var stack = new Stack<object>();
        string? pendingKey = null;
        var keys = new Stack<string?>();
        object? root = null;
        while (reader.Read())
        {
            object? value = null;
            switch (reader.TokenType)
            {
                case BencodeTokenType.ByteString when reader.IsKey:
                    pendingKey = Encoding.UTF8.GetString(reader.ValueSpan);
                    continue;
                case BencodeTokenType.ByteString:
                    value = reader.ValueSpan.ToArray();
                    break;
                case BencodeTokenType.Number:
                    value = reader.IntegerValue;
                    break;
                case BencodeTokenType.StartList:
                case BencodeTokenType.StartDictionary:
                    keys.Push(pendingKey);
                    pendingKey = null;
                    stack.Push(reader.TokenType == BencodeTokenType.StartList ? new List<object>() : new SortedDictionary<string, object>(StringComparer.Ordinal));
                    continue;
                case BencodeTokenType.EndList:
                case BencodeTokenType.EndDictionary:
                    value = stack.Pop();
                    pendingKey = keys.Pop();
                    break;
            }

            if (stack.Count == 0)
            {
                root = value;
            }
            else if (stack.Peek() is List<object> list)
            {
                list.Add(value!);
            }
            else
            {
                ((SortedDictionary<string, object>)stack.Peek())[pendingKey!] = value!;
                pendingKey = null;
            }
        }

        error = reader.Error;
        return reader.IsFinished ? root : null;
    }

    public static byte[] Write(object value)
    {
        var buffer = new byte[1 << 16];
        var writer = new BencodeWriter(buffer);
        Write(ref writer, value);
        if (writer.HasFailed) throw new InvalidOperationException("Writer failed");
        return writer.WrittenSpan.ToArray();
    }

    public static string Text(object? value) => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : throw new InvalidDataException($"Not a string: {value}");

    private static void Write(ref BencodeWriter writer, object value)
    {
        switch (value)
        {
            case byte[] bytes:
                writer.TryWriteString(bytes);
                break;
            case string text:
                writer.TryWriteString(text.AsSpan());
                break;
            case long number:
                writer.TryWriteInteger(number);
                break;
            case int number:
                writer.TryWriteInteger(number);
                break;
            case IEnumerable<KeyValuePair<string, object>> dictionary:
                writer.TryWriteStartDictionary();
                foreach (var (key, item) in dictionary)
                {
                    writer.TryWriteKey(Encoding.UTF8.GetBytes(key));
                    Write(ref writer, item);
                }

                writer.TryWriteEnd();
                break;
            case System.Collections.IEnumerable list:
                writer.TryWriteStartList();
                foreach (var item in list) Write(ref writer, item);
                writer.TryWriteEnd();
                break;
            default:
                throw new ArgumentException($"Cannot bencode {value.GetType()}");
        }
    }
}
