namespace Gateway.Core.Tests.Transactions;

/// <summary>How a <see cref="TimedFlow"/> answers a send.</summary>
internal enum FlowSendMode
{
    Succeed,
    Fail,
    Throw,
}
