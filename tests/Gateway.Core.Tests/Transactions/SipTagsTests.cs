using Gateway.Core.Transactions;

namespace Gateway.Core.Tests.Transactions;

public sealed class SipTagsTests
{
    [Fact]
    public void NewTag_ManyAcrossBlockRefills_UniqueHexOf64Bits()
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            var tag = SipTags.NewTag();
            Assert.Equal(16, tag.Length);
            Assert.True(tag.All(char.IsAsciiHexDigitLower), tag);
            Assert.True(tags.Add(tag), "duplicate tag " + tag);
        }
    }
}
