using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Uris;

namespace Gateway.Core.Tests.Parsing;

/// <summary>The values RFC 4475 §3.1.1 calls out in its valid messages, read through the typed API.</summary>
public sealed class TortureFieldTests
{
    private static SipMessage Parse(string file, string folder = "sip-torture")
    {
        var result = SipMessageParser.Parse(TestData.Read(folder, file));
        Assert.True(result.Success, file + ": " + result.Error.ReasonPhrase);
        Assert.Equal(SipParseError.None, SipMessageValidator.Validate(result.Message!));
        return result.Message!;
    }

    [Fact]
    public void Wsinv_FoldingAndOddSpacing_ValuesRead()
    {
        var m = (SipRequest)Parse("wsinv.dat");
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(9u, m.CSeq!.Number);
        Assert.Equal("INVITE", m.CSeq.Method);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", m.CallId);
        Assert.Equal("1918181833n", m.To!.Tag);
        Assert.Equal("98asjd8", m.From!.Tag);
        Assert.Equal("J Rosenberg \\\"", m.From.DisplayName);
        Assert.True(m.TryGetVias(out var vias));
        Assert.Equal(3, vias.Count);
        Assert.Equal("UDP", vias[0].Transport);
        Assert.Equal("192.0.2.2", vias[0].Host);
        Assert.Equal("390skdjuw", vias[0].Branch);
        Assert.Equal("TCP", vias[1].Transport);
        Assert.Equal("spindle.example.com", vias[1].Host);
        Assert.Equal("z9hG4bK9ikj8", vias[1].Branch);
        Assert.Equal("192.168.255.111", vias[2].Host);
        Assert.Equal("z9hG4bK30239", vias[2].Branch);
        Assert.Equal(string.Empty, m.Headers.GetFirstValue(SipHeaderId.Subject));
        Assert.Equal("newfangled value continued newfangled value", m.Headers.GetFirstValue("NewFangledHeader"));
        Assert.Equal(";;,,;;,;", m.Headers.GetFirstValue("UnknownHeaderWithUnusualValue"));
        Assert.True(m.TryGetRoutes(out var routes));
        Assert.True(Assert.Single(routes).Uri.IsLooseRouter);
        Assert.True(m.TryGetContacts(out var contacts));
        var contact = Assert.Single(contacts);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal(0.33, contact.Q);
        Assert.Equal("newvalue", contact.Parameters.GetValue("newparam"));
        Assert.True(contact.Parameters.Contains("secondparam"));
        Assert.Equal(150, m.Body.Length);
        Assert.True(m.RequestUri.Parameters.Contains("unknownparam"));
    }

