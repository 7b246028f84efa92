namespace Gateway.Core.Proxy;

/// <summary>A step of the proxy pipeline, like ASP.NET Core's <c>RequestDelegate</c>.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Named after ASP.NET Core's RequestDelegate, which it mirrors.")]
public delegate Task SipRequestDelegate(SipRequestContext context);
