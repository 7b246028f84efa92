using System.Collections.ObjectModel;

namespace Gateway.Media.Sdp;

/// <summary>The formats of an <c>m=</c> line; any change tells the owner that its line text as read is stale.</summary>
internal sealed class SdpFormatList : Collection<string>
{
    private readonly Action _changed;

    public SdpFormatList(List<string> formats, Action changed)
        : base(formats) => _changed = changed;

    protected override void InsertItem(int index, string item)
    {
        ThrowIfNotFormat(item);
        base.InsertItem(index, item);
        _changed();
    }

    protected override void SetItem(int index, string item)
    {
        ThrowIfNotFormat(item);
        base.SetItem(index, item);
        _changed();
    }

    private static void ThrowIfNotFormat(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!SdpSyntax.IsToken(item)) throw new ArgumentException("A media format must be an RFC 8866 token.", nameof(item));
    }

    protected override void RemoveItem(int index)
    {
        base.RemoveItem(index);
        _changed();
    }

    protected override void ClearItems()
    {
        base.ClearItems();
        _changed();
    }
}
