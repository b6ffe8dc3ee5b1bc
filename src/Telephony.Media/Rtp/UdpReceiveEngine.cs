using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Telephony.Media.Rtp;

/// <summary>Gets each datagram a registered socket receives, on one of the engine's threads.</summary>
internal interface IDatagramHandler
{
    /// <summary>Must be quick and must not block: the thread serves many sockets. The buffers are reused afterwards.</summary>
    void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from);
}

/// <summary>
/// Receives for thousands of UDP sockets with a few threads instead of one pending async receive per socket:
/// each thread owns an epoll set and reads ready sockets with non-blocking recvfrom into one reused buffer, so a
/// packet costs one system call and no allocation, task or thread-pool hop. A socket always stays with the same
/// thread, so its handler is never called concurrently. Linux only (see <see cref="LinuxSockets.IsSupported"/>).
/// </summary>
internal sealed unsafe class UdpReceiveEngine : IDisposable
{
    private const int MaxEvents = 256;
    private const int BufferBytes = 2048;
    private const int WaitMs = 100;
    private const int EAgain = 11;

    private readonly Worker[] _workers;
    private readonly object _gate = new();
    private readonly List<Registration?> _registrations = [];
    private readonly Stack<int> _freeIds = new();
    private volatile bool _stopping;
    private int _nextWorker;

    public UdpReceiveEngine(int threads)
    {
        _workers = new Worker[threads];
        for (var i = 0; i < threads; i++)
        {
            _workers[i] = new Worker(this, i);
        }
    }

    /// <summary>
    /// Picks the thread for a new session's sockets, in turn. A session passes the same choice for its RTP and RTCP
    /// sockets: dealing sockets out one by one would put every RTP socket on one thread and every RTCP one on the other.
    /// </summary>
    public int PickWorker()
    {
        lock (_gate)
        {
            var worker = _nextWorker;
            _nextWorker = (_nextWorker + 1) % _workers.Length;
            return worker;
        }
    }

    /// <summary>Starts delivering the socket's datagrams to <paramref name="handler"/> on thread <paramref name="workerIndex"/>; returns the id to unregister with.</summary>
    public int Register(Socket socket, IDatagramHandler handler, int workerIndex)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        ArgumentOutOfRangeException.ThrowIfNegative(workerIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(workerIndex, _workers.Length);
        int id;
        Registration registered;
        lock (_gate)
        {
            var worker = _workers[workerIndex];
            var registration = new Registration((int)socket.Handle, socket, handler, worker, new SocketAddress(socket.AddressFamily));
            registered = registration;
            if (_freeIds.TryPop(out id))
            {
                _registrations[id] = registration;
            }
            else
            {
                id = _registrations.Count;
                _registrations.Add(registration);
            }
        }

        var @event = stackalloc byte[16];
        new Span<byte>(@event, 16).Clear();
        *(uint*)@event = LinuxSockets.EpollIn;
        *(long*)(@event + LinuxSockets.EventDataOffset) = id;
        if (LinuxSockets.EpollControl(registered.Worker.Epoll, LinuxSockets.EpollCtlAdd, registered.Fd, @event) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            Release(id);
            throw new SocketException(error);
        }

        return id;
    }

    /// <summary>Stops delivery; call before closing the socket. A datagram being handled right now may still finish.</summary>
    public void Unregister(int id)
    {
        Registration? registration;
        lock (_gate)
        {
            registration = id < _registrations.Count ? _registrations[id] : null;
        }

        if (registration is null)
        {
            return;
        }

        var @event = stackalloc byte[16];
        _ = LinuxSockets.EpollControl(registration.Worker.Epoll, LinuxSockets.EpollCtlDel, registration.Fd, @event);
        Release(id);
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

    private void Release(int id)
    {
        lock (_gate)
        {
            _registrations[id] = null;
            _freeIds.Push(id);
        }
    }

    private Registration? Lookup(int id)
    {
        lock (_gate)
        {
            return id < _registrations.Count ? _registrations[id] : null;
        }
    }

    private sealed record Registration(int Fd, Socket Socket, IDatagramHandler Handler, Worker Worker, SocketAddress From);

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
                        var id = (int)*(long*)(eventsPointer + (i * LinuxSockets.EventSize) + LinuxSockets.EventDataOffset);
                        if (_engine.Lookup(id) is { } registration)
                        {
                            Drain(registration, bufferPointer, buffer, addressPointer, address);
                        }
                    }
                }
            }
        }

        /// <summary>Reads a ready socket while holding its descriptor open.</summary>
        private static void Drain(Registration registration, byte* bufferPointer, byte[] buffer, byte* addressPointer, byte[] address)
        {
            // Holding a reference keeps the descriptor open while we read it: a session closing meanwhile cannot have
            // its number reused by a new call's socket, whose packet we would otherwise hand to the old session.
            var handle = registration.Socket.SafeHandle;
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
        private static void ReadSome(Registration registration, byte* bufferPointer, byte[] buffer, byte* addressPointer, byte[] address)
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
                catch (Exception)
                {
                    // A handler bug must not stop the thread that serves every other call.
                }
            }
        }
    }
}
