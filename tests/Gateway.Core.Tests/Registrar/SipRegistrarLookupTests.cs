using System.Net;
using Gateway.Core.Messages;
using Gateway.Core.Registrar;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using static Gateway.Core.Tests.Registrar.SipTestMessages;

namespace Gateway.Core.Tests.Registrar;

public sealed class SipRegistrarLookupTests
{
    private static readonly SipUri AliceUri = SipUri.Parse("sip:alice@example.com");

    [Fact]
    public async Task LookupAsync_NothingRegistered_Empty()
    {
        using var h = new RegistrarHarness();
        Assert.Empty(await h.Registrar.LookupAsync(AliceUri, SipMethod.Invite));
    }

    [Fact]
    public async Task LookupAsync_RequestUriWithPortParamsAndCase_FindsTheAor()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register(["<sip:alice@198.51.100.7:40000>"]));

        var found = await h.Registrar.LookupAsync(SipUri.Parse("sip:ALICE@Example.com:5060;transport=udp;user=phone"), null);

        Assert.Equal("sip:alice@198.51.100.7:40000", Assert.Single(found).ContactUri.ToString());
    }

    [Fact]
    public async Task LookupAsync_QValues_OrderedHighestFirstThenMostRecent()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register(["<sip:alice@192.0.2.1>;q=0.1"], callId: "1"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.SaveAsync(Register(["<sip:alice@192.0.2.2>"], callId: "2"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.SaveAsync(Register(["<sip:alice@192.0.2.3>;q=0.7"], callId: "3"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.SaveAsync(Register(["<sip:alice@192.0.2.4>;q=1"], callId: "4"));

        var found = await h.Registrar.LookupAsync(AliceUri, SipMethod.Invite);

        Assert.Equal(
            ["sip:alice@192.0.2.4", "sip:alice@192.0.2.2", "sip:alice@192.0.2.3", "sip:alice@192.0.2.1"],
            found.Select(c => c.ContactUri.ToString()));
        Assert.Equal([1.0, 1.0, 0.7, 0.1], found.Select(c => c.Q));
    }

    [Fact]
    public async Task LookupAsync_MethodFilter_SkipsContactsWhoseAllowLacksTheMethod()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register(["<sip:alice@192.0.2.1>"], callId: "phone", headers: ["Allow: INVITE, ACK, BYE, CANCEL"]));
        await h.SaveAsync(Register(["<sip:alice@192.0.2.2>"], callId: "pager", headers: ["Allow: MESSAGE, OPTIONS"]));
        await h.SaveAsync(Register(["<sip:alice@192.0.2.3>"], callId: "unknown"));
        await h.SaveAsync(Register(["<sip:alice@192.0.2.4>;methods=\"MESSAGE\""], callId: "feature"));

        var invite = await h.Registrar.LookupAsync(AliceUri, SipMethod.Invite);
        var message = await h.Registrar.LookupAsync(AliceUri, SipMethod.Message);
        var unfiltered = await h.Registrar.LookupAsync(AliceUri, null);

        Assert.Equal(["sip:alice@192.0.2.1", "sip:alice@192.0.2.3"], invite.Select(c => c.ContactUri.ToString()).Order());
        Assert.Equal(["sip:alice@192.0.2.2", "sip:alice@192.0.2.3", "sip:alice@192.0.2.4"], message.Select(c => c.ContactUri.ToString()).Order());
        Assert.Equal(4, unfiltered.Count);
    }

    [Fact]
    public async Task LookupAsync_BranchFlagsPathFlowAndReceived_ComeBack()
    {
        using var h = new RegistrarHarness();
        var flow = new RecordingFlow(SipTransportKind.Ws, "198.51.100.30:53000");
        await h.SaveAsync(
            Register(["<sip:x1@abc.invalid;transport=ws>;reg-id=1;+sip.instance=\"<urn:uuid:7>\""], headers: ["Supported: outbound, path"]),
            flow,
            branchFlags: 1ul << 7);

        var contact = Assert.Single(await h.Registrar.LookupAsync(AliceUri, SipMethod.Invite));

        Assert.Equal("sip:x1@abc.invalid;transport=ws", contact.ContactUri.ToString());
        Assert.Equal(1ul << 7, contact.BranchFlags);
        Assert.Equal(flow.Id, contact.FlowId);
        Assert.Equal("node-a", contact.NodeId);
        Assert.Equal(SipTransportKind.Ws, contact.ReceivedKind);
        Assert.Equal(IPEndPoint.Parse("198.51.100.30:53000"), contact.ReceivedEndPoint);
        Assert.Equal("<urn:uuid:7>", contact.Instance);
        Assert.Equal(1, contact.RegId);
        Assert.Equal(1.0, contact.Q);
        Assert.Empty(contact.Path);
    }

    [Fact]
    public async Task LookupAsync_Path_ReturnedInOrder()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register(["<sip:alice@192.0.2.1>"], vias: 3, headers: ["Path: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>"]));

        var contact = Assert.Single(await h.Registrar.LookupAsync(AliceUri, SipMethod.Invite));

        Assert.Equal(["<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"], contact.Path);
    }

    [Fact]
    public async Task LookupAsync_BindingOfAnotherNode_NoFlowIdButReceivedAddress()
    {
        using var h = new RegistrarHarness();
        await h.Store.UpsertAsync(new SipBinding
        {
            Aor = "sip:alice@example.com",
            Contact = "sip:alice@192.0.2.1",
            ExpiresAt = RegistrarHarness.Start.AddMinutes(5),
            CallId = "x",
            FlowId = "udp-0-192.0.2.1:5060",
            NodeId = "node-b",
            Received = new SipReceivedAddress(SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.1:5060")),
        });

        var contact = Assert.Single(await h.Registrar.LookupAsync(AliceUri, null));

        Assert.Null(contact.FlowId);
        Assert.Equal("node-b", contact.NodeId);
        Assert.Equal(IPEndPoint.Parse("192.0.2.1:5060"), contact.ReceivedEndPoint);
    }

    [Fact]
    public async Task LookupAsync_AfterExpiry_Empty()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register(["<sip:alice@192.0.2.1>"], expires: "60"));
        h.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Single(await h.Registrar.LookupAsync(AliceUri, null));

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await h.Registrar.LookupAsync(AliceUri, null));
    }

    [Fact]
    public async Task LookupAsync_TelOrUserlessUri_EmptyOrDomainAor()
    {
        using var h = new RegistrarHarness();
        Assert.Empty(await h.Registrar.LookupAsync(SipUri.Parse("tel:+15551234"), null));
        Assert.Empty(await h.Registrar.LookupAsync(SipUri.Parse("sip:example.com"), null));
    }

    [Fact]
    public async Task FlowClosed_StreamFlow_RemovesItsBindingsOnly()
    {
        using var h = new RegistrarHarness();
        var ws = new RecordingFlow(SipTransportKind.Ws, "198.51.100.40:50000");
        var tcp = new RecordingFlow(SipTransportKind.Tcp, "198.51.100.41:50000");
        await h.SaveAsync(Register(["<sip:b1@b1.invalid;transport=ws>"], callId: "ws"), ws);
        await h.SaveAsync(Register(["<sip:alice@198.51.100.41:50000;transport=tcp>"], callId: "tcp"), tcp);
        await h.SaveAsync(Register(["<sip:bob@b2.invalid;transport=ws>"], callId: "bob", aor: "sip:bob@example.com"), ws);

        h.Transport.Close(ws);

        Assert.Equal("sip:alice@198.51.100.41:50000;transport=tcp", Assert.Single(await h.BindingsAsync()).Contact);
        Assert.Empty(await h.BindingsAsync("sip:bob@example.com"));
        h.Transport.Close(tcp);
        Assert.Empty(await h.BindingsAsync());
        Assert.Equal(0, h.InMemory.Count);
    }

    [Fact]
    public async Task FlowClosed_UdpFlow_KeepsBindings()
    {
        using var h = new RegistrarHarness();
        await h.SaveAsync(Register(["<sip:alice@198.51.100.7:40000>"]));

        h.Transport.Close(h.UdpFlow);

        Assert.Single(await h.BindingsAsync());
    }

    [Fact]
    public async Task FlowClosed_BindingMovedToNewFlow_NotRemovedWithTheOldFlow()
    {
        using var h = new RegistrarHarness();
        var first = new RecordingFlow(SipTransportKind.Tcp, "198.51.100.41:50000");
        var second = new RecordingFlow(SipTransportKind.Tcp, "198.51.100.41:50001");
        await h.SaveAsync(Register(["<sip:alice@198.51.100.41;transport=tcp>"], cseq: 1), first);
        await h.SaveAsync(Register(["<sip:alice@198.51.100.41;transport=tcp>"], cseq: 2), second);

        h.Transport.Close(first);

        Assert.Equal(second.Id, Assert.Single(await h.BindingsAsync()).FlowId);
    }

    [Fact]
    public async Task SaveAsync_ConnectionClosedWhileRegistering_BindingNotLeftBehind()
    {
        using var h = new RegistrarHarness();
        var ws = new RecordingFlow(SipTransportKind.Ws, "198.51.100.40:50000");
        ws.Abort();

        var response = await h.SaveAsync(Register(["<sip:b1@b1.invalid;transport=ws>"]), ws);

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(await h.BindingsAsync());
    }

    [Fact]
    public async Task RemoveFlowBindingsAsync_CalledDirectly_RemovesAndCounts()
    {
        using var h = new RegistrarHarness();
        var tcp = new RecordingFlow(SipTransportKind.Tcp, "198.51.100.41:50000");
        await h.SaveAsync(Register(["<sip:alice@198.51.100.41;transport=tcp>", "<sip:alice@198.51.100.41:5070;transport=tcp>"]), tcp);

        Assert.Equal(2, await h.Registrar.RemoveFlowBindingsAsync(tcp));
        Assert.Equal(0, await h.Registrar.RemoveFlowBindingsAsync(tcp));
    }

    [Fact]
    public async Task Dispose_UnsubscribesFromFlowClosed()
    {
        var h = new RegistrarHarness();
        Assert.Equal(1, h.Transport.FlowClosedSubscribers);
        h.Dispose();
        Assert.Equal(0, h.Transport.FlowClosedSubscribers);
        await Task.CompletedTask;
    }
}
