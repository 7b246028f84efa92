using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Registrar;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transport;
using static Gateway.Core.Tests.Registrar.SipTestMessages;

namespace Gateway.Core.Tests.Registrar;

public sealed class SipRegistrarSaveTests
{
    private const string Alice = "<sip:alice@198.51.100.7:40000>";

    [Fact]
    public async Task SaveAsync_NewContact_StoresBindingAnd200ListsItWithExpiresAndDate()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice], expires: "1800"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([("sip:alice@198.51.100.7:40000", (long?)1800)], ContactsOf(response));
        Assert.True(SipDate.TryParse(response.Headers.GetFirstValue(SipHeaderId.Date)!, out var date));
        Assert.Equal(RegistrarHarness.Start, date);
        var binding = Assert.Single(await h.BindingsAsync());
        Assert.Equal("sip:alice@example.com", binding.Aor);
        Assert.Equal("sip:alice@198.51.100.7:40000", binding.Contact);
        Assert.Equal(RegistrarHarness.Start.AddSeconds(1800), binding.ExpiresAt);
        Assert.Equal("reg-call-1", binding.CallId);
        Assert.Equal(1u, binding.CSeq);
        Assert.Equal("udp:198.51.100.7:40000", binding.Received.ToString());
        Assert.Equal(h.UdpFlow.Id, binding.FlowId);
        Assert.Equal("node-a", binding.NodeId);
    }

    [Fact]
    public async Task SaveAsync_Refresh_UpdatesExpiryAndCSeqWithoutDuplicating()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], cseq: 1, expires: "600"));
        h.Time.Advance(TimeSpan.FromSeconds(300));
        var response = await h.SaveAsync(Register([Alice], cseq: 2, expires: "600"));

        Assert.Equal([("sip:alice@198.51.100.7:40000", (long?)600)], ContactsOf(response));
        var binding = Assert.Single(await h.BindingsAsync());
        Assert.Equal(2u, binding.CSeq);
        Assert.Equal(RegistrarHarness.Start.AddSeconds(900), binding.ExpiresAt);
    }

    [Fact]
    public async Task SaveAsync_EquivalentContactUri_RefreshesTheSameBinding()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register(["<sip:alice@198.51.100.7:40000;transport=UDP>"], cseq: 1));
        // RFC 3261 §19.1.4: the host and the transport value compare case-insensitively.
        var response = await h.SaveAsync(Register(["<sip:alice@198.51.100.7:40000;TRANSPORT=udp>"], cseq: 2));

        Assert.Single(ContactsOf(response));
        Assert.Single(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_RemainingExpiry_ListedForOtherBindings()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register(["<sip:alice@198.51.100.7:40000>"], callId: "phone", expires: "3600"));
        h.Time.Advance(TimeSpan.FromSeconds(1000));
        var response = await h.SaveAsync(Register(["<sip:alice@203.0.113.9:5060>"], callId: "softphone", expires: "120"));

        Assert.Equal(
            [("sip:alice@198.51.100.7:40000", (long?)2600), ("sip:alice@203.0.113.9:5060", (long?)120)],
            ContactsOf(response));
    }

    [Fact]
    public async Task SaveAsync_ContactExpiresZero_RemovesBinding()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice, "<sip:alice@203.0.113.9>"], cseq: 1));
        var response = await h.SaveAsync(Register([Alice + ";expires=0"], cseq: 2));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([("sip:alice@203.0.113.9", (long?)3600)], ContactsOf(response));
        Assert.Equal("sip:alice@203.0.113.9", Assert.Single(await h.BindingsAsync()).Contact);
    }

    [Fact]
    public async Task SaveAsync_ExpiresHeaderZero_RemovesBinding()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], cseq: 1));
        var response = await h.SaveAsync(Register([Alice], cseq: 2, expires: "0"));

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(ContactsOf(response));
        Assert.Empty(await h.BindingsAsync());
        Assert.Equal(0, h.InMemory.Count);
    }

    [Fact]
    public async Task SaveAsync_ContactExpiresParameter_WinsOverExpiresHeader()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice + ";expires=120", "<sip:alice@203.0.113.9>"], expires: "300"));

        Assert.Equal([("sip:alice@198.51.100.7:40000", (long?)120), ("sip:alice@203.0.113.9", (long?)300)], ContactsOf(response));
    }

    [Fact]
    public async Task SaveAsync_UnknownContactWithExpiresZero_NothingStored()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice + ";expires=0"]));

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(ContactsOf(response));
        Assert.Empty(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_WildcardWithExpiresZero_RemovesEveryBinding()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], callId: "a"));
        await h.SaveAsync(Register(["<sip:alice@203.0.113.9>"], callId: "b"));
        var response = await h.SaveAsync(Register(["*"], callId: "c", cseq: 1, expires: "0"));

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(ContactsOf(response));
        Assert.Empty(await h.BindingsAsync());
    }

    [Theory]
    [InlineData("3600")]
    [InlineData(null)]
    public async Task SaveAsync_WildcardWithoutExpiresZero_400(string? expires)
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice]));
        var response = await h.SaveAsync(Register(["*"], cseq: 2, expires: expires));

        Assert.Equal(400, response.StatusCode);
        Assert.Single(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_WildcardWithAnotherContact_400()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register(["*", Alice], expires: "0"));
        Assert.Equal(400, response.StatusCode);

        response = await h.SaveAsync(Register([Alice, "*"], expires: "0"));
        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task SaveAsync_WildcardSameCallIdOlderCSeq_400AndKeepsBindings()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], cseq: 5));
        var response = await h.SaveAsync(Register(["*"], cseq: 5, expires: "0"));

        Assert.Equal(400, response.StatusCode);
        Assert.Single(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_IntervalTooBrief_423WithMinExpiresAndNothingStored()
    {
        using var h = new RegistrarHarness(o => o.MinExpires = 60);
        var response = await h.SaveAsync(Register([Alice], expires: "30"));

        Assert.Equal(423, response.StatusCode);
        Assert.Equal("Interval Too Brief", response.ReasonPhrase);
        Assert.Equal("60", response.Headers.GetFirstValue(SipHeaderId.MinExpires));
        Assert.Empty(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_OneContactTooBrief_WholeRequestRefused()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice, "<sip:alice@203.0.113.9>;expires=10"]));

        Assert.Equal(423, response.StatusCode);
        Assert.Empty(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_AboveMaxExpires_ClampedToMax()
    {
        using var h = new RegistrarHarness(o => o.MaxExpires = 3600);
        var response = await h.SaveAsync(Register([Alice], expires: "86400"));

        Assert.Equal([("sip:alice@198.51.100.7:40000", (long?)3600)], ContactsOf(response));
        Assert.Equal(RegistrarHarness.Start.AddHours(1), Assert.Single(await h.BindingsAsync()).ExpiresAt);
    }

    [Fact]
    public async Task SaveAsync_ExpiresBeyond32Bits_TreatedAsMaximumThenClamped()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice + ";expires=99999999999"]));

        Assert.Equal([("sip:alice@198.51.100.7:40000", (long?)3600)], ContactsOf(response));
    }

    [Fact]
    public async Task SaveAsync_NoExpiresAnywhere_UsesDefault()
    {
        using var h = new RegistrarHarness(o => o.DefaultExpires = 1800);
        var response = await h.SaveAsync(Register([Alice]));

        Assert.Equal([("sip:alice@198.51.100.7:40000", (long?)1800)], ContactsOf(response));
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    public async Task SaveAsync_SameCallIdNotHigherCSeq_400AndNothingChanged(uint cseq)
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], cseq: 4, expires: "600"));
        var response = await h.SaveAsync(Register([Alice], cseq: cseq, expires: "0"));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Invalid CSeq Number", response.ReasonPhrase);
        var binding = Assert.Single(await h.BindingsAsync());
        Assert.Equal(4u, binding.CSeq);
        Assert.Equal(RegistrarHarness.Start.AddSeconds(600), binding.ExpiresAt);
    }

    [Fact]
    public async Task SaveAsync_StaleCSeqOnOneOfTwoContacts_NoContactChanged()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], cseq: 4));
        var response = await h.SaveAsync(Register(["<sip:alice@203.0.113.9>", Alice], cseq: 3));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("sip:alice@198.51.100.7:40000", Assert.Single(await h.BindingsAsync()).Contact);
    }

    [Fact]
    public async Task SaveAsync_DifferentCallIdLowerCSeq_UpdatesBinding()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], callId: "before-reboot", cseq: 50));
        var response = await h.SaveAsync(Register([Alice], callId: "after-reboot", cseq: 1, expires: "120"));

        Assert.Equal(200, response.StatusCode);
        var binding = Assert.Single(await h.BindingsAsync());
        Assert.Equal("after-reboot", binding.CallId);
        Assert.Equal(1u, binding.CSeq);
    }

    [Fact]
    public async Task SaveAsync_SameContactTwiceInOneRequest_LastOneWins()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice + ";expires=100", Alice + ";expires=200"]));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([("sip:alice@198.51.100.7:40000", (long?)200)], ContactsOf(response));
    }

    [Fact]
    public async Task SaveAsync_QueryWithoutContact_ListsBindingsAndChangesNothing()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], cseq: 1));
        var before = await h.Store.GetAsync("sip:alice@example.com");
        h.Time.Advance(TimeSpan.FromSeconds(10));
        var response = await h.SaveAsync(Register(cseq: 2));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([("sip:alice@198.51.100.7:40000", (long?)3590)], ContactsOf(response));
        Assert.Equal(before.Version, (await h.Store.GetAsync("sip:alice@example.com")).Version);
    }

    [Fact]
    public async Task SaveAsync_QValuesAndMultipleContacts_StoredAndEchoed()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register(["<sip:alice@198.51.100.7:40000>;q=0.5, <sip:alice@203.0.113.9>;q=1.0", "<sip:alice@192.0.2.99>"]));

        Assert.Equal(3, ContactsOf(response).Count);
        Assert.True(response.TryGetContacts(out var contacts));
        Assert.Equal(0.5, contacts[0].Q);
        Assert.Equal(1.0, contacts[1].Q);
        Assert.Null(contacts[2].Q);
        Assert.Equal(3, (await h.BindingsAsync()).Count);
    }

    [Fact]
    public async Task SaveAsync_ToUriWithParametersAndCase_NormalisedAor()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], aor: "sips:Alice@EXAMPLE.com:5061;transport=tls"));

        Assert.Single(await h.BindingsAsync("sip:alice@example.com"));
    }

    [Theory]
    [InlineData("<sip:alice@198.51.100.7>;expires=soon", "Invalid Contact Expires")]
    [InlineData("<sip:alice@198.51.100.7>;expires", "Invalid Contact Expires")]
    [InlineData("<sip:alice@198.51.100.7>;q=2", "Invalid q Value")]
    [InlineData("<sip:alice@198.51.100.7>;reg-id=x;+sip.instance=\"<urn:uuid:1>\"", "Invalid reg-id")]
    [InlineData("<sip:alice@198.51.100.7", "Invalid Contact Header")]
    public async Task SaveAsync_MalformedContact_400(string contact, string reason)
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([contact]));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(reason, response.ReasonPhrase);
        Assert.Empty(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_MalformedExpiresHeader_400()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice], expires: "tomorrow"));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Invalid Expires Header", response.ReasonPhrase);
    }

    [Fact]
    public async Task SaveAsync_TelToUri_400()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice], aor: "tel:+15551234"));

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task SaveAsync_MoreContactsThanAllowed_403AndNothingStored()
    {
        using var h = new RegistrarHarness(o => o.MaxContactsPerAor = 2);
        await h.SaveAsync(Register(["<sip:alice@192.0.2.1>"], callId: "a"));
        await h.SaveAsync(Register(["<sip:alice@192.0.2.2>"], callId: "b"));
        var response = await h.SaveAsync(Register(["<sip:alice@192.0.2.3>"], callId: "c"));

        Assert.Equal(403, response.StatusCode);
        Assert.Equal("Too Many Registered Contacts", response.ReasonPhrase);
        Assert.Equal(2, (await h.BindingsAsync()).Count);

        // A refresh of an existing binding is still accepted at the limit.
        response = await h.SaveAsync(Register(["<sip:alice@192.0.2.2>"], callId: "b", cseq: 2));
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task SaveAsync_RequestWithMoreContactsThanAllowed_403()
    {
        using var h = new RegistrarHarness(o => o.MaxContactsPerAor = 1);
        var response = await h.SaveAsync(Register(["<sip:alice@192.0.2.1>", "<sip:alice@192.0.2.2>"]));

        Assert.Equal(403, response.StatusCode);
    }

    [Fact]
    public async Task SaveAsync_StoreFull_503WithRetryAfter()
    {
        using var h = new RegistrarHarness(o => o.RetryAfterWhenFull = 30, maxBindings: 1);
        Assert.Equal(200, (await h.SaveAsync(Register([Alice]))).StatusCode);
        var response = await h.SaveAsync(Register(["<sip:bob@192.0.2.5>"], aor: "sip:bob@example.com"));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("30", response.Headers.GetFirstValue(SipHeaderId.RetryAfter));
        Assert.Empty(await h.BindingsAsync("sip:bob@example.com"));
    }

    [Fact]
    public async Task SaveAsync_StoreThrows_500()
    {
        using var h = new RegistrarHarness(store: new FaultyLocationStore { FailGets = true });
        var response = await h.SaveAsync(Register([Alice]));

        Assert.Equal(500, response.StatusCode);
    }

    [Fact]
    public async Task SaveAsync_StoreConflictsOnce_RetriesAndSucceeds()
    {
        var store = new FaultyLocationStore { Conflicts = 1 };
        using var h = new RegistrarHarness(store: store);
        var response = await h.SaveAsync(Register([Alice]));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, store.SaveCalls);
        Assert.Single(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_StoreAlwaysConflicts_500AfterBoundedAttempts()
    {
        var store = new FaultyLocationStore { Conflicts = int.MaxValue };
        using var h = new RegistrarHarness(store: store);
        var response = await h.SaveAsync(Register([Alice]));

        Assert.Equal(500, response.StatusCode);
        Assert.Equal(5, store.SaveCalls);
    }

    [Fact]
    public async Task SaveAsync_ConcurrentRegistersForOneAor_AllBindingsKept()
    {
        using var h = new RegistrarHarness(o => o.MaxContactsPerAor = 64);
        var tasks = new List<Task<SipResponse>>();
        for (var i = 0; i < 32; i++)
        {
            var register = Register([$"<sip:alice@192.0.2.{i + 1}>"], callId: "device-" + i);
            tasks.Add(Task.Run(() => h.SaveAsync(register)));
        }

        foreach (var response in await Task.WhenAll(tasks)) Assert.Equal(200, response.StatusCode);
        Assert.Equal(32, (await h.BindingsAsync()).Count);
    }

    [Fact]
    public async Task SaveAsync_BranchFlagsUserAgentAndAllow_Stored()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice], headers: ["User-Agent: JsSIP 3.10.0", "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS"]), branchFlags: 0b1010);

        var binding = Assert.Single(await h.BindingsAsync());
        Assert.Equal(0b1010ul, binding.BranchFlags);
        Assert.Equal("JsSIP 3.10.0", binding.UserAgent);
        Assert.Equal(["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS"], binding.Methods);
    }

    [Fact]
    public async Task SaveAsync_MethodsFeatureParameter_WinsOverAllow()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register([Alice + ";methods=\"MESSAGE, OPTIONS\""], headers: ["Allow: INVITE, MESSAGE"]));

        Assert.Equal(["MESSAGE", "OPTIONS"], Assert.Single(await h.BindingsAsync()).Methods);
    }

    [Fact]
    public async Task SaveAsync_ManyRegistrationsOfOnePhoneModel_ShareUserAgentAndAllow()
    {
        using var h = new RegistrarHarness();
        for (var i = 0; i < 3; i++)
        {
            await h.SaveAsync(Register([$"<sip:u{i}@192.0.2.{i + 1}>"], aor: $"sip:u{i}@example.com", headers: ["User-Agent: Phone/1.0", "Allow: INVITE, BYE"]));
        }

        var a = Assert.Single(await h.BindingsAsync("sip:u0@example.com"));
        var b = Assert.Single(await h.BindingsAsync("sip:u2@example.com"));
        Assert.Same(a.UserAgent, b.UserAgent);
        Assert.Same(a.Methods, b.Methods);
    }

    [Fact]
    public async Task SaveAsync_PathWithSupportedPath_StoredAndEchoed()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register(
            [Alice],
            vias: 3,
            headers: ["Path: <sip:edge2.example.com;lr>", "Path: <sip:edge1.example.com;lr>", "Supported: path"]));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["<sip:edge2.example.com;lr>", "<sip:edge1.example.com;lr>"], response.Headers.GetValues("Path"));
        Assert.Equal(["<sip:edge2.example.com;lr>", "<sip:edge1.example.com;lr>"], Assert.Single(await h.BindingsAsync()).Path);
    }

    [Fact]
    public async Task SaveAsync_PathWithoutSupportedPath_StoredButNotEchoed()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice], vias: 2, headers: ["Path: <sip:edge1.example.com;lr>"]));

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(response.Headers.GetValues("Path"));
        Assert.Equal(["<sip:edge1.example.com;lr>"], Assert.Single(await h.BindingsAsync()).Path);
    }

    [Fact]
    public async Task SaveAsync_MalformedPath_400()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register([Alice], headers: ["Path: <sip:edge1.example.com;lr"]));

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task SaveAsync_OutboundReRegistrationOverNewFlow_ReplacesOldBinding()
    {
        using var h = new RegistrarHarness();
        const string instance = ";reg-id=1;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"";
        var firstFlow = new RecordingFlow(SipTransportKind.Wss, "198.51.100.7:50001");
        var response = await h.SaveAsync(Register(["<sip:k3l2@a1b2.invalid;transport=ws>" + instance], callId: "ws-1", headers: ["Supported: path, outbound, gruu"]), firstFlow);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("outbound", response.Headers.GetFirstValue(SipHeaderId.Require));

        // The browser reconnected: a new WebSocket, a new random contact, a new Call-ID; same instance and reg-id.
        var secondFlow = new RecordingFlow(SipTransportKind.Wss, "198.51.100.7:50002");
        response = await h.SaveAsync(Register(["<sip:p9q8@z7y6.invalid;transport=ws>" + instance], callId: "ws-2", headers: ["Supported: path, outbound, gruu"]), secondFlow);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([("sip:p9q8@z7y6.invalid;transport=ws", (long?)3600)], ContactsOf(response));
        Assert.True(response.TryGetContacts(out var echoed));
        Assert.Equal("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>", echoed[0].Instance);
        Assert.Equal(1, echoed[0].RegId);
        var binding = Assert.Single(await h.BindingsAsync());
        Assert.Equal(secondFlow.Id, binding.FlowId);
        Assert.Equal("wss:198.51.100.7:50002", binding.Received.ToString());
    }

    [Fact]
    public async Task SaveAsync_InstanceWithoutSupportedOutbound_PlainRfc3261Bindings()
    {
        using var h = new RegistrarHarness();
        const string instance = ";reg-id=1;+sip.instance=\"<urn:uuid:1>\"";
        await h.SaveAsync(Register(["<sip:a@a.invalid;transport=ws>" + instance], callId: "1"));
        var response = await h.SaveAsync(Register(["<sip:b@b.invalid;transport=ws>" + instance], callId: "2"));

        Assert.Null(response.Headers.GetFirstValue(SipHeaderId.Require));
        Assert.Equal(2, (await h.BindingsAsync()).Count);
    }

    [Fact]
    public async Task SaveAsync_OutboundDifferentRegIds_OneBindingPerFlow()
    {
        using var h = new RegistrarHarness();
        string[] outbound = ["Supported: outbound"];
        await h.SaveAsync(Register(["<sip:a@192.0.2.1;transport=tcp>;reg-id=1;+sip.instance=\"<urn:uuid:1>\""], callId: "1", headers: outbound));
        await h.SaveAsync(Register(["<sip:a@192.0.2.2;transport=tcp>;reg-id=2;+sip.instance=\"<urn:uuid:1>\""], callId: "2", headers: outbound));
        Assert.Equal(2, (await h.BindingsAsync()).Count);

        // Flow 1 comes back over another connection: it replaces flow 1 only.
        await h.SaveAsync(Register(["<sip:a@192.0.2.3;transport=tcp>;reg-id=1;+sip.instance=\"<urn:uuid:1>\""], callId: "3", headers: outbound));
        var bindings = await h.BindingsAsync();
        Assert.Equal(2, bindings.Count);
        Assert.Contains(bindings, b => b.Contact == "sip:a@192.0.2.3;transport=tcp" && b.RegId == 1);
        Assert.Contains(bindings, b => b.Contact == "sip:a@192.0.2.2;transport=tcp" && b.RegId == 2);
    }

    [Fact]
    public async Task SaveAsync_OutboundWithTwoContacts_400()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register(
            ["<sip:a@192.0.2.1>;reg-id=1;+sip.instance=\"<urn:uuid:1>\"", "<sip:a@192.0.2.2>"],
            headers: ["Supported: outbound"]));

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task SaveAsync_OutboundThroughProxyWithoutObPath_439()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register(
            ["<sip:a@192.0.2.1>;reg-id=1;+sip.instance=\"<urn:uuid:1>\""],
            vias: 2,
            headers: ["Supported: outbound, path", "Path: <sip:edge.example.com;lr>"]));

        Assert.Equal(439, response.StatusCode);
        Assert.Empty(await h.BindingsAsync());
    }

    [Fact]
    public async Task SaveAsync_OutboundThroughProxyWithObPath_200()
    {
        using var h = new RegistrarHarness();
        var response = await h.SaveAsync(Register(
            ["<sip:a@192.0.2.1>;reg-id=1;+sip.instance=\"<urn:uuid:1>\""],
            vias: 2,
            headers: ["Supported: outbound, path", "Path: <sip:edge.example.com;lr;ob>"]));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("outbound", response.Headers.GetFirstValue(SipHeaderId.Require));
    }

    [Fact]
    public async Task SaveAsync_BrowserRegisterFromRfc7118Flow_200WithOutboundAndInstance()
    {
        using var h = new RegistrarHarness();
        var register = Assert.IsType<SipRequest>(Gateway.Core.Parsing.SipMessageParser.Parse(TestData.Read("sip-ws", "01-register-browser-to-proxy.sip")).Message);
        var flow = new RecordingFlow(SipTransportKind.Wss, "198.51.100.20:61000");
        var response = SipTestMessages.Reparse(await h.Registrar.SaveAsync(register, flow, 1, (code, reason) => SipResponse.CreateFor(register, code, reason)));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("outbound", response.Headers.GetFirstValue(SipHeaderId.Require));
        Assert.True(response.TryGetContacts(out var contacts));
        var contact = Assert.Single(contacts);
        Assert.Equal("sip:alice@df7jal23ls0d.invalid;transport=ws", contact.Uri.ToString());
        Assert.Equal(3600, contact.Expires);
        Assert.Equal("<urn:uuid:f81-7dec-14a06cf1>", contact.Instance);
        Assert.Equal(1, contact.RegId);
        var binding = Assert.Single(await h.BindingsAsync());
        Assert.Equal(flow.Id, binding.FlowId);
        Assert.Equal(SipTransportKind.Wss, binding.Received!.Value.Kind);
        Assert.Equal(1ul, binding.BranchFlags);
    }

    [Fact]
    public async Task SaveAsync_NotARegister_Throws()
    {
        using var h = new RegistrarHarness();
        var options = ParseRequest("OPTIONS sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:example.com>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        await Assert.ThrowsAsync<ArgumentException>(() => h.Registrar.SaveAsync(options, h.UdpFlow, 0, (c, r) => SipResponse.CreateFor(options, c, r)));
    }
}
