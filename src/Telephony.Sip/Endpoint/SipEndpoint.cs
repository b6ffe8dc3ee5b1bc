using System.Collections.Concurrent;
using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Protection;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>
/// A SIP user agent on UDP and TCP: parses, runs transactions, keeps the dialogs of calls in both directions,
/// answers OPTIONS/CANCEL/BYE/INFO/re-INVITE itself, hands each new INVITE to the <see cref="ISipCallHandler"/>
/// and places calls (<see cref="CallAsync"/>).
/// </summary>
public sealed partial class SipEndpoint : IAsyncDisposable, ICallHost
{
    internal const string AllowedMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO";

    private readonly SipEndpointOptions _options;
    private readonly ISipCallHandler _handler;
    private readonly ISipLog _log;
    private readonly ISipTrafficCounter _traffic;
    private readonly TimeProvider _time;
    private readonly SipTimers _timers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, ServerTransaction> _serverTransactions = new();
    private readonly ConcurrentDictionary<string, NonInviteClientTransaction> _clientTransactions = new();
    private readonly ConcurrentDictionary<string, InviteServerTransaction> _awaitingAck = new();
    private readonly ConcurrentDictionary<InviteServerTransaction, IncomingCall> _callsByInvite = new();
    private SipTransportLayer? _transport;

    /// <param name="traffic">Counts the requests received and the responses sent; null counts nothing.</param>
    /// <param name="protection">Counts the bans and refusals of <see cref="SipEndpointOptions.Protection"/>; null counts nothing.</param>
    public SipEndpoint(SipEndpointOptions options, ISipCallHandler handler, ISipLog log, TimeProvider? time = null, ISipTrafficCounter? traffic = null,
        ISipProtectionCounter? protection = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _log = log ?? NullSipLog.Instance;
        _time = time ?? TimeProvider.System;
        _traffic = traffic ?? NullSipTrafficCounter.Instance;
        _timers = new SipTimers(options.T1, options.T2, options.T4);
        _protectionCounter = protection ?? NullSipProtectionCounter.Instance;
        _guard = options.Protection is { } limits ? new SourceGuard(limits, _time, _log, _protectionCounter) : null;
    }

    /// <summary>The per-source limits in force, or null when <see cref="SipEndpointOptions.Protection"/> is unset.</summary>
    public SourceGuard? Guard => _guard;

    public IPEndPoint UdpLocalEndPoint => Transport.UdpLocalEndPoint;

    public IPEndPoint TcpLocalEndPoint => Transport.TcpLocalEndPoint;

    /// <summary>Live server transactions (for diagnostics and leak tests).</summary>
    public int ServerTransactionCount => _serverTransactions.Count;

    /// <summary>Live client transactions.</summary>
    public int ClientTransactionCount => _clientTransactions.Count;

    private SipTransportLayer Transport => _transport ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Binds UDP and TCP on the configured address and port.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_transport is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        var transport = new SipTransportLayer(_options, new SinkAdapter(this), _log, _time, _traffic, _guard);
        transport.Start(_stopping.Token);
        _transport = transport;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _transport?.Dispose();
        foreach (var dialog in _dialogs.Values)
        {
            dialog.Terminate(CallTerminationReason.TransportError);
        }

        foreach (var transaction in _serverTransactions.Values)
        {
            transaction.Dispose();
        }

        foreach (var transaction in _clientTransactions.Values)
        {
            transaction.Dispose();
        }

        _stopping.Dispose();
    }

    void ICallHost.ExpectAck(string callId, uint cseq, InviteServerTransaction transaction) =>
        _awaitingAck[AckKey(callId, cseq)] = transaction;

    private static string AckKey(string callId, uint cseq) => $"{callId}|{cseq}";

    /// <summary>Keeps the sink interface internal while SipEndpoint stays a public sealed type.</summary>
    private sealed class SinkAdapter(SipEndpoint endpoint) : ISipMessageSink
    {
        public void OnMessage(SipMessage message, SipFlow flow)
        {
            if (message is SipRequest request)
            {
                endpoint._traffic.RequestReceived(request.Method);
            }

            endpoint.OnMessageWithExtensions(message, flow);
        }

        public void OnParseError(SipParseException error, SipFlow flow)
        {
            if (error.PartialMessage is SipRequest request)
            {
                endpoint._traffic.RequestReceived(request.Method);
            }

            endpoint.OnParseError(error, flow);
        }

        public void OnOversized(ReadOnlyMemory<byte> data, SipFlow flow) => endpoint.OnOversized(data, flow);
    }
}
