namespace Telephony.Storage;

/// <summary>Checks a record before it is written, so bad data fails at the caller with a clear message.</summary>
internal static class CallRecordValidation
{
    // A masked number shows at most 3 + 2 digits; a longer run of digits means a clear number slipped through.
    private const int LongestAllowedDigitRun = 4;

    public static void EnsureValid(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        RequireText(record.CallId, nameof(CallRecord.CallId));
        RequireText(record.Network, nameof(CallRecord.Network));
        RequireText(record.Line, nameof(CallRecord.Line));
        RequireText(record.Outcome, nameof(CallRecord.Outcome));
        if (record.EndedAt < record.StartedAt)
        {
            throw new ArgumentException($"Call record {record.CallId}: EndedAt is before StartedAt.", nameof(record));
        }

        EnsureMasked(record.CallerMasked, nameof(record));

        if (record.CallerKey is not null)
        {
            CallerKeyFormat.EnsureValid(record.CallerKey, nameof(record));
        }

        if (record.AgentId is { } agent && !AgentIds.IsValid(agent))
        {
            throw new ArgumentException($"Call record {record.CallId}: AgentId must be the agent's opaque id (ag_...), never a name.", nameof(record));
        }

        if (record.SurveyScore is < 1 or > 5)
        {
            throw new ArgumentException($"Call record {record.CallId}: SurveyScore is 1 to 5, or null when not answered.", nameof(record));
        }

        if (record.RingAttempts < 0 || record.WaitSeconds < 0 || record.TalkSeconds < 0)
        {
            throw new ArgumentException($"Call record {record.CallId}: RingAttempts, WaitSeconds and TalkSeconds cannot be negative.", nameof(record));
        }
    }

    public static void EnsureValid(OpenCallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id == Guid.Empty)
        {
            throw new ArgumentException($"Open call record {record.CallId}: Id is required (the completion finds the row by it).", nameof(record));
        }

        RequireText(record.CallId, nameof(OpenCallRecord.CallId));
        RequireText(record.Network, nameof(OpenCallRecord.Network));
        RequireText(record.Line, nameof(OpenCallRecord.Line));
        ArgumentNullException.ThrowIfNull(record.Node);
        RequireText(record.Node.Id, "Node.Id");
        RequireText(record.Node.Instance, "Node.Instance");
        EnsureMasked(record.CallerMasked, nameof(record));
    }

    private static void EnsureMasked(string? caller, string parameter)
    {
        if (caller is not null && LongestDigitRun(caller) > LongestAllowedDigitRun)
        {
            throw new ArgumentException(
                "CallerMasked looks like a clear phone number; pass it through PhoneNumberMasking.Mask first.", parameter);
        }
    }

    private static void RequireText(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Call record field {name} is required.", name);
        }
    }

    private static int LongestDigitRun(string text)
    {
        int longest = 0, current = 0;
        foreach (var c in text)
        {
            current = char.IsAsciiDigit(c) ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }
}
