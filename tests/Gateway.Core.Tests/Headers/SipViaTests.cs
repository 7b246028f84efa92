using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class SipViaTests
{
    public static TheoryData<string, string, string, int?, string?> ValidVias => new()
    {
        // value, transport, host, port, branch
        { "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds", "UDP", "192.0.2.1", 5060, "z9hG4bK776asdhds" },
        // RFC 4475 wsinv.dat (3.1.1.1): LWS and folding around the slashes.
        { "SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw", "UDP", "192.0.2.2", null, "390skdjuw" },
        { "SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;rport;branch=390skdjuw", "UDP", "192.0.2.2", null, "390skdjuw" },
        { "SIP/2.0/UDP 192.0.2.2;\r\n\tbranch=z9hG4bKa\r\n ;rport=5060", "UDP", "192.0.2.2", null, "z9hG4bKa" },
        // RFC 4475 intmeth.dat (3.1.1.2): unusual token characters in the branch.
        { "SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~", "TCP", "host1.example.com", null, "z9hG4bK-.!%66*_+`'~" },
        // RFC 4475 esc02.dat (3.1.1.5): % in a branch is not an escape.
        { "SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234", "TCP", "host.example.com", null, "z9hG4bK209%fzsnel234" },
        // RFC 4475 transports.dat (3.1.1.10).
        { "SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw", "UDP", "t1.example.com", null, "z9hG4bKkdjuw" },
        { "SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf", "SCTP", "t2.example.com", null, "z9hG4bKklasjdhf" },
        { "SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj", "TLS", "t3.example.com", null, "z9hG4bK2980unddj" },
        { "SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en", "UNKNOWN", "t4.example.com", null, "z9hG4bKasd0f3en" },
        { "SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee", "TCP", "t5.example.com", null, "z9hG4bK0a9idfnee" },
        // RFC 4475 mpart01.dat (3.1.1.11): valueless rport after the branch.
        { "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport", "UDP", "127.0.0.1", 5070, "z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-" },
        // RFC 4475 badbranch.dat (3.2.1): the branch is only the magic cookie; syntactically fine.
        { "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK", "UDP", "192.0.2.1", null, "z9hG4bK" },
        // RFC 4475 inv2543.dat (3.4.1): RFC 2543 Via without a branch.
        { "SIP/2.0/UDP iftgw.example.com", "UDP", "iftgw.example.com", null, null },
        // RFC 4475 bcast.dat (3.3.10): broadcast sent-by is syntactically valid.
        { "SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23", "UDP", "255.255.255.255", null, "z9hG4bK1saber23" },
        // RFC 4475 longreq.dat (3.1.1.7).
        { "SIP/2.0/TCP sip33.example.com", "TCP", "sip33.example.com", null, null },
        // RFC 5118 ipv6-good.sip, mult-ip-in-header.sip, ipv4-mapped-ipv6.sip.
        { "SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111", "UDP", "[2001:db8::9:1]", null, "z9hG4bKas3-111" },
        { "SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111", "UDP", "[2001:db8::9:1]", 6050, "z9hG4bKas3-111" },
        { "SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200", "TCP", "[2001:db8::9:255]", null, "z9hG4bK451jj" },
        { "SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19", "UDP", "[::ffff:192.0.2.10]", 19823, "z9hG4bKbh19" },
        { "SIP/2.0/UDP [::ffff:192.0.2.2];branch=z9hG4bKas3-111", "UDP", "[::ffff:192.0.2.2]", null, "z9hG4bKas3-111" },
        // RFC 5118 §4.5 via-received-param-with-delim.sip / -no-delim.sip.
        { "SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111", "UDP", "[2001:db8::9:1]", null, "z9hG4bKas3-111" },
        { "SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3", "UDP", "[2001:db8::9:1]", null, "z9hG4bKas3" },
        // WebSocket transports (RFC 7118), LWS around ':' and ';' '=' , surrounding LWS.
        { "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKasudf", "WSS", "df7jal23ls0d.invalid", null, "z9hG4bKasudf" },
        { "  SIP/2.0/TCP host.example.com : 5061 ; branch = z9hG4bKx  ", "TCP", "host.example.com", 5061, "z9hG4bKx" },
        { "SIP/2.0/UDP example.com.:0;branch=z9hG4bKa", "UDP", "example.com.", 0, "z9hG4bKa" },
        { "SIP/2.0/UDP [::1]:65535;branch=z9hG4bKa;ttl=16;maddr=224.2.0.1", "UDP", "[::1]", 65535, "z9hG4bKa" },
    };

    public static TheoryData<string> InvalidVias => new()
    {
        "",
        "   ",
        "SIP/2.0/UDP",
        "SIP/2.0/UDP ",
        "SIP/2.0 192.0.2.1",
        "SIP/2.0/UDP;branch=z9hG4bKa",
        "SIP/2.0/UDP192.0.2.1",
        "SIP//UDP 192.0.2.1",
        "SIP/2.0/ 192.0.2.1",
        // RFC 4475 badinv01.dat (3.1.2.1) — as a single via-parm.
        "SIP/2.0/UDP 192.0.2.15;;,;,,",
        "SIP/2.0/UDP 192.0.2.15;;branch=z9hG4bKa",
        "SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKa;",
        "SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKa ; ",
        "SIP/2.0/UDP 192.0.2.15;branch=",
        "SIP/2.0/UDP 192.0.2.15;branch",
        "SIP/2.0/UDP 192.0.2.15;branch=\"z9hG4bKa\"",
        "SIP/2.0/UDP host.example.com:65536",
        "SIP/2.0/UDP host.example.com:99999999999999999999",
        "SIP/2.0/UDP host.example.com:50a0",
        "SIP/2.0/UDP host.example.com:",
        "SIP/2.0/UDP host.example.com:-1",
        "SIP/2.0/UDP host .example.com",
        "SIP/2.0/UDP host.example.com 5060",
        "SIP/2.0/UDP host_name.example.com",
        "SIP/2.0/UDP -host.example.com",
        "SIP/2.0/UDP host..example.com",
        "SIP/2.0/UDP 1.2.3",
        "SIP/2.0/UDP 256.1.1.1",
        "SIP/2.0/UDP [2001:db8::9:1",
        "SIP/2.0/UDP [2001:db8:::1]",
        "SIP/2.0/UDP [2001:db8::g]",
        "SIP/2.0/UDP [1:2:3:4:5:6:7:8:9]",
        "SIP/2.0/UDP 2001:db8::1",
        "SIP/2.0/UDP 192.0.2.1;received=host.example.com",
        "SIP/2.0/UDP 192.0.2.1;received",
        "SIP/2.0/UDP 192.0.2.1;rport=70000",
        "SIP/2.0/UDP 192.0.2.1;rport=x",
        "SIP/2.0/UDP 192.0.2.1;ttl=256",
        "SIP/2.0/UDP 192.0.2.1;maddr=bad_host",
        "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.2",
        "SIP/2.0/UDP 192.0.2.1 garbage",
        "SIP/2.0/UDP 192.0.2.1\r\n",
        "SIP/2.0/UDP 192.0.2.1\r\n;branch=z9hG4bKa",
        "SIP/2.0/UDP 192.0.2.1\n ;branch=z9hG4bKa",
        "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\r;rport",
        "SIP/2.0/UDP 192.0.2.1;\r\nbranch=z9hG4bKa",
    };

    [Theory]
    [MemberData(nameof(ValidVias))]
    public void TryParse_ValidVia_ExposesParts(string value, string transport, string host, int? port, string? branch)
    {
        Assert.True(SipVia.TryParse(value, out var via));
        Assert.NotNull(via);
        Assert.Equal("SIP", via.Protocol);
        Assert.Equal("2.0", via.Version);
        Assert.Equal(transport, via.Transport);
        Assert.Equal(host, via.Host);
        Assert.Equal(port, via.Port);
        Assert.Equal(branch, via.Branch);
    }

    [Theory]
    [MemberData(nameof(InvalidVias))]
    public void TryParse_InvalidVia_ReturnsFalse(string value)
    {
        Assert.False(SipVia.TryParse(value, out var via));
        Assert.Null(via);
    }

    [Theory]
    [MemberData(nameof(ValidVias))]
    public void ToString_Unmodified_ReturnsTrimmedOriginal(string value, string transport, string host, int? port, string? branch)
    {
        _ = (transport, host, port, branch);
        Assert.True(SipVia.TryParse(value, out var via));
        Assert.Equal(value.Trim(' ', '\t'), via!.ToString());
    }

    [Theory]
    [MemberData(nameof(ValidVias))]
    public void ToString_AfterModification_ReparsesEqual(string value, string transport, string host, int? port, string? branch)
    {
        _ = (transport, host, port, branch);
        Assert.True(SipVia.TryParse(value, out var via));
        via!.Received = "192.0.2.77";
        var text = via.ToString();
        Assert.DoesNotContain("\r\n", text, StringComparison.Ordinal);
        Assert.True(SipVia.TryParse(text, out var again));
        AssertSame(via, again!);
        Assert.Equal(text, again!.ToString());
    }

    [Fact]
    public void TryParse_Wsinv_NormalisesOnModification()
    {
        Assert.True(SipVia.TryParse("SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw", out var via));
        Assert.False(via!.IsRfc3261Branch);
        via.Branch = "z9hG4bK1";
        Assert.Equal("SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK1", via.ToString());
        Assert.True(via.IsRfc3261Branch);
    }

    [Fact]
    public void TryParse_RPortWithoutValue_HasRPortWithNullValue()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport", out var via));
        Assert.True(via!.HasRPort);
        Assert.Null(via.RPort);
        via.SetRPort(49152);
        Assert.Equal(49152, via.RPort);
        Assert.Equal("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport=49152", via.ToString());
        Assert.True(via.RemoveRPort());
        Assert.False(via.HasRPort);
    }

    [Fact]
    public void TryParse_Rfc3581Response_ExposesReceivedAndRPort()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bKkjshdyff", out var via));
        Assert.Equal("192.0.2.1", via!.Received);
        Assert.True(via.HasRPort);
        Assert.Equal(9988, via.RPort);
        Assert.Equal("10.1.1.1:4540", via.SentBy);
    }

    [Fact]
    public void TryParse_ReceivedIPv6_KeepsFormAsWritten()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111", out var with));
        Assert.Equal("[2001:db8::9:255]", with!.Received);
        Assert.True(SipVia.TryParse("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3", out var without));
        Assert.Equal("2001:db8::9:255", without!.Received);
        Assert.Equal("[2001:db8::9:1]", without.SentBy);
    }

    [Fact]
    public void TryParse_MaddrAndTtl_Exposed()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP [::1]:65535;branch=z9hG4bKa;ttl=16;maddr=224.2.0.1", out var via));
        Assert.Equal(16, via!.Ttl);
        Assert.Equal("224.2.0.1", via.MAddr);
        Assert.Equal("[::1]:65535", via.SentBy);
        Assert.False(via.HasRPort);
        Assert.Null(via.Received);
    }

    [Theory]
    [InlineData("z9hG4bK776asdhds", true)]
    [InlineData("z9hG4bK", true)]
    [InlineData("Z9HG4BK776asdhds", false)]
    [InlineData("390skdjuw", false)]
    public void IsRfc3261Branch_Cookie_CaseSensitive(string branch, bool expected)
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP h.example.com;branch=" + branch, out var via));
        Assert.Equal(expected, via!.IsRfc3261Branch);
    }

    [Fact]
    public void IsRfc3261Branch_NoBranch_False()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP iftgw.example.com", out var via));
        Assert.False(via!.IsRfc3261Branch);
    }

    [Fact]
    public void Constructor_WithPort_SerialisesCanonically()
    {
        var via = new SipVia("UDP", "pc33.atlanta.com", 5060, "z9hG4bK776asdhds");
        Assert.Equal("SIP/2.0/UDP pc33.atlanta.com:5060;branch=z9hG4bK776asdhds", via.ToString());
        Assert.Equal("SIP", via.Protocol);
        Assert.Equal("2.0", via.Version);
        Assert.True(via.IsRfc3261Branch);
        Assert.True(SipVia.TryParse(via.ToString(), out var parsed));
        AssertSame(via, parsed!);
    }

    [Fact]
    public void Constructor_IPv6WithoutBrackets_AddsBrackets()
    {
        var via = new SipVia("WSS", "2001:db8::1", null, "z9hG4bKx");
        Assert.Equal("[2001:db8::1]", via.Host);
        Assert.Equal("SIP/2.0/WSS [2001:db8::1];branch=z9hG4bKx", via.ToString());
    }

    [Theory]
    [InlineData("U DP", "h.example.com", 5060, "z9hG4bKa")]
    [InlineData("UDP", "bad host", 5060, "z9hG4bKa")]
    [InlineData("UDP", "h.example.com", 5060, "bad;branch")]
    [InlineData("UDP", "h.example.com", 65536, "z9hG4bKa")]
    [InlineData("UDP", "h.example.com", -1, "z9hG4bKa")]
    public void Constructor_InvalidArgument_Throws(string transport, string host, int port, string branch) =>
        Assert.ThrowsAny<ArgumentException>(() => new SipVia(transport, host, port, branch));

    [Fact]
    public void Setters_InvalidValues_Throw()
    {
        var via = new SipVia("UDP", "h.example.com", null, "z9hG4bKa");
        Assert.Throws<ArgumentException>(() => via.Branch = "a b");
        Assert.Throws<ArgumentException>(() => via.Received = "h.example.com");
        Assert.Throws<ArgumentOutOfRangeException>(() => via.SetRPort(70000));
        via.Received = "2001:db8::1";
        via.Branch = null;
        Assert.Equal("SIP/2.0/UDP h.example.com;received=2001:db8::1", via.ToString());
        via.Received = null;
        Assert.Equal("SIP/2.0/UDP h.example.com", via.ToString());
    }

    [Fact]
    public void TryParseList_Wsinv_ParsesBothFoldedEntries()
    {
        const string value = "SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239";
        var list = new List<SipVia>();
        Assert.True(SipVia.TryParseList(value, list));
        Assert.Equal(2, list.Count);
        Assert.Equal("TCP", list[0].Transport);
        Assert.Equal("spindle.example.com", list[0].Host);
        Assert.Equal("z9hG4bK9ikj8", list[0].Branch);
        Assert.Equal("UDP", list[1].Transport);
        Assert.Equal("192.168.255.111", list[1].Host);
        Assert.Equal("z9hG4bK30239", list[1].Branch);
        Assert.Equal("SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8", list[0].ToString());
    }

    [Fact]
    public void TryParseList_TransportsAndLongreq_ParsesEveryEntry()
    {
        const string value = "SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw, SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf,SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj ,SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en,\r\n SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee";
        var list = new List<SipVia>();
        Assert.True(SipVia.TryParseList(value, list));
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], list.ConvertAll(v => v.Transport));

        var longreq = new System.Text.StringBuilder();
        for (var n = 33; n >= 1; n--)
        {
            if (longreq.Length > 0) longreq.Append(", ");
            longreq.Append("SIP/2.0/TCP sip").Append(n).Append(".example.com");
        }

        longreq.Append(", SIP/2.0/TCP host.example.com;received=192.0.2.5;branch=verylonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglongbranchvalue");
        list.Clear();
        Assert.True(SipVia.TryParseList(longreq.ToString(), list));
        Assert.Equal(34, list.Count);
        Assert.Equal("sip33.example.com", list[0].Host);
        Assert.Equal("192.0.2.5", list[33].Received);
        Assert.EndsWith("branchvalue", list[33].Branch, StringComparison.Ordinal);
    }

    [Theory]
    // RFC 4475 badinv01.dat (3.1.2.1).
    [InlineData("SIP/2.0/UDP 192.0.2.15;;,;,,")]
    [InlineData("SIP/2.0/UDP 192.0.2.15,")]
    [InlineData("SIP/2.0/UDP 192.0.2.15,,SIP/2.0/UDP 192.0.2.16")]
    [InlineData(",SIP/2.0/UDP 192.0.2.15")]
    [InlineData("SIP/2.0/UDP 192.0.2.15, garbage")]
    [InlineData("")]
    public void TryParseList_Invalid_ReturnsFalseAndLeavesListUnchanged(string value)
    {
        var existing = new SipVia("UDP", "a.example.com", null, "z9hG4bKa");
        var list = new List<SipVia> { existing };
        Assert.False(SipVia.TryParseList(value, list));
        Assert.Single(list);
        Assert.Same(existing, list[0]);
    }

    [Fact]
    public void TryParseList_MultIpInHeader_ParsesMixedFamilies()
    {
        var list = new List<SipVia>();
        Assert.True(SipVia.TryParseList("SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111,SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKjhja8781hjuaij65144", list));
        Assert.Equal("[2001:db8::9:1]:6050", list[0].SentBy);
        Assert.Equal("192.0.2.1", list[1].SentBy);
    }

    internal static void AssertSame(SipVia expected, SipVia actual)
    {
        Assert.Equal(expected.Protocol, actual.Protocol);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Transport, actual.Transport);
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.Port, actual.Port);
        Assert.Equal(expected.Parameters.Count, actual.Parameters.Count);
        for (var i = 0; i < expected.Parameters.Count; i++)
        {
            Assert.Equal(expected.Parameters[i], actual.Parameters[i]);
        }
    }
}
