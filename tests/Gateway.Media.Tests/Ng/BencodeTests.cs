using System.Text;
using FsCheck.Xunit;
using Gateway.Media.Control.Ng;

namespace Gateway.Media.Tests.Ng;

public sealed class BencodeTests
{
    [Fact]
    public void Read_Bep3Examples_TokensAsSpecified()
    {
        var reader = new BencodeReader("d3:cow3:moo4:spaml1:ai-42ei0eee"u8);
        var tokens = new List<string>();
        while (reader.Read())
        {
            tokens.Add(reader.TokenType switch
            {
                BencodeTokenType.ByteString => (reader.IsKey ? "key:" : "str:") + Encoding.ASCII.GetString(reader.ValueSpan),
                BencodeTokenType.Number => "int:" + reader.IntegerValue,
                var t => t + "@" + reader.CurrentDepth,
            });
        }

        Assert.True(reader.IsFinished);
        Assert.Equal(BencodeError.None, reader.Error);
        Assert.Equal(
            new[] { "StartDictionary@1", "key:cow", "str:moo", "key:spam", "StartList@2", "str:a", "int:-42", "int:0", "EndList@1", "EndDictionary@0" },
            tokens);
    }

    [Theory]
    [InlineData("4:spam")]
    [InlineData("0:")]
    [InlineData("i3e")]
    [InlineData("i-3e")]
    [InlineData("i0e")]
    [InlineData("i9223372036854775807e")]
    [InlineData("i-9223372036854775808e")]
    [InlineData("le")]
    [InlineData("de")]
    [InlineData("l4:spam4:eggse")]
    [InlineData("d3:cow3:moo4:spam4:eggse")]
    [InlineData("d4:spaml1:a1:bee")]
    [InlineData("d4:spam1:a3:cow1:be")] // keys out of order: tolerated
    [InlineData("lllleeee")]
    public void Read_ValidInput_Finishes(string text)
    {
        var reader = new BencodeReader(Encoding.ASCII.GetBytes(text));
        while (reader.Read())
        {
        }

        Assert.Equal(BencodeError.None, reader.Error);
        Assert.True(reader.IsFinished);
    }

