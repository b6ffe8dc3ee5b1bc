using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;

namespace Telephony.Media.Sessions;

/// <summary>
/// One call's G.711 audio stream: paced sending driven by the shared <see cref="MediaScheduler"/> (silence between
/// prompts so the RTP clock never stops), a receive loop that decodes audio and RFC 4733 digits, and symmetric RTP
/// (RFC 4961 spirit: answer the address packets really come from, which is what gets through NATs).
/// Steady-state sending and receiving allocate nothing: buffers and socket addresses are created once per session.
/// </summary>
public sealed partial class RtpSession : IAsyncDisposable, IPacedStream
{
    private const int MaxPayloadBytes = 8 * Sdp.SdpOfferAnswer.MaxPacketTimeMs;

    private readonly RtpPortLease _lease;
    private readonly Socket _socket;
    private readonly MediaScheduler _scheduler;
    private readonly TimeProvider _time;
    private readonly RtpSessionOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _startGate = new();
    private volatile SessionConfig? _config;
    private Task _receiveLoop = Task.CompletedTask;
    private int _disposed;

    private RtpSession(RtpPortLease lease, MediaScheduler scheduler, RtpSessionOptions options, TimeProvider time)
    {
        _lease = lease;
        _socket = lease.Socket;
        _rtcpSocket = lease.RtcpSocket;
        _scheduler = scheduler;
        _options = options;
        _time = time;
        _ssrc = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        _timestampBase = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
    }

    /// <summary>Raised on the receive loop for each completed digit, from RFC 4733 events or, for peers that send none, from tones in the audio ('0'-'9', '*', '#', 'A'-'D').</summary>
    public event Action<char>? DigitReceived;

    /// <summary>Optional consumer of decoded incoming audio (the speech recognizer); called on the receive loop.</summary>
    public AudioFrameHandler? AudioReceived { get; set; }

    public int LocalPort => _lease.Port;

    public IPEndPoint LocalEndPoint => _lease.LocalEndPoint;

    /// <summary>
    /// Where packets go now: the latched source of the peer's RTP, else the SDP address when it is a proven destination
    /// (see <see cref="MediaPeerPolicy"/>); null while nothing may be sent.
    /// </summary>
    public IPEndPoint? RemoteEndPoint => _latchedEndPoint ?? (_config is { RemoteProven: true } config ? config.Audio.RemoteRtp : null);

    public NegotiatedAudio? Audio => _config?.Audio;

    public uint Ssrc => _ssrc;

    public RtpSessionStatistics Statistics { get; } = new();

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Binds a socket on a free even port of <paramref name="ports"/>; nothing is sent until <see cref="Start(NegotiatedAudio, System.Net.IPAddress)"/>.</summary>
    public static RtpSession Open(RtpPortAllocator ports, IPAddress bindAddress, MediaScheduler scheduler, TimeProvider? time = null) =>
        Open(ports, bindAddress, scheduler, RtpSessionOptions.Default, time);

    /// <summary>Like the other overload, with explicit options (inactivity timeout, in-band DTMF, RTCP, jitter buffer).</summary>
    public static RtpSession Open(RtpPortAllocator ports, IPAddress bindAddress, MediaScheduler scheduler, RtpSessionOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(options);
        return new RtpSession(ports.Allocate(bindAddress), scheduler, options, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Starts a stream whose SDP address is vouched for as the signalling peer's, for tools and tests that set up
    /// both ends themselves. A call's media must use the overload that names the SIP peer.
    /// </summary>
    public void Start(NegotiatedAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        Start(audio, audio.RemoteRtp.Address);
    }

    /// <summary>
    /// Starts (or, after a re-INVITE, updates) the stream. Sequence numbers and timestamps continue across updates;
    /// the latch to the peer's source address is reset because the peer may have moved.
    /// </summary>
    /// <param name="audio">The negotiated stream; its address is a claim of the SDP, proven or not.</param>
    /// <param name="signallingPeer">
    /// The address the SIP dialog's requests come from (or go to, for a call we placed): a proven media destination and
    /// a source the latch accepts, with the SDP's address and the trusted ranges (<see cref="MediaPeerPolicy"/>).
    /// </param>
    public void Start(NegotiatedAudio audio, IPAddress signallingPeer)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(signallingPeer);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var config = SessionConfig.From(audio, PeerAddresses.Of(audio.RemoteRtp.Address, signallingPeer, _options.PeerPolicy, _provenAddress));
        lock (_startGate)
        {
            var first = _config is null;
            _config = config;
            ResetLatch();
            RestartInactivityClock();
            if (first)
            {
                _scheduler.Traffic.Open(Statistics);
                _scheduler.Register(this);
                StartReceiving();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _scheduler.Unregister(this);
        SendGoodbye();
        StopReceiving();
        await _stopping.CancelAsync().ConfigureAwait(false);

        // Closing the socket frees the port at once and ends a pending receive.
        _lease.Dispose();
        Interlocked.Exchange(ref _playback, null)?.TryComplete(false);
        CancelPendingDigits();
        foreach (var loop in new[] { _receiveLoop, _rtcpLoop })
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The loops end by one of these when the sockets close under them.
            }
        }

        _stopping.Dispose();

        // After the loops ended: nothing counts any more, so these are the session's last figures.
        _scheduler.Traffic.Close(Statistics);
        RaiseClosed();
    }

    /// <summary>What <see cref="Start(NegotiatedAudio, System.Net.IPAddress)"/> fixed, precomputed so the per-packet path does no arithmetic on SDP values.</summary>
    private sealed record SessionConfig(NegotiatedAudio Audio, SocketAddress Remote, SocketAddress RemoteRtcp, int SamplesPerPacket, int TicksPerPacket, bool Sends, PeerAddresses Peer)
    {
        /// <summary>Whether the SDP's address may get packets before the peer sent any (the signalling peer's, trusted, or proven before).</summary>
        public bool RemoteProven => Peer.SdpProven;

        public static SessionConfig From(NegotiatedAudio audio, PeerAddresses peer)
        {
            if (audio.PacketTimeMs <= 0 || audio.PacketTimeMs % MediaScheduler.TickMilliseconds != 0 ||
                audio.PacketTimeMs > Sdp.SdpOfferAnswer.MaxPacketTimeMs)
            {
                throw new ArgumentException($"Packet time {audio.PacketTimeMs} ms is not a multiple of 20 ms up to 200 ms.", nameof(audio));
            }

            if (audio.PayloadType is < 0 or > 127 || audio.TelephoneEventPayloadType is < 0 or > 127)
            {
                throw new ArgumentException("RTP payload types are 0-127.", nameof(audio));
            }

            return new SessionConfig(
                audio,
                audio.RemoteRtp.Serialize(),
                new IPEndPoint(audio.RemoteRtp.Address, Math.Min(audio.RemoteRtp.Port + 1, IPEndPoint.MaxPort)).Serialize(),
                audio.PacketTimeMs * 8,
                audio.PacketTimeMs / MediaScheduler.TickMilliseconds,
                audio.Direction.Sends(),
                peer);
        }
    }
}
