using System.Collections.ObjectModel;

namespace Gateway.Media.Sdp;

/// <summary>The media sections of a session; keeps each section's <see cref="MediaDescription.Session"/> up to date.</summary>
internal sealed class SdpMediaList : Collection<MediaDescription>
{
    private readonly SessionDescription _owner;

    public SdpMediaList(SessionDescription owner)
        : base(new List<MediaDescription>(2)) => _owner = owner;

    protected override void InsertItem(int index, MediaDescription item)
    {
        Attach(item);
        base.InsertItem(index, item);
    }

    protected override void SetItem(int index, MediaDescription item)
    {
        var old = Items[index];
        if (ReferenceEquals(old, item)) return;
        Attach(item);
        old.Session = null;
        base.SetItem(index, item);
    }

    protected override void RemoveItem(int index)
    {
        Items[index].Session = null;
        base.RemoveItem(index);
    }

    protected override void ClearItems()
    {
        foreach (var item in Items) item.Session = null;
        base.ClearItems();
    }

    private void Attach(MediaDescription item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Session is not null)
        {
            throw new InvalidOperationException("The media description already belongs to a session; remove it first or add a Clone().");
        }

        item.Session = _owner;
    }
}
