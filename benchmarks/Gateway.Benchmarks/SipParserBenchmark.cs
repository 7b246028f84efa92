using BenchmarkDotNet.Attributes;
using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;

namespace Gateway.Benchmarks;

/// <summary>
/// Parse, serialise and a proxy's per-hop edit of (a) a WebSocket REGISTER and (b) a WebRTC INVITE.
/// The baseline scans the INVITE for the end of its header section: the least work any parser must do.
/// </summary>
[MemoryDiagnoser]
public class SipParserBenchmark
{
    private readonly byte[] _output = new byte[8192];
    private SipMessage _register = null!;
    private SipMessage _invite = null!;
    private int _branch;

    [GlobalSetup]
    public void Setup()
    {
        _register = SipMessageParser.Parse(BenchmarkData.Register).Message ?? throw new InvalidOperationException("REGISTER does not parse");
        _invite = SipMessageParser.Parse(BenchmarkData.Invite).Message ?? throw new InvalidOperationException("INVITE does not parse");
        if (SipMessageValidator.Validate(_register).IsError || SipMessageValidator.Validate(_invite).IsError) throw new InvalidOperationException("Inputs are invalid");
    }

    [Benchmark(Baseline = true, Description = "Scan INVITE for CRLFCRLF")]
    public int FindHeaderEnd() => BenchmarkData.Invite.AsSpan().IndexOf("\r\n\r\n"u8);

    [Benchmark(Description = "Parse REGISTER (a)")]
    public SipMessage? ParseRegister() => SipMessageParser.Parse(BenchmarkData.Register).Message;

    [Benchmark(Description = "Parse INVITE (b)")]
    public SipMessage? ParseInvite() => SipMessageParser.Parse(BenchmarkData.Invite).Message;

    [Benchmark(Description = "Serialise REGISTER (a)")]
    public int SerializeRegister()
    {
        _register.TryWriteTo(_output, out var written);
        return written;
    }

    [Benchmark(Description = "Serialise INVITE (b)")]
    public int SerializeInvite()
    {
        _invite.TryWriteTo(_output, out var written);
        return written;
    }

    [Benchmark(Description = "Parse+validate REGISTER (a)")]
    public bool ParseAndValidateRegister()
    {
        var message = SipMessageParser.Parse(BenchmarkData.Register).Message!;
        return SipMessageValidator.Validate(message).IsError;
    }

    /// <summary>(c) Parse, decrement Max-Forwards, push Via, prepend Record-Route, serialise.</summary>
    [Benchmark(Description = "Proxy hop INVITE (c)")]
    public int ProxyHop()
    {
        var message = SipMessageParser.Parse(BenchmarkData.Invite).Message!;
        message.MaxForwards = message.MaxForwards - 1;
        message.PushVia(new SipVia("UDP", "192.0.2.10", 5060, "z9hG4bK" + (++_branch).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        message.Headers.Prepend("Record-Route", BenchmarkData.RecordRoute);
        message.TryWriteTo(_output, out var written);
        return written;
    }
}
