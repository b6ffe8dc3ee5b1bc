using System.Text.Json.Serialization;

namespace Telephony.Storage;

/// <summary>
/// One write of the call-record journal: the opening of a call's row, or its completion. Exactly one of the two is set.
/// Both are idempotent, so a write can be applied again (a buffer replayed twice) without changing the result.
/// </summary>
public sealed record CallRecordWrite
{
    [JsonConstructor]
    private CallRecordWrite(OpenCallRecord? open, CallRecord? complete)
    {
        Open = open;
        Complete = complete;
    }

    public OpenCallRecord? Open { get; }

    public CallRecord? Complete { get; }

    /// <summary>The call's own id (the row id), whichever kind of write this is.</summary>
    [JsonIgnore]
    public Guid RecordId => Open?.Id ?? Complete!.Id;

    /// <exception cref="ArgumentException">A required field is empty, or the caller looks like a clear number.</exception>
    public static CallRecordWrite Opening(OpenCallRecord record)
    {
        CallRecordValidation.EnsureValid(record);
        return new CallRecordWrite(record, null);
    }

    /// <exception cref="ArgumentException">A required field is empty, or the caller looks like a clear number.</exception>
    public static CallRecordWrite Completion(CallRecord record)
    {
        CallRecordValidation.EnsureValid(record);
        if (record.Id == Guid.Empty)
        {
            throw new ArgumentException($"Call record {record.CallId}: Id is required (it finds the row opened at the answer).", nameof(record));
        }

        return new CallRecordWrite(null, record);
    }

    /// <summary>A write read back from the buffer file: checked again, since the file could have been edited.</summary>
    internal void EnsureValid()
    {
        if ((Open is null) == (Complete is null))
        {
            throw new ArgumentException("A call-record write is either an opening or a completion.");
        }

        if (Open is not null)
        {
            CallRecordValidation.EnsureValid(Open);
        }
        else
        {
            CallRecordValidation.EnsureValid(Complete!);
        }
    }
}
