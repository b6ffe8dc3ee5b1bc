using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Captures UDP on the loopback interface with tcpdump, as a third party on the wire: it proves packets really
/// reached the peer's port, independently of what either side claims.
/// </summary>
public sealed class PacketCapture : IAsyncDisposable
{
    private const string Executable = "/usr/bin/tcpdump";
    private readonly ExternalProcess _tcpdump;
    private readonly string _file;

    private PacketCapture(ExternalProcess tcpdump, string file)
    {
        _tcpdump = tcpdump;
        _file = file;
    }

    public static string? UnavailableReason =>
        !File.Exists(Executable) ? "tcpdump is not installed (scripts/test.sh installs it)"
        : Environment.UserName != "root" ? "capturing on loopback needs root"
        : null;

    /// <summary>Starts capturing UDP packets whose source port lies in <paramref name="sourcePorts"/>.</summary>
    public static async Task<PacketCapture> StartAsync((int First, int Last) sourcePorts)
    {
        var file = Path.Combine(Path.GetTempPath(), $"telephony-capture-{Guid.NewGuid():N}.pcap");
        var filter = string.Create(CultureInfo.InvariantCulture, $"udp and src portrange {sourcePorts.First}-{sourcePorts.Last}");
        // -U: write each packet as it comes, so stopping early loses nothing; -Z root: keep the file writable.
        var tcpdump = ExternalProcess.Start(Executable, ["-i", "lo", "-n", "-U", "-Z", "root", "-w", file, filter]);
        var capture = new PacketCapture(tcpdump, file);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!tcpdump.Output.Contains("listening on", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            if (tcpdump.HasExited)
            {
                throw new InvalidOperationException($"tcpdump failed: {tcpdump.Output}");
            }

            await Task.Delay(50);
        }

        return capture;
    }

    /// <summary>Stops the capture and returns the UDP payloads with their destination ports.</summary>
    public async Task<IReadOnlyList<CapturedDatagram>> StopAsync()
    {
        await _tcpdump.StopAsync(TimeSpan.FromSeconds(5));
        return File.Exists(_file) ? ReadLoopbackPcap(await File.ReadAllBytesAsync(_file)) : [];
    }

    public async ValueTask DisposeAsync()
    {
        await _tcpdump.DisposeAsync();
        File.Delete(_file);
    }

    /// <summary>Reads a classic pcap file of the Linux loopback (Ethernet framing), IPv4/UDP only.</summary>
    private static List<CapturedDatagram> ReadLoopbackPcap(byte[] file)
    {
        var datagrams = new List<CapturedDatagram>();
        const int GlobalHeader = 24, RecordHeader = 16, Ethernet = 14;
        for (var offset = GlobalHeader; offset + RecordHeader <= file.Length;)
        {
            var seconds = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));
            var micros = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 4));
            var captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8));
            var frame = file.AsSpan(offset + RecordHeader, Math.Min(captured, file.Length - offset - RecordHeader));
            offset += RecordHeader + captured;
            if (frame.Length < Ethernet + 20 + 8 || frame[Ethernet] >> 4 != 4)
            {
                continue;
            }

            var ip = frame[Ethernet..];
            var udp = ip[((ip[0] & 0x0F) * 4)..];
            datagrams.Add(new CapturedDatagram(
                BinaryPrimitives.ReadUInt16BigEndian(udp),
                BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
                udp[8..].ToArray(),
                DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10L),
                new IPAddress(ip.Slice(16, 4))));
        }

        return datagrams;
    }
}

/// <param name="DestinationAddress">The IPv4 destination: which host the packet was sent to.</param>
public sealed record CapturedDatagram(int SourcePort, int DestinationPort, byte[] Payload, DateTimeOffset CapturedAt, IPAddress DestinationAddress)
{
    public int RtpSequenceNumber => (Payload[2] << 8) | Payload[3];

    /// <summary>Version 2 and not RTCP (second byte 200-204 is an RTCP packet type, RFC 5761 §4).</summary>
    public bool IsRtp => Payload.Length >= 12 && Payload[0] >> 6 == 2 && Payload[1] is < 200 or > 204;

    public bool IsRtcp => Payload.Length >= 8 && Payload[0] >> 6 == 2 && Payload[1] is >= 200 and <= 204;

    public int RtpPayloadType => Payload[1] & 0x7F;
}
