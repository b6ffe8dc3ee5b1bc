using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Telephony.Media.Rtp;

/// <summary>Gets each datagram a registered socket receives, on one of the engine's threads.</summary>
internal interface IDatagramHandler
{
    /// <summary>Must be quick and must not block: the thread serves many sockets. The buffers are reused afterwards.</summary>
    void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from);

    /// <summary>Told, on the same thread, that <see cref="OnDatagram"/> threw; the thread goes on with the next datagram.</summary>
    void OnDatagramFailed(Exception exception);
}

/// <summary>
/// Receives for thousands of UDP sockets with a few threads instead of one pending async receive per socket:
/// each thread owns an epoll set and reads ready sockets with non-blocking recvfrom into one reused buffer, so a
/// packet costs one system call and no allocation, task or thread-pool hop. A socket always stays with the same
/// thread, so its handler is never called concurrently; finding a ready socket's registration takes no lock.
/// Linux only (see <see cref="LinuxSockets.IsSupported"/>).
/// </summary>
internal sealed unsafe class UdpReceiveEngine : IDisposable
{
    private const int MaxEvents = 256;
    private const int BufferBytes = 2048;
    private const int WaitMs = 100;
    private const int EAgain = 11;

    private readonly Worker[] _workers;
    private readonly ReceiveRegistrations<Registration> _registrations = new();
    private volatile bool _stopping;
    private int _nextWorker = -1;
    private long _handlerFailures;

    public UdpReceiveEngine(int threads)
    {
        _workers = new Worker[threads];
        for (var i = 0; i < threads; i++)
        {
            _workers[i] = new Worker(this, i);
        }
    }

    /// <summary>Exceptions thrown by handlers and contained here (each also went to its handler's <see cref="IDatagramHandler.OnDatagramFailed"/>).</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>
    /// Picks the thread for a new session's sockets, in turn. A session passes the same choice for its RTP and RTCP
    /// sockets: dealing sockets out one by one would put every RTP socket on one thread and every RTCP one on the other.
    /// </summary>
    public int PickWorker() => (int)((uint)Interlocked.Increment(ref _nextWorker) % (uint)_workers.Length);

    /// <summary>
    /// Starts delivering the socket's datagrams to <paramref name="handler"/> on thread <paramref name="workerIndex"/>;
    /// returns the token to unregister with.
    /// </summary>
    public long Register(Socket socket, IDatagramHandler handler, int workerIndex)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        ArgumentOutOfRangeException.ThrowIfNegative(workerIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(workerIndex, _workers.Length);
        var worker = _workers[workerIndex];
        var registration = new Registration((int)socket.Handle, socket.SafeHandle, handler, worker, new SocketAddress(socket.AddressFamily));
        var token = _registrations.Add(registration);

        // The event carries the token, generation included: see ReceiveRegistrations for why the id alone is not enough.
        var @event = stackalloc byte[16];
        new Span<byte>(@event, 16).Clear();
        *(uint*)@event = LinuxSockets.EpollIn;
        *(long*)(@event + LinuxSockets.EventDataOffset) = token;
        if (LinuxSockets.EpollControl(worker.Epoll, LinuxSockets.EpollCtlAdd, registration.Fd, @event) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            _registrations.Remove(token);
            throw new SocketException(error);
        }

        return token;
    }

    /// <summary>
    /// Stops delivery; call before closing the socket. A datagram being handled right now may still finish, but an event
    /// read for this socket can no longer reach the socket registered next under the same id.
    /// </summary>
    public void Unregister(long token)
    {
        if (_registrations.Find(token) is not { } registration)
        {
            return;
        }

        var @event = stackalloc byte[16];
        _ = LinuxSockets.EpollControl(registration.Worker.Epoll, LinuxSockets.EpollCtlDel, registration.Fd, @event);
        _registrations.Remove(token);
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        foreach (var worker in _workers)
        {
            worker.Stop();
        }
    }

