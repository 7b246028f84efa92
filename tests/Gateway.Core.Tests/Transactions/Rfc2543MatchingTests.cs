using System.Text;
using Gateway.Core.Parsing;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Tests.Transactions;

/// <summary>
/// Server transaction matching without a magic-cookie branch (RFC 3261 §17.2.3, RFC 2543 rules), fed through the real
/// receiver with RFC 4475 torture messages.
/// </summary>
public sealed class Rfc2543MatchingTests
{
    private const string Ack2543 =
        "ACK sip:UserB@example.com SIP/2.0\r\nVia: SIP/2.0/UDP iftgw.example.com\r\nFrom: <sip:+13035551111@ift.client.example.net;user=phone>\r\n" +
        "To: sip:+16505552222@ss1.example.net;user=phone;tag=TOTAG\r\nCall-ID: inv2543.1717@ift.client.example.com\r\nCSeq: 56 ACK\r\nContent-Length: 0\r\n\r\n";

    private const string Cancel2543 =
        "CANCEL sip:UserB@example.com SIP/2.0\r\nVia: SIP/2.0/UDP iftgw.example.com\r\nFrom: <sip:+13035551111@ift.client.example.net;user=phone>\r\n" +
        "To: sip:+16505552222@ss1.example.net;user=phone\r\nCall-ID: inv2543.1717@ift.client.example.com\r\nCSeq: 56 CANCEL\r\nContent-Length: 0\r\n\r\n";

    [Fact]
    public async Task Inv2543_Retransmission_MatchesByRfc2543Tuple()
    {
        using var host = new TransactionTestHost();
        var (receiver, flow) = Receiver(host);
        await receiver.ReceiveAsync(flow, TestData.Read("sip-torture", "inv2543.dat"), framed: false);
        await receiver.ReceiveAsync(flow, TestData.Read("sip-torture", "inv2543.dat"), framed: false);

        var tx = Assert.Single(host.User.Requests);
        Assert.StartsWith("rfc2543;", tx.Id, StringComparison.Ordinal);
        Assert.Equal([100, 100], flow.Responses.Select(r => r.StatusCode));
        Assert.True(host.Layer.TryGetServerTransaction((Gateway.Core.Messages.SipRequest)SipTestMessages.Parse(Encoding.ASCII.GetString(TestData.Read("sip-torture", "inv2543.dat"))), out var found));
        Assert.Same(tx, found);
    }

    [Fact]
    public async Task Inv2543_AckWithResponseToTag_Absorbed()
    {
        using var host = new TransactionTestHost();
        var (receiver, flow) = Receiver(host);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await receiver.ReceiveAsync(flow, TestData.Read("sip-torture", "inv2543.dat"), framed: false);
        var tx = Assert.Single(host.User.Requests);

        await receiver.ReceiveAsync(flow, Ack(tx.LocalTag), framed: false);

        Assert.Equal(SipServerTransactionState.Confirmed, tx.State);
        Assert.Empty(host.User.Acks);
    }

    [Fact]
    public async Task Inv2543_AckWithOtherToTag_PassedUp()
    {
        using var host = new TransactionTestHost();
        var (receiver, flow) = Receiver(host);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await receiver.ReceiveAsync(flow, TestData.Read("sip-torture", "inv2543.dat"), framed: false);

        await receiver.ReceiveAsync(flow, Ack("someone-else"), framed: false);

        Assert.Equal(SipServerTransactionState.Completed, host.User.Requests.Single().State);
        Assert.Single(host.User.Acks);
    }

    [Fact]
    public async Task Inv2543_Cancel_MatchesInvite()
    {
        using var host = new TransactionTestHost();
        var (receiver, flow) = Receiver(host);
        await receiver.ReceiveAsync(flow, TestData.Read("sip-torture", "inv2543.dat"), framed: false);

        await receiver.ReceiveAsync(flow, Encoding.ASCII.GetBytes(Cancel2543), framed: false);

        Assert.Equal(200, flow.Responses[^1].StatusCode);
        Assert.Single(host.User.Cancels);
        Assert.True(host.User.Requests.Single().Cancelled.IsCancellationRequested);
    }

    [Fact]
    public async Task Inv2543_OtherCSeq_IsNewTransaction()
    {
        using var host = new TransactionTestHost();
        var (receiver, flow) = Receiver(host);
        var original = TestData.Read("sip-torture", "inv2543.dat");
        var next = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(original).Replace("CSeq: 56 INVITE", "CSeq: 57 INVITE", StringComparison.Ordinal));

        await receiver.ReceiveAsync(flow, original, framed: false);
        await receiver.ReceiveAsync(flow, next, framed: false);

        Assert.Equal(2, host.User.Requests.Count);
    }

    [Fact]
    public async Task BadBranch_CookieOnly_FallsBackToRfc2543Matching()
    {
        using var host = new TransactionTestHost();
        var (receiver, flow) = Receiver(host);
        var original = TestData.Read("sip-torture", "badbranch.dat");
        var otherCall = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(original).Replace("badbranch.sadonfo23i420jv0as0derf3j3n", "another-call", StringComparison.Ordinal));

        await receiver.ReceiveAsync(flow, original, framed: false);
        var tx = Assert.Single(host.User.Requests);
        Assert.StartsWith("rfc2543;", tx.Id, StringComparison.Ordinal);
        await tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        await receiver.ReceiveAsync(flow, original, framed: false);
        await receiver.ReceiveAsync(flow, otherCall, framed: false);

        // The retransmission got the 200 again; the request with the same bare-cookie branch but another
        // Call-ID is a transaction of its own rather than a "retransmission".
        Assert.Equal([200, 200], flow.Responses.Select(r => r.StatusCode));
        Assert.Equal(2, host.User.Requests.Count);
        Assert.Equal(2, host.Layer.ServerTransactionCount);
    }

    private static byte[] Ack(string toTag) => Encoding.ASCII.GetBytes(Ack2543.Replace("TOTAG", toTag, StringComparison.Ordinal));

    private static (SipMessageReceiver Receiver, TimedFlow Flow) Receiver(TransactionTestHost host) =>
        (new SipMessageReceiver(host.Layer, SipParserOptions.Default, NullLogger<SipMessageReceiver>.Instance), host.Flow());
}
