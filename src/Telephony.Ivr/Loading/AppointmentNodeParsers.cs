namespace Telephony.Ivr;

/// <summary>
/// Parsers of the appointment kinds (<c>appointment</c>, <c>existing-appointment</c>) and of <c>accept-numbers</c>,
/// shared with the callback node. That the reason is one of the script's is checked with the whole script
/// (<see cref="CheckReasons"/>), since <c>appointments:</c> may come after <c>nodes:</c>.
/// </summary>
internal static class AppointmentNodeParsers
{
    private static readonly Dictionary<string, Func<NumberRules, NumberRules>> Allowances = new(StringComparer.Ordinal)
    {
        ["foreign"] = r => r with { AllowForeign = true },
        ["premium"] = r => r with { AllowPremium = true },
        ["short"] = r => r with { AllowShort = true },
    };

    public static IvrNode? ParseAppointment(NodeSource source)
    {
        var fields = source.Fields;
        var reason = fields.Scalar("reason", required: true);
        var slots = fields.Has("slots") ? fields.Integer("slots", required: false, minimum: 1) : AppointmentNode.DefaultSlots;
        var timeout = fields.Duration("timeout", required: true);
        var onBooked = NodeParsers.Link(fields, "on-booked");
        var onFailed = NodeParsers.Link(fields, "on-failed");
        var rules = ParseAcceptNumbers(source);
        if (slots > AppointmentNode.MaxSlots)
        {
            fields.Errors.At(fields.ValuePosition("slots")!.Value, $"node '{source.Name}': 'slots' must be at most {AppointmentNode.MaxSlots} (keys 1 to {AppointmentNode.MaxSlots} choose them)");
            return null;
        }

        if (reason is null || slots is null || timeout is null || onBooked is null || onFailed is null || rules is null)
        {
            return null;
        }

        return new AppointmentNode(source.Name, reason.Value!, slots.Value, timeout.Value, onBooked.Value.Target, onFailed.Value.Target)
        {
            Position = source.Position,
            ReasonPosition = reason.Start,
            NumberRules = rules,
            OnBookedLink = onBooked.Value,
            OnFailedLink = onFailed.Value,
        };
    }

    public static IvrNode? ParseExistingAppointment(NodeSource source)
    {
        var fields = source.Fields;
        var timeout = fields.Duration("timeout", required: true);
        var onNone = NodeParsers.Link(fields, "on-none");
        var onKept = NodeParsers.Link(fields, "on-kept");
        var onCancelled = NodeParsers.Link(fields, "on-cancelled");
        if (timeout is null || onNone is null || onKept is null || onCancelled is null)
        {
            return null;
        }

        return new ExistingAppointmentNode(source.Name, timeout.Value, onNone.Value.Target, onKept.Value.Target, onCancelled.Value.Target)
        {
            Position = source.Position,
            OnNoneLink = onNone.Value,
            OnKeptLink = onKept.Value,
            OnCancelledLink = onCancelled.Value,
        };
    }

    /// <summary><c>accept-numbers: [foreign, premium, short]</c>, each allowing one more kind of number; null on an error.</summary>
    public static NumberRules? ParseAcceptNumbers(NodeSource source)
    {
        var entries = source.Fields.Texts("accept-numbers");
        if (entries is null)
        {
            return null;
        }

        var rules = NumberRules.Strict;
        foreach (var entry in entries)
        {
            if (!Allowances.TryGetValue(entry.Value!, out var allow))
            {
                source.Fields.Errors.At(entry.Start, $"node '{source.Name}': accept-numbers '{entry.Value}' must be one of {string.Join(", ", Allowances.Keys)} (French fixed and mobile numbers are always accepted)");
                return null;
            }

            rules = allow(rules);
        }

        return rules;
    }

    /// <summary>An appointment node books one of the script's reasons; an existing-appointment node needs the script to take appointments.</summary>
    public static void CheckReasons(IEnumerable<IvrNode> nodes, LineAppointments? appointments, bool declaresAppointments, ErrorSink errors)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case AppointmentNode booking when appointments?.FindReason(booking.ReasonId) is null:
                    if (appointments is not null || !declaresAppointments)
                    {
                        var known = appointments is null ? "the script has no 'appointments'" : $"the script's reasons are {string.Join(", ", appointments.Reasons.Select(r => r.Id))}";
                        errors.At(booking.ReasonPosition, $"node '{booking.Name}': reason '{booking.ReasonId}' is not a reason of the script's appointments ({known})");
                    }

                    break;
                case ExistingAppointmentNode existing when !declaresAppointments:
                    errors.At(existing.Position, $"node '{existing.Name}': the script takes no appointments (no 'appointments'): there is none to find");
                    break;
            }
        }
    }
}
