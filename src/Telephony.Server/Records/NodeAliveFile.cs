using System.Globalization;

namespace Telephony.Server.Records;

/// <summary>
/// When this node was last known alive, kept in a small file beside the call-record buffer and rewritten every few
/// seconds. A node starting again reads its previous run's last time first: the rows that run left open are closed
/// as ending then, not hours later when the node came back.
/// </summary>
public sealed class NodeAliveFile
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly TimeProvider _time;

    public NodeAliveFile(string bufferPath, TimeProvider time)
    {
        _path = Path.ChangeExtension(Path.GetFullPath(bufferPath), ".alive");
        _time = time;
        PreviousRunLastSeen = Read();
    }

    /// <summary>The last time the previous run of this node wrote the file; null on a first start.</summary>
    public DateTimeOffset? PreviousRunLastSeen { get; }

    public void Touch()
    {
        // Written aside then renamed: a crash mid-write leaves the previous time, never a torn one.
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        File.Move(temporary, _path, overwrite: true);
    }

    private DateTimeOffset? Read()
    {
        try
        {
            return DateTimeOffset.TryParse(File.ReadAllText(_path), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