    private void HandlerFailed(IDatagramHandler handler, Exception exception)
    {
        Interlocked.Increment(ref _handlerFailures);
        try
        {
            handler.OnDatagramFailed(exception);
        }
        catch (Exception)
        {
            // Reporting is best effort: the thread must survive a broken report as it survives a broken handler.
        }
    }

    private sealed record Registration(int Fd, SafeHandle Handle, IDatagramHandler Handler, Worker Worker, SocketAddress From);

    private sealed class Worker
    {
        private readonly UdpReceiveEngine _engine;
        private readonly Thread _thread;

        public Worker(UdpReceiveEngine engine, int index)
        {
            _engine = engine;
            Epoll = LinuxSockets.EpollCreate(LinuxSockets.EpollCloexec);
            if (Epoll < 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            _thread = new Thread(Run) { IsBackground = true, Name = $"media-receive-{index}" };
            _thread.Start();
        }

        public int Epoll { get; }

        public void Stop()
        {
            if (Thread.CurrentThread != _thread)
            {
                _thread.Join();
            }

            _ = LinuxSockets.Close(Epoll);
        }

        private void Run()
        {
            LinuxSockets.TryRaiseNice(-10);
            var events = new byte[MaxEvents * LinuxSockets.EventSize];
            var buffer = new byte[BufferBytes];
            var address = new byte[128];
            fixed (byte* eventsPointer = events)
            fixed (byte* bufferPointer = buffer)
            fixed (byte* addressPointer = address)
            {
                while (!_engine._stopping)
                {
                    var ready = LinuxSockets.EpollWait(Epoll, eventsPointer, MaxEvents, WaitMs);
                    for (var i = 0; i < ready; i++)
                    {
                        var token = *(long*)(eventsPointer + (i * LinuxSockets.EventSize) + LinuxSockets.EventDataOffset);
                        if (_engine._registrations.Find(token) is { } registration)
                        {
                            Drain(registration, bufferPointer, buffer, addressPointer, address);
                        }
                    }
                }
            }
        }

        /// <summary>Reads a ready socket while holding its descriptor open.</summary>
        private void Drain(Registration registration, byte* bufferPointer, byte[] buffer, byte* addressPointer, byte[] address)
        {
            // Holding a reference keeps the descriptor open while we read it: a session closing meanwhile cannot have
            // its number reused by a new call's socket, whose packet we would otherwise hand to the old session.
            var handle = registration.Handle;
            var referenced = false;
            try
            {
                handle.DangerousAddRef(ref referenced);
                ReadSome(registration, bufferPointer, buffer, addressPointer, address);
            }
            catch (ObjectDisposedException)
            {
                // Closed between the readiness event and now: nothing to read.
            }
            finally
            {
                if (referenced)
                {
                    handle.DangerousRelease();
                }
            }
        }

        /// <summary>Reads what the socket holds, a few datagrams at most so one busy socket cannot starve the others.</summary>
        private void ReadSome(Registration registration, byte* bufferPointer, byte[] buffer, byte* addressPointer, byte[] address)
        {
            for (var read = 0; read < 4; read++)
            {
                var addressLength = address.Length;
                var length = LinuxSockets.ReceiveFrom(registration.Fd, bufferPointer, buffer.Length, LinuxSockets.MsgDontWait, addressPointer, &addressLength);
                if (length < 0)
                {
                    // EAGAIN: drained. Anything else (an ICMP error queued by an earlier send) is consumed and ignored.
                    if (Marshal.GetLastPInvokeError() == EAgain)
                    {
                        return;
                    }

                    continue;
                }

                var from = registration.From;
                var size = Math.Min(addressLength, from.Buffer.Length);
                address.AsSpan(0, size).CopyTo(from.Buffer.Span);
                from.Size = size;
                try
                {
                    registration.Handler.OnDatagram(buffer.AsSpan(0, (int)length), from);
                }
                catch (Exception exception)
                {
                    // A handler bug must not stop the thread that serves every other call; the handler counts and logs it.
                    _engine.HandlerFailed(registration.Handler, exception);
                }
            }
        }
    }
}
