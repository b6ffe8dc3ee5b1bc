using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Telephony.Storage;

/// <summary>
/// The node's local, durable buffer of call-record writes the database could not take: an append-only file of JSON
/// lines, each append fsync'd before it returns, holding at most <see cref="MaxRecords"/> writes. Read back in the
/// order written, from the first write not yet replayed. A file left by a previous run is picked up as it is (a
/// line torn by a crash mid-append is dropped: it was never acknowledged).
/// </summary>
/// <remarks>Used by one writer loop at a time; the lock only keeps a stray concurrent call from corrupting the file.</remarks>
public sealed class CallRecordBuffer : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ILogger _logger;
    private readonly FileStream _file;
    private readonly Lock _gate = new();
    private int _lines;
    private int _replayedLines;
    private long _replayedBytes;

    /// <exception cref="IOException">The file cannot be created or opened (its directory is created if missing).</exception>
    public CallRecordBuffer(string path, int maxRecords, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        ArgumentNullException.ThrowIfNull(logger);
        FilePath = System.IO.Path.GetFullPath(path);
        MaxRecords = maxRecords;
        _logger = logger;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
        try
        {
            // Locked: two nodes appending to one file would interleave their writes.
            _file = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
        }
        catch (IOException error) when (File.Exists(FilePath))
        {
            throw new IOException($"The call-record buffer {FilePath} is in use by another process: each node needs a buffer file of its own (Storage:BufferPath).", error);
        }

        _lines = RecoverExistingLines();
    }

    public string FilePath { get; }

    public int MaxRecords { get; }

    /// <summary>Writes in the file not replayed yet.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines - _replayedLines;
            }
        }
    }

    /// <summary>True when no more writes fit: the file holds <see cref="MaxRecords"/> lines until it is cleared.</summary>
    public bool IsFull
    {
        get
        {
            lock (_gate)
            {
                return _lines >= MaxRecords;
            }
        }
    }

    /// <summary>Appends, in order, as many of <paramref name="writes"/> as the bound leaves room for, and syncs them to disk.</summary>
    /// <returns>How many were appended: the first ones; the others were refused.</returns>
    public int Append(IReadOnlyList<CallRecordWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        lock (_gate)
        {
            var fitting = Math.Min(writes.Count, MaxRecords - _lines);
            if (fitting <= 0)
            {
                return 0;
            }

            using var bytes = new MemoryStream();
            for (var i = 0; i < fitting; i++)
            {
                JsonSerializer.Serialize(bytes, writes[i], Json);
                bytes.WriteByte((byte)'\n');
            }

            _file.Seek(0, SeekOrigin.End);
            bytes.Position = 0;
            bytes.CopyTo(_file);
            // fsync: once this returns the writes survive a crash of the process or of the machine.
            _file.Flush(flushToDisk: true);
            _lines += fitting;
            return fitting;
        }
    }

    /// <summary>Up to <paramref name="max"/> writes from the first not yet replayed, in the order they were appended.</summary>
    public BufferedChunk ReadPending(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (_gate)
        {
            var writes = new List<CallRecordWrite>();
            var lines = 0;
            var offset = _replayedBytes;
            _file.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(_file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
            while (lines < max && _replayedLines + lines < _lines && reader.ReadLine() is { } line)
            {
                lines++;
                offset += Encoding.UTF8.GetByteCount(line) + 1;
                if (Parse(line, _replayedLines + lines) is { } write)
                {
                    writes.Add(write);
                }
            }

            return new BufferedChunk(writes, lines, offset);
        }
    }

    /// <summary>The chunk is in the database: the next <see cref="ReadPending"/> starts after it.</summary>
    public void MarkReplayed(BufferedChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_gate)
        {
            _replayedLines += chunk.Lines;
            _replayedBytes = chunk.EndOffset;
        }
    }

    /// <summary>Everything was replayed: empties the file (synced), so the bound is whole again.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _file.SetLength(0);
            _file.Flush(flushToDisk: true);
            _lines = 0;
            _replayedLines = 0;
            _replayedBytes = 0;
        }
    }

    public void Dispose() => _file.Dispose();

    private int RecoverExistingLines()
    {
        if (_file.Length == 0)
        {
            return 0;
        }

        // Everything after the last newline is a line a crash cut short: cut it off so the next append starts clean.
        var length = _file.Length;
        var lastNewline = -1L;
        var lines = 0;
        var buffer = new byte[64 * 1024];
        _file.Seek(0, SeekOrigin.Begin);
        long position = 0;
        int read;
        while ((read = _file.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    lines++;
                    lastNewline = position + i;
                }
            }

            position += read;
        }

        if (lastNewline + 1 < length)
        {
            _logger.LogWarning("Call-record buffer {Path}: dropped {Bytes} bytes of a write cut short by a crash", FilePath, length - lastNewline - 1);
            _file.SetLength(lastNewline + 1);
            _file.Flush(flushToDisk: true);
        }

        if (lines > 0)
        {
            _logger.LogWarning("Call-record buffer {Path} holds {Count} write(s) from a previous run: they will be replayed in order", FilePath, lines);
        }

        return lines;
    }

    private CallRecordWrite? Parse(string line, int lineNumber)
    {
        try
        {
            var write = JsonSerializer.Deserialize<CallRecordWrite>(line, Json) ?? throw new JsonException("null write");
            write.EnsureValid();
            return write;
        }
        catch (Exception error) when (error is JsonException or ArgumentException or NotSupportedException)
        {
            // Only a hand-edited or damaged file gets here: skip the line, say which, keep the rest.
            _logger.LogError(error, "Call-record buffer {Path}: line {Line} cannot be read and is skipped", FilePath, lineNumber);
            return null;
        }
    }
}

/// <summary>Writes read from the buffer: <see cref="Lines"/> lines consumed (unreadable ones are skipped), ending at <see cref="EndOffset"/>.</summary>
public sealed record BufferedChunk(IReadOnlyList<CallRecordWrite> Writes, int Lines, long EndOffset);
