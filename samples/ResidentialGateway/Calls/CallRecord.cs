namespace ResidentialGateway.Calls;

/// <summary>One call the gateway is relaying: an initial INVITE, until its failure, CANCEL or BYE.</summary>
internal sealed class CallRecord
{
    private long _answeredTicks;

    public CallRecord(string callId, string from, string to, string transport, DateTimeOffset started)
    {
        CallId = callId;
        From = from;
        To = to;
        Transport = transport;
        Started = started;
    }

    /// <summary>The Call-ID of the initial INVITE.</summary>
    public string CallId { get; }

    /// <summary>The caller's From URI.</summary>
    public string From { get; }

    /// <summary>The callee's To URI.</summary>
    public string To { get; }

    /// <summary>The transport the INVITE arrived on.</summary>
    public string Transport { get; }

    /// <summary>When the INVITE arrived.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>When the first 2xx went upstream, or <see langword="null"/> while ringing.</summary>
    public DateTimeOffset? Answered
    {
        get
        {
            var ticks = Interlocked.Read(ref _answeredTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary><c>ringing</c> before a 2xx, <c>established</c> after.</summary>
    public string State => Answered is null ? "ringing" : "established";

    /// <summary>Records the answer; true the first time.</summary>
    public bool MarkAnswered(DateTimeOffset at) => Interlocked.CompareExchange(ref _answeredTicks, at.UtcTicks, 0) == 0;
}