    [Fact]
    public void Intmeth_UnusualTokens_Kept()
    {
        var m = (SipRequest)Parse("intmeth.dat");
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.Method.Name);
        Assert.Equal(m.Method.Name, m.CSeq!.Method);
        Assert.Equal(139122385u, m.CSeq.Number);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.CallId);
        Assert.Equal("z9hG4bK-.!%66*_+`'~", m.TopVia!.Branch);
        Assert.Equal("BEL:\a NUL:\0 DEL:\x7f", m.To!.DisplayName);
        Assert.Equal("token1~` token2'+_ token3*%!.-", m.From!.DisplayName);
        Assert.Equal(255, m.MaxForwards);
        var extension = m.Headers.GetFirstValue("extensionHeader-!.%*+_`'~")!;
        Assert.Equal(4, extension.Length);
        Assert.Equal('\uFEFF', extension[0]);
    }

    [Fact]
    public void Esc01_EscapedUser_ComparedAfterUnescaping()
    {
        var m = (SipRequest)Parse("esc01.dat");
        Assert.Equal("sips:user@example.com", m.RequestUri.User);
        Assert.Equal(SipUriScheme.Sip, m.RequestUri.Scheme);
    }

    [Fact]
    public void Escnull_EscapedNul_NotTruncated()
    {
        var m = (SipRequest)Parse("escnull.dat");
        Assert.Equal("null-\0-null", m.To!.Uri.User);
        Assert.True(m.TryGetContacts(out var contacts));
        Assert.Equal(2, contacts.Count);
        Assert.Equal("\0", contacts[0].Uri.User);
        Assert.Equal("\0\0", contacts[1].Uri.User);
    }

    [Fact]
    public void Esc02_PercentOutsideUris_UnknownMethodAndHeader()
    {
        var m = (SipRequest)Parse("esc02.dat");
        Assert.Equal("RE%47IST%45R", m.Method.Name);
        Assert.False(m.Method.Equals(SipMethod.Register));
        Assert.True(m.TryGetContacts(out var contacts));
        Assert.Equal(2, contacts.Count);
        Assert.Equal("<sip:alias2@host2.example.com>", m.Headers.GetFirstValue("C%6Fntact"));
        Assert.Equal("%Z%45", m.To!.DisplayName);
        Assert.Equal("z9hG4bK209%fzsnel234", m.TopVia!.Branch);
    }

    [Fact]
    public void Lwsdisp_NoSpaceBeforeLaquot_Parses()
    {
        var m = Parse("lwsdisp.dat");
        Assert.Equal("caller", m.From!.DisplayName);
        Assert.Equal("caller", m.From.Uri.User);
    }

    [Fact]
    public void Longreq_LongValues_Parses()
    {
        var m = Parse("longreq.dat");
        Assert.True(m.TryGetVias(out var vias));
        Assert.True(vias.Count > 30);
        Assert.True(m.From!.Tag!.Length > 100);
        Assert.StartsWith("I have a user name of extreme", m.To!.DisplayName, StringComparison.Ordinal);
        Assert.True(m.From.Uri.User!.Length > 100);
    }

    [Fact]
    public void Dblreq_SecondRequestInDatagram_Discarded()
    {
        var m = (SipRequest)Parse("dblreq.dat");
        Assert.Equal(SipMethod.Register, m.Method);
        Assert.True(m.Body.IsEmpty);
        Assert.True(m.Warnings.HasFlag(SipParseWarnings.ExtraOctetsDiscarded));
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", m.CallId);
    }

    [Fact]
    public void Semiuri_SemicolonsInUser_AreUserCharacters()
    {
        var m = (SipRequest)Parse("semiuri.dat");
        Assert.Equal("user;par=u@example.net", m.RequestUri.User);
        Assert.Equal("example.com", m.RequestUri.Host);
        Assert.Empty(m.RequestUri.Parameters);
    }

    [Fact]
    public void Transports_FiveVias_TransportsRead()
    {
        var m = Parse("transports.dat");
        Assert.True(m.TryGetVias(out var vias));
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], vias.Select(v => v.Transport));
    }

    [Fact]
    public void Mpart01_BinaryBody_CountedInOctets()
    {
        var m = Parse("mpart01.dat");
        Assert.Equal(553, m.Body.Length);
        Assert.Contains((byte)0, m.Body.ToArray());
        Assert.StartsWith("multipart/mixed", m.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreason_Utf8ReasonPhrase_Kept()
    {
        var m = (SipResponse)Parse("unreason.dat");
        Assert.Equal(200, m.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 ", m.ReasonPhrase, StringComparison.Ordinal);
        Assert.Contains("\u043d\u043e", m.ReasonPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public void Noreason_EmptyReasonPhrase_Parses()
    {
        var m = (SipResponse)Parse("noreason.dat");
        Assert.Equal(100, m.StatusCode);
        Assert.Equal(string.Empty, m.ReasonPhrase);
    }

    [Fact]
    public void Inv2543_OldSyntax_Parses()
    {
        var m = (SipRequest)Parse("inv2543.dat");
        Assert.False(m.TopVia!.IsRfc3261Branch);
        Assert.Null(m.MaxForwards);
        Assert.True(m.Warnings.HasFlag(SipParseWarnings.MissingContentLength));
        Assert.False(m.Body.IsEmpty);
    }

    [Fact]
    public void Badbranch_CookieOnlyBranch_Parses()
    {
        var m = Parse("badbranch.dat");
        Assert.Equal("z9hG4bK", m.TopVia!.Branch);
    }

    [Fact]
    public void Unkscm_UnknownRequestUriScheme_ParsesOpaque()
    {
        var m = (SipRequest)Parse("unkscm.dat");
        Assert.Equal(SipUriScheme.Other, m.RequestUri.Scheme);
    }

    [Fact]
    public void Cparam01_ParamOutsideBrackets_IsHeaderParam()
    {
        var m = Parse("cparam01.dat");
        Assert.True(m.TryGetContacts(out var contacts));
        var contact = Assert.Single(contacts);
        Assert.True(contact.Parameters.Contains("unknownparam"));
        Assert.False(contact.Uri.Parameters.Contains("unknownparam"));
    }

    [Fact]
    public void Cparam02_ParamInsideBrackets_IsUriParam()
    {
        var m = Parse("cparam02.dat");
        Assert.True(m.TryGetContacts(out var contacts));
        var contact = Assert.Single(contacts);
        Assert.True(contact.Uri.Parameters.Contains("unknownparam"));
    }

    [Fact]
    public void Regescrt_EscapedRouteInContact_KeptUnchanged()
    {
        var m = Parse("regescrt.dat");
        Assert.True(m.TryGetContacts(out var contacts));
        var contact = Assert.Single(contacts);
        Assert.True(contact.Uri.Headers.Count > 0);
        Assert.Equal(m.Headers.GetFirstValue(SipHeaderId.Contact), contact.ToString());
    }

    [Fact]
    public void Zeromf_MaxForwardsZero_Read()
    {
        Assert.Equal(0, Parse("zeromf.dat").MaxForwards);
    }

    [Theory]
    [InlineData("ipv6-good.sip")]
    [InlineData("port-ambiguous.sip")]
    [InlineData("port-unambiguous.sip")]
    [InlineData("via-received-param-with-delim.sip")]
    [InlineData("via-received-param-no-delim.sip")]
    [InlineData("ipv6-in-sdp.sip")]
    [InlineData("mult-ip-in-header.sip")]
    [InlineData("mult-ip-in-sdp.sip")]
    [InlineData("ipv4-mapped-ipv6.sip")]
    [InlineData("ipv6-bug-abnf-3-colons.sip")]
    [InlineData("ipv6-correct-abnf-2-colons.sip")]
    public void Rfc5118_ValidIpv6Message_Parses(string file)
    {
        var m = Parse(file, Path.Combine("sip-torture-ipv6", "wire"));
        Assert.True(m.TryGetVias(out var vias));
        Assert.NotEmpty(vias);
    }

    [Fact]
    public void Rfc5118_UnbracketedIpv6RequestUri_Refused()
    {
        var result = SipMessageParser.Parse(TestData.Read("sip-torture-ipv6", "wire", "ipv6-bad.sip"));
        var error = result.Error.IsError ? result.Error : SipMessageValidator.Validate(result.Message!);
        Assert.Equal(SipParseErrorCode.BadRequestUri, error.Code);
    }

    [Fact]
    public void Rfc5118_PortAmbiguous_PortIsPartOfAddress()
    {
        var m = (SipRequest)Parse("port-ambiguous.sip", Path.Combine("sip-torture-ipv6", "wire"));
        Assert.Equal(SipHostKind.IPv6, m.RequestUri.HostKind);
        Assert.Null(m.RequestUri.Port);
        var u = (SipRequest)Parse("port-unambiguous.sip", Path.Combine("sip-torture-ipv6", "wire"));
        Assert.Equal(5070, u.RequestUri.Port);
    }

    [Fact]
    public void SipWs_EveryMessageOfTheFlow_Parses()
    {
        foreach (var file in Directory.GetFiles(TestData.PathOf("sip-ws"), "*.sip"))
        {
            var m = Parse(Path.GetFileName(file), "sip-ws");
            Assert.NotNull(m.CallId);
            Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(file)), m.ToString());
        }
    }
}
