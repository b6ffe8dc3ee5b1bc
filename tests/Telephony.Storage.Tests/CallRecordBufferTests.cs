using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace Telephony.Storage.Tests;

/// <summary>The node's durable buffer file: order kept, bound held, and everything in it still there after a restart.</summary>
public sealed class CallRecordBufferTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telephony-buffer-tests-").FullName;

    private string FilePath => Path.Combine(_directory, "data", "call-records.buffer.jsonl");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Writes_read_back_in_the_order_they_were_appended_across_appends_and_chunks()
    {
        using var buffer = Open(100);
        var writes = Enumerable.Range(0, 25).Select(Write).ToList();

        buffer.Append(writes[..10]);
        buffer.Append(writes[10..]);
        var first = buffer.ReadPending(15);
        buffer.MarkReplayed(first);
        var second = buffer.ReadPending(15);

        Assert.Equal(writes.Select(w => w.RecordId), first.Writes.Concat(second.Writes).Select(w => w.RecordId));
        Assert.Equal(10, second.Writes.Count);
        Assert.Equal(10, buffer.Count);
        Assert.Equal(writes[3], first.Writes[3]);
    }

    [Fact]
    public void Past_the_bound_writes_are_refused_and_the_ones_that_fit_are_kept()
    {
        using var buffer = Open(5);

        var appended = buffer.Append([.. Enumerable.Range(0, 3).Select(Write)]);
        var partly = buffer.Append([.. Enumerable.Range(3, 4).Select(Write)]);
        var none = buffer.Append([Write(7)]);

        Assert.Equal((3, 2, 0), (appended, partly, none));
        Assert.True(buffer.IsFull);
        Assert.Equal(["call-0", "call-1", "call-2", "call-3", "call-4"], buffer.ReadPending(10).Writes.Select(CallIdOf));
    }

    [Fact]
    public void A_restarted_node_finds_every_buffered_write_in_order()
    {
        var writes = Enumerable.Range(0, 7).Select(Write).ToList();
        using (var before = Open(100))
        {
            before.Append(writes[..4]);
            before.Append(writes[4..]);
        }

        using var after = Open(100);

        Assert.Equal(7, after.Count);
        Assert.Equal(writes, after.ReadPending(100).Writes);
    }

    [Fact]
    public void Clearing_after_a_replay_empties_the_file_and_restores_the_whole_bound()
    {
        using (var buffer = Open(3))
        {
            buffer.Append([Write(0), Write(1), Write(2)]);
            buffer.MarkReplayed(buffer.ReadPending(3));
            Assert.Equal(0, buffer.Count);
            Assert.True(buffer.IsFull);

            buffer.Clear();

            Assert.False(buffer.IsFull);
            Assert.Equal(1, buffer.Append([Write(3)]));
        }

        using var reopened = Open(3);
        Assert.Equal(["call-3"], reopened.ReadPending(10).Writes.Select(CallIdOf));
    }

    [Fact]
    public void A_write_torn_by_a_crash_is_dropped_and_the_next_append_starts_on_a_clean_line()
    {
        using (var buffer = Open(100))
        {
            buffer.Append([Write(0), Write(1)]);
        }

        File.AppendAllText(FilePath, "{\"open\":{\"id\":\"5b0c", Encoding.UTF8);

        using var restarted = Open(100);
        restarted.Append([Write(2)]);

        Assert.Equal(["call-0", "call-1", "call-2"], restarted.ReadPending(100).Writes.Select(CallIdOf));
    }

    [Fact]
    public void A_damaged_line_is_skipped_and_the_others_are_kept()
    {
        using (var buffer = Open(100))
        {
            buffer.Append([Write(0)]);
        }

        File.AppendAllText(FilePath, "not json\n", Encoding.UTF8);
        using var restarted = Open(100);
        restarted.Append([Write(1)]);

        var chunk = restarted.ReadPending(100);
        Assert.Equal(["call-0", "call-1"], chunk.Writes.Select(CallIdOf));
        Assert.Equal(3, chunk.Lines);
    }

    [Fact]
    public void Two_nodes_cannot_share_one_buffer_file()
    {
        using var first = Open(100);

        var error = Assert.Throws<IOException>(() => Open(100));

        Assert.Contains("Storage:BufferPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_holds_masked_callers_only_and_one_JSON_object_a_line()
    {
        using (var buffer = Open(100))
        {
            buffer.Append([Write(0), Write(1)]);
        }

        var lines = File.ReadAllLines(FilePath);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("{", l, StringComparison.Ordinal));
        Assert.DoesNotContain("612345678", File.ReadAllText(FilePath), StringComparison.Ordinal);
    }

    [Fact]
    public void A_withdrawal_goes_through_the_file_and_a_file_from_before_withdrawals_still_reads()
    {
        var opening = Write(0);
        var withdrawal = CallRecordWrite.Withdrawal(new WithdrawnCallRecord(opening.RecordId, "call-0"));
        using (var before = Open(100))
        {
            before.Append([opening, withdrawal]);
        }

        // A line of the format written before withdrawals existed (open/complete only) reads as it did.
        var lines = File.ReadAllLines(FilePath);
        Assert.DoesNotContain("withdraw", lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"withdraw\"", lines[1], StringComparison.OrdinalIgnoreCase);

        using var after = Open(100);
        Assert.Equal([opening, withdrawal], after.ReadPending(10).Writes);
        Assert.Equal(opening.RecordId, after.ReadPending(10).Writes[1].RecordId);
    }

    private CallRecordBuffer Open(int max) => new(FilePath, max, NullLogger.Instance);

    private static string CallIdOf(CallRecordWrite write) => write.Open?.CallId ?? write.Complete?.CallId ?? write.Withdraw!.CallId;

    // Openings and completions alternate, so both kinds go through the file.
    private static CallRecordWrite Write(int i) => i % 2 == 0
        ? CallRecordWrite.Opening(new OpenCallRecord
        {
            Id = Guid.NewGuid(),
            CallId = $"call-{i}",
            Network = "cnav",
            Line = "3960",
            StartedAt = CallRecordSamples.Morning.AddSeconds(i),
            AnsweredAt = CallRecordSamples.Morning.AddSeconds(i),
            CallerMasked = PhoneNumberMasking.Mask("+33612345678"),
            Node = new NodeIdentity("pbx-5060", "127.0.0.1:11111@1"),
        })
        : CallRecordWrite.Completion(CallRecordSamples.Answered($"call-{i}") with { NodeId = "pbx-5060" });
}
