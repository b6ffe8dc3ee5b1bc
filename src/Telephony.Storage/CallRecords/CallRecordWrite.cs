using System.Text.Json.Serialization;

namespace Telephony.Storage;

/// <summary>
/// One write of the call-record journal: the opening of a call's row, its completion, or the withdrawal of a row
/// opened for a call that was never confirmed. Exactly one of the three is set. All are idempotent, so a write can be
/// applied again (a buffer replayed twice) without changing the result.
/// </summary>
/// <remarks>
/// The buffer file holds these as JSON lines; a file written before withdrawals existed has only <c>open</c> and
/// <c>complete</c> lines, which read as they always did.
/// </remarks>
public sealed record CallRecordWrite
{
    [JsonConstructor]
    private CallRecordWrite(OpenCallRecord? open, CallRecord? complete, WithdrawnCallRecord? withdraw)
    {
        Open = open;
        Complete = complete;
        Withdraw = withdraw;
    }

    public OpenCallRecord? Open { get; }

    public CallRecord? Complete { get; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WithdrawnCallRecord? Withdraw { get; }

    /// <summary>The call's own id (the row id), whichever kind of write this is.</summary>
    [JsonIgnore]
    public Guid RecordId => Open?.Id ?? Complete?.Id ?? Withdraw!.Id;

    /// <exception cref="ArgumentException">A required field is empty, or the caller looks like a clear number.</exception>
    public static CallRecordWrite Opening(OpenCallRecord record)
    {
        CallRecordValidation.EnsureValid(record);
        return new CallRecordWrite(record, null, null);
    }

    /// <exception cref="ArgumentException">A required field is empty, or the caller looks like a clear number.</exception>
    public static CallRecordWrite Completion(CallRecord record)
    {
        CallRecordValidation.EnsureValid(record);
        if (record.Id == Guid.Empty)
        {
            throw new ArgumentException($"Call record {record.CallId}: Id is required (it finds the row opened at the answer).", nameof(record));
        }

        return new CallRecordWrite(null, record, null);
    }

    /// <summary>
    /// Removes the row opened before a 200 OK the caller never acknowledged: no call took place, so no record stays.
    /// A row already completed is never removed.
    /// </summary>
    /// <exception cref="ArgumentException">The id or the call id is empty.</exception>
    public static CallRecordWrite Withdrawal(WithdrawnCallRecord record)
    {
        EnsureValid(record);
        return new CallRecordWrite(null, null, record);
    }

    /// <summary>A write read back from the buffer file: checked again, since the file could have been edited.</summary>
    internal void EnsureValid()
    {
        if ((Open is null ? 0 : 1) + (Complete is null ? 0 : 1) + (Withdraw is null ? 0 : 1) != 1)
        {
            throw new ArgumentException("A call-record write is exactly one of an opening, a completion or a withdrawal.");
        }

        if (Open is not null)
        {
            CallRecordValidation.EnsureValid(Open);
        }
        else if (Complete is not null)
        {
            CallRecordValidation.EnsureValid(Complete);
        }
        else
        {
            EnsureValid(Withdraw!);
        }
    }

    private static void EnsureValid(WithdrawnCallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id == Guid.Empty || string.IsNullOrWhiteSpace(record.CallId))
        {
            throw new ArgumentException("A withdrawal names the row (Id) and its call (CallId).", nameof(record));
        }
    }
}

/// <summary>The row to withdraw, and its call's SIP Call-ID for the logs (a lost withdrawal is logged with it).</summary>
public sealed record WithdrawnCallRecord(Guid Id, string CallId);
