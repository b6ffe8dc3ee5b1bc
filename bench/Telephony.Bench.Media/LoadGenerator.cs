using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Telephony.Media.Codecs;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;

namespace Telephony.Bench.Media;

/// <summary>
/// The far ends of all calls, in a separate process: a few UDP sockets, one pacing thread that sends every leg a
/// 20 ms packet (spread over 20 phase groups, like a real population of phones), and one blocking receive thread per
/// socket that counts each leg's packets and the regularity of their arrival. Driven by lines on standard input.
/// </summary>
internal sealed class LoadGenerator
{
    private const int SocketCount = 4;
    private const int Groups = 20;

    private readonly Socket[] _sockets = new Socket[SocketCount];
    private readonly int[] _legOfServerPort = new int[65536];

    public static int Run()
    {
        var generator = new LoadGenerator();
        return generator.Serve();
    }

    private int Serve()
    {
        for (var i = 0; i < SocketCount; i++)
        {
            _sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            {
                ReceiveBufferSize = 8 << 20,
                SendBufferSize = 8 << 20,
                ReceiveTimeout = 200,
            };
            _sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        Console.WriteLine("READY " + string.Join(',', _sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)));
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "QUIT")
            {
                break;
            }

            if (parts[0] == "START" && parts.Length == 4)
            {
                var warmup = double.Parse(parts[1], CultureInfo.InvariantCulture);
                var seconds = double.Parse(parts[2], CultureInfo.InvariantCulture);
                var legs = parts[3].Split(',').Select(p => p.Split(':')).Select(p => (Port: int.Parse(p[0], CultureInfo.InvariantCulture), PayloadType: byte.Parse(p[1], CultureInfo.InvariantCulture))).ToArray();
                Console.WriteLine(RunStep(legs, warmup, seconds));
            }
        }

        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        return 0;
    }

    private string RunStep((int Port, byte PayloadType)[] legs, double warmup, double seconds)
    {
        Array.Fill(_legOfServerPort, -1);
        for (var i = 0; i < legs.Length; i++)
        {
            _legOfServerPort[legs[i].Port] = i;
        }

        var received = new long[legs.Length];
        var lastArrival = new long[legs.Length];
        var arrival = new IntervalHistogram();
        var state = new StepState();
        var receivers = _sockets.Select(socket => new Thread(() => Receive(socket, received, lastArrival, arrival, state)) { IsBackground = true }).ToArray();
        foreach (var thread in receivers)
        {
            thread.Start();
        }

        var sender = new Thread(() => Send(legs, warmup + seconds + 0.5, state)) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        sender.Start();
        Thread.Sleep(TimeSpan.FromSeconds(warmup));
        Array.Clear(received);
        arrival.Reset();
        var cpuBefore = ProcessStats.CpuTime();
        var clock = Stopwatch.StartNew();
        state.Counting = true;
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        state.Counting = false;
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (ProcessStats.CpuTime() - cpuBefore).TotalSeconds / elapsed * 100;
        var counts = received.ToArray();
        sender.Join();
        state.Stop = true;
        foreach (var thread in receivers)
        {
            thread.Join();
        }

        var expected = elapsed * 50;
        var silentLegs = counts.Count(c => c < expected * 0.9);
        return string.Create(CultureInfo.InvariantCulture, $"DONE received={counts.Sum()} expected={(long)(expected * legs.Length)} silentLegs={silentLegs} arrivalP50={arrival.Percentile(0.5).TotalMilliseconds:0.00} arrivalP99={arrival.Percentile(0.99).TotalMilliseconds:0.00} cpu={cpu:0.0}");
    }

    private void Send((int Port, byte PayloadType)[] legs, double seconds, StepState state)
    {
        RealTime.TryEnable(5);
        // A voice-like payload (two tones), so the server's decoder and in-band DTMF detector do real work.
        var samples = new short[160 * 50];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)((3000 * Math.Sin(2 * Math.PI * 440 * i / 8000)) + (1500 * Math.Sin(2 * Math.PI * 1100 * i / 8000)));
        }

        var payloads = new byte[50][];
        for (var p = 0; p < payloads.Length; p++)
        {
            payloads[p] = new byte[160];
            MuLaw.Encode(samples.AsSpan(p * 160, 160), payloads[p]);
        }

        var packet = new byte[RtpPacket.FixedHeaderLength + 160];
        var addresses = legs.Select(l => new IPEndPoint(IPAddress.Loopback, l.Port).Serialize()).ToArray();
        var tickLength = Stopwatch.Frequency / 50;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * Stopwatch.Frequency);
        for (long tick = 0; !state.Stop; tick++)
        {
            for (var group = 0; group < Groups; group++)
            {
                var due = start + (tick * tickLength) + (group * tickLength / Groups);
                if (due > end)
                {
                    return;
                }

                // Sleep, never spin: a spinning generator would steal the core the server under test needs.
                while ((due - Stopwatch.GetTimestamp()) * 4000 / Stopwatch.Frequency > 1)
                {
                    Thread.Sleep(1);
                }

                for (var leg = group; leg < legs.Length; leg += Groups)
                {
                    RtpPacket.WriteHeader(packet, new RtpHeaderFields(tick == 0, legs[leg].PayloadType, (ushort)tick, (uint)(tick * 160), (uint)leg + 1));
                    payloads[tick % payloads.Length].CopyTo(packet, RtpPacket.FixedHeaderLength);
                    try
                    {
                        _sockets[leg % SocketCount].SendTo(packet, SocketFlags.None, addresses[leg]);
                    }
                    catch (SocketException)
                    {
                        // A full buffer loses the packet; the server's counters will show it.
                    }
                }
            }
        }
    }

    private void Receive(Socket socket, long[] received, long[] lastArrival, IntervalHistogram arrival, StepState state)
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var nominal = Stopwatch.Frequency / 50;
        while (!state.Stop)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                continue;
            }

            if (length < RtpPacket.FixedHeaderLength || buffer[1] >= 200)
            {
                continue;
            }

            var port = BinaryPrimitives.ReadUInt16BigEndian(from.Buffer.Span[2..]);
            var leg = _legOfServerPort[port];
            if (leg < 0)
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            if (state.Counting)
            {
                Interlocked.Increment(ref received[leg]);
                var last = lastArrival[leg];
                if (last != 0)
                {
                    arrival.Record(now - last, nominal);
                }
            }

            lastArrival[leg] = now;
        }
    }

    private sealed class StepState
    {
        private volatile bool _stop;
        private volatile bool _counting;

        public bool Stop
        {
            get => _stop;
            set => _stop = value;
        }

        public bool Counting
        {
            get => _counting;
            set => _counting = value;
        }
    }
}
