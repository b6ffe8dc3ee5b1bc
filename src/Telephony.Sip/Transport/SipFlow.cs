using System.Net;

namespace Telephony.Sip.Transport;

/// <summary>
/// The path a message arrived on: transport, peer and local address, and for TCP the connection itself,
/// so responses and in-dialog requests can reuse it (RFC 3261 §18.2.2). A registration keeps the flow of its
/// REGISTER so calls to a phone behind NAT can go back along it (<see cref="Registrar.SipBinding.Flow"/>).
/// </summary>
public sealed class SipFlow
{
    internal SipFlow(SipTransportKind kind, IPEndPoint remote, IPEndPoint local, TcpConnection? connection)
    {
        Kind = kind;
        Remote = remote;
        Local = local;
        Connection = connection;
    }

    public SipTransportKind Kind { get; }

    public IPEndPoint Remote { get; }

    public IPEndPoint Local { get; }

    internal TcpConnection? Connection { get; }

    /// <summary>Unreliable transports need retransmission timers (RFC 3261 §17).</summary>
    public bool IsReliable => Kind == SipTransportKind.Tcp;

    public override string ToString() => $"{Kind}:{Remote}";
}
