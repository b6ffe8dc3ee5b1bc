namespace Telephony.Ivr;

/// <summary>Parsers of the kinds that route a call without a menu: collect, callback, hours, transfer.</summary>
internal static class FlowNodeParsers
{
    private static readonly Dictionary<string, DigitChecksum> Checksums = new(StringComparer.Ordinal)
    {
        ["none"] = DigitChecksum.None,
        ["dgfip-spi"] = DigitChecksum.DgfipSpi,
        ["luhn"] = DigitChecksum.Luhn,
    };

    public static IvrNode? ParseCollect(NodeSource source)
    {
        var fields = source.Fields;
        var context = $"node '{source.Name}'";
        var prompt = PromptParser.Parse(fields, "prompt", required: true);
        var length = fields.Integer("length", required: true, minimum: 1);
        var checksumText = fields.Scalar("checksum", required: false);
        var timeout = fields.Duration("timeout", required: true);
        var interDigit = fields.Duration("inter-digit-timeout", required: true);
        var maxAttempts = fields.Integer("max-attempts", required: true, minimum: 1);
        var invalidPrompt = PromptParser.Parse(fields, "invalid-prompt", required: false);
        var onValid = NodeParsers.Link(fields, "on-valid");
        var onInvalid = NodeParsers.Link(fields, "on-invalid");
        var forAgent = fields.Scalar("for-agent", required: false);
        var checksum = DigitChecksum.None;
        if (checksumText is not null && !Checksums.TryGetValue(checksumText.Value!, out checksum))
        {
            fields.Errors.At(checksumText.Start, $"{context}: checksum must be one of {string.Join(", ", Checksums.Keys)}");
            return null;
        }

        if (forAgent is not null && forAgent.Value!.Trim().Length > CollectNode.MaxForAgentLength)
        {
            fields.Errors.At(forAgent.Start, $"{context}: 'for-agent' must be a label of at most {CollectNode.MaxForAgentLength} characters, like \"Numéro fiscal\"");
            return null;
        }

        if (length is > 32)
        {
            fields.Errors.At(source.Position, $"{context}: 'length' must be at most 32 digits");
            return null;
        }

        if (prompt is null || length is null || timeout is null || interDigit is null || maxAttempts is null || onValid is null || onInvalid is null)
        {
            return null;
        }

        return new CollectNode(
            source.Name, prompt, length.Value, checksum, timeout.Value, interDigit.Value, maxAttempts.Value, invalidPrompt,
            onValid.Value.Target, onInvalid.Value.Target)
        {
            Position = source.Position,
            ForAgent = forAgent?.Value!.Trim(),
            OnValidLink = onValid.Value,
            OnInvalidLink = onInvalid.Value,
        };
    }

    public static IvrNode? ParseCallback(NodeSource source)
    {
        var fields = source.Fields;
        var prompt = PromptParser.Parse(fields, "prompt", required: true);
        var queue = fields.Scalar("queue", required: true);
        var acceptKey = fields.Scalar("accept-key", required: false);
        var phrases = fields.Texts("accept-phrases");
        var timeout = fields.Duration("timeout", required: true);
        var onAccepted = NodeParsers.Link(fields, "on-accepted");
        var onDeclined = NodeParsers.Link(fields, "on-declined");
        var refusedPrompt = PromptParser.Parse(fields, "refused-prompt", required: true);
        var onRefused = NodeParsers.Link(fields, "on-refused");
        var confirmNumber = fields.Boolean("confirm-number") ?? true;
        var rules = AppointmentNodeParsers.ParseAcceptNumbers(source);
        var key = acceptKey?.Value ?? "1";
        if (key.Length != 1 || !"0123456789*#".Contains(key[0], StringComparison.Ordinal))
        {
            fields.Errors.At(acceptKey!.Start, $"node '{source.Name}': accept-key '{key}' must be one key of 0-9, * or #");
            return null;
        }

        if (prompt is null || queue is null || phrases is null || timeout is null || onAccepted is null || onDeclined is null
            || refusedPrompt is null || onRefused is null || rules is null)
        {
            return null;
        }

        return new CallbackNode(
            source.Name, prompt, queue.Value!, key[0], timeout.Value, onAccepted.Value.Target, onDeclined.Value.Target, refusedPrompt, onRefused.Value.Target)
        {
            Position = source.Position,
            QueueIdPosition = queue.Start,
            AcceptPhrases = phrases.Select(p => p.Value!).ToList(),
            ConfirmNumber = confirmNumber,
            NumberRules = rules,
            OnAcceptedLink = onAccepted.Value,
            OnDeclinedLink = onDeclined.Value,
            OnRefusedLink = onRefused.Value,
        };
    }

    public static IvrNode? ParseHours(NodeSource source)
    {
        var fields = source.Fields;
        var open = NodeParsers.Link(fields, "open");
        var closed = NodeParsers.Link(fields, "closed");
        var forced = NodeParsers.OptionalLink(fields, "on-forced-closed");
        if (open is null || closed is null || (fields.Has("on-forced-closed") && forced is null))
        {
            return null;
        }

        return new HoursNode(source.Name, open.Value.Target, closed.Value.Target, forced?.Target)
        {
            Position = source.Position,
            OpenLink = open.Value,
            ClosedLink = closed.Value,
            ForcedClosedLink = forced,
        };
    }

    public static IvrNode? ParseTransfer(NodeSource source)
    {
        var to = source.Fields.Scalar("to", required: true);
        if (to is null)
        {
            return null;
        }

        var number = DialedNumbers.Normalize(to.Value);
        if (number is null)
        {
            source.Fields.Errors.At(to.Start, $"node '{source.Name}': 'to' must be a phone number, like \"3646\"");
            return null;
        }

        return new TransferNode(source.Name, number) { Position = source.Position, NumberPosition = to.Start };
    }
}