    [Theory]
    [InlineData("", BencodeError.UnexpectedEnd)]
    [InlineData("i03e", BencodeError.InvalidNumber)]
    [InlineData("i-0e", BencodeError.InvalidNumber)]
    [InlineData("ie", BencodeError.InvalidNumber)]
    [InlineData("i-e", BencodeError.InvalidNumber)]
    [InlineData("i1x2e", BencodeError.InvalidCharacter)]
    [InlineData("i9223372036854775808e", BencodeError.NumberOutOfRange)]
    [InlineData("i99999999999999999999999e", BencodeError.NumberOutOfRange)]
    [InlineData("i12", BencodeError.UnexpectedEnd)]
    [InlineData("03:abc", BencodeError.InvalidNumber)]
    [InlineData("-1:a", BencodeError.InvalidCharacter)]
    [InlineData("5:abc", BencodeError.NumberOutOfRange)]
    [InlineData("3abc", BencodeError.UnexpectedEnd)]
    [InlineData("l4:spam", BencodeError.UnexpectedEnd)]
    [InlineData("di1e3:fooe", BencodeError.KeyNotString)]
    [InlineData("dle", BencodeError.KeyNotString)]
    [InlineData("d3:fooe", BencodeError.MissingValue)]
    [InlineData("e", BencodeError.InvalidCharacter)]
    [InlineData("x", BencodeError.InvalidCharacter)]
    [InlineData("i1ei2e", BencodeError.TrailingData)]
    [InlineData("4:spamX", BencodeError.TrailingData)]
    public void Read_InvalidInput_FailsWithError(string text, BencodeError expected)
    {
        var reader = new BencodeReader(Encoding.ASCII.GetBytes(text));
        while (reader.Read())
        {
        }

        Assert.Equal(expected, reader.Error);
        Assert.False(reader.IsFinished);
        Assert.Equal(BencodeTokenType.None, reader.TokenType);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Read_NestingBeyondLimit_DepthExceeded()
    {
        var deep = Encoding.ASCII.GetBytes(new string('l', 5) + new string('e', 5));
        var reader = new BencodeReader(deep, maxDepth: 4);
        while (reader.Read())
        {
        }

        Assert.Equal(BencodeError.DepthExceeded, reader.Error);

        var attack = Encoding.ASCII.GetBytes(new string('l', 100_000));
        reader = new BencodeReader(attack);
        var reads = 0;
        while (reader.Read()) reads++;
        Assert.Equal(BencodeReader.DefaultMaxDepth, reads);
        Assert.Equal(BencodeError.DepthExceeded, reader.Error);
    }

    [Fact]
    public void TrySkip_OnContainer_LandsOnItsEnd()
    {
        var reader = new BencodeReader("d1:ald1:xi1eee1:bi7ee"u8);
        Assert.True(reader.Read());
        Assert.True(reader.Read() && reader.ValueEquals("a"u8));
        Assert.True(reader.Read() && reader.TokenType == BencodeTokenType.StartList);
        Assert.True(reader.TrySkip());
        Assert.Equal(BencodeTokenType.EndList, reader.TokenType);
        Assert.True(reader.Read() && reader.ValueEquals("b"u8) && reader.IsKey);
        Assert.True(reader.Read() && reader.IntegerValue == 7);
        Assert.True(reader.Read() && reader.TokenType == BencodeTokenType.EndDictionary);
        Assert.False(reader.Read());
        Assert.True(reader.IsFinished);
    }

    [Fact]
    public void Write_NgOffer_ExactBytes()
    {
        var buffer = new byte[256];
        var writer = new BencodeWriter(buffer);
        Assert.True(writer.TryWriteStartDictionary());
        Assert.True(writer.TryWriteKeyValue("command"u8, "ping"));
        Assert.True(writer.TryWriteKeyValue("n"u8, -12));
        Assert.True(writer.TryWriteKey("flags"u8));
        Assert.True(writer.TryWriteStartList());
        Assert.True(writer.TryWriteString("trust-address"u8));
        Assert.True(writer.TryWriteString("é".AsSpan()));
        Assert.True(writer.TryWriteEnd());
        Assert.True(writer.TryWriteEnd());
        Assert.False(writer.HasFailed);
        Assert.Equal("d7:command4:ping1:ni-12e5:flagsl13:trust-address2:\u00c3\u00a9ee", Encoding.Latin1.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Write_Misuse_FailsAndStaysFailed()
    {
        var buffer = new byte[64];
        var writer = new BencodeWriter(buffer);
        Assert.False(writer.TryWriteEnd());
        Assert.True(writer.HasFailed);
        Assert.False(writer.TryWriteString("x"u8));

        writer = new BencodeWriter(buffer);
        writer.TryWriteStartDictionary();
        Assert.False(writer.TryWriteInteger(1)); // integer where a key must be
        writer = new BencodeWriter(buffer);
        writer.TryWriteStartDictionary();
        writer.TryWriteKey("k"u8);
        Assert.False(writer.TryWriteKey("k2"u8)); // key where a value must be
        writer = new BencodeWriter(buffer);
        writer.TryWriteStartDictionary();
        writer.TryWriteKey("k"u8);
        Assert.False(writer.TryWriteEnd()); // key without value

        writer = new BencodeWriter(new byte[5]);
        Assert.False(writer.TryWriteString("spam"u8)); // 6 bytes
        writer = new BencodeWriter(new byte[3]);
        Assert.False(writer.TryWriteInteger(10)); // 4 bytes
        Assert.Equal(0, new BencodeWriter(new byte[3]).BytesWritten);
    }

    [Fact]
    public void WriteThenRead_RandomTrees_RoundTrip()
    {
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var tree = RandomValue(random, 0);
            var bytes = BencodeTree.Write(tree);
            var parsed = BencodeTree.Parse(bytes, out var error);
            Assert.Equal(BencodeError.None, error);
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(BencodeTree.Write(parsed!)));
        }
    }

    [Property(MaxTest = 3000)]
    public void Read_RandomBytes_NeverThrowsAndTerminates(byte[] data)
    {
        var reader = new BencodeReader(data);
        var reads = 0;
        while (reader.Read()) Assert.True(++reads <= data.Length);
        Assert.True(reader.IsFinished || reader.Error != BencodeError.None);
    }

    [Fact]
    public void Read_SeededMutationsOfNgMessage_NeverThrow()
    {
        var seed = "d7:command5:offer7:call-id3:abc8:from-tag2:ft3:sdp26:v=0\r\nm=audio 1 RTP/AVP 0\r\n5:flagsl13:trust-addresse7:replacel6:origine3:ICEi-1ee"u8.ToArray();
        Assert.NotNull(BencodeTree.Parse(seed, out _));
        var random = new Random(5);
        for (var i = 0; i < 20000; i++)
        {
            var mutated = seed.AsSpan(0, random.Next(seed.Length + 1)).ToArray();
            if (mutated.Length > 0) mutated[random.Next(mutated.Length)] = (byte)"0123456789:ield-e"[random.Next(17)];
            _ = BencodeTree.Parse(mutated, out _);
        }
    }

    [Fact]
    public void ReadWrite_AfterWarmUp_AllocateNothing()
    {
        var message = "d7:command5:offer7:call-id3:abc5:flagsl13:trust-addresse3:ICEi-1ee"u8.ToArray();
        var output = new byte[256];
        long total = 0;

        void Once()
        {
            var reader = new BencodeReader(message);
            while (reader.Read()) total += reader.IntegerValue + reader.ValueSpan.Length;
            var writer = new BencodeWriter(output);
            writer.TryWriteStartDictionary();
            writer.TryWriteKeyValue("command"u8, "answer");
            writer.TryWriteKeyValue("n"u8, total);
            writer.TryWriteEnd();
            total += writer.BytesWritten;
        }

        for (var i = 0; i < 100; i++) Once();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) Once();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.NotEqual(0, total);
    }

    private static object RandomValue(Random random, int depth)
    {
        var kind = depth > 4 ? random.Next(2) : random.Next(4);
        switch (kind)
        {
            case 0:
                var bytes = new byte[random.Next(12)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                return random.Next(3) == 0 ? long.MinValue + random.Next(2) : random.NextInt64(-1000, 1000);
            case 2:
                return Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1)).ToList();
            default:
                var dictionary = new SortedDictionary<string, object>(StringComparer.Ordinal);
                for (var i = random.Next(4); i > 0; i--) dictionary["k" + random.Next(100)] = RandomValue(random, depth + 1);
                return dictionary;
        }
    }
}
