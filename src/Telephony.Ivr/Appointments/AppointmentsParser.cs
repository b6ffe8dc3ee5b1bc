using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>
/// Reads the two halves of phone appointments: a queue's staffing (<c>appointments</c> in <c>queues.yaml</c>) and a
/// line's reasons (<c>appointments</c> in its script), each problem reported at its line and column.
/// </summary>
internal static partial class AppointmentsParser
{
    public static readonly IReadOnlyList<string> QueueFields = ["slot", "per-slot", "days-ahead", "min-notice"];

    public static readonly IReadOnlyList<string> LineFields = ["name", "reasons"];

    public static readonly IReadOnlyList<string> ReasonFields = ["id", "label", "queue"];

    /// <summary>A service name or a reason longer than this would not fit a phone's screen or an SMS.</summary>
    public const int MaxLabelLength = 80;

    /// <summary>A queue's <c>appointments: { slot: 30m, per-slot: 4, days-ahead: 10, min-notice: 60m }</c>; null when absent or wrong.</summary>
    public static QueueAppointments? ParseQueue(YamlFields queue, string context)
    {
        var mapping = queue.Mapping("appointments", required: false);
        if (mapping is null)
        {
            return null;
        }

        var errorsBefore = queue.Errors.Count;
        var fields = new YamlFields(mapping, mapping.Start, $"{context}: appointments", queue.Errors);
        var slot = fields.Duration("slot", required: true, maxMinutes: (int)QueueAppointments.LongestSlot.TotalMinutes);
        var perSlot = fields.Integer("per-slot", required: true, minimum: 1);
        var daysAhead = fields.Integer("days-ahead", required: true, minimum: 0);
        var notice = fields.Duration("min-notice", required: false, maxMinutes: 7 * 24 * 60);
        fields.ReportUnknownFields();
        if (slot < QueueAppointments.ShortestSlot || (slot is { } length && length.Ticks % TimeSpan.TicksPerMinute != 0))
        {
            fields.Errors.At(fields.ValuePosition("slot")!.Value, $"{context}: appointments: 'slot' must be a whole number of minutes, at least {QueueAppointments.ShortestSlot.TotalMinutes:0}m");
        }

        if (perSlot > QueueAppointments.MaxPerSlot)
        {
            fields.Errors.At(fields.ValuePosition("per-slot")!.Value, $"{context}: appointments: 'per-slot' must be at most {QueueAppointments.MaxPerSlot}");
        }

        if (daysAhead > QueueAppointments.MaxDaysAhead)
        {
            fields.Errors.At(fields.ValuePosition("days-ahead")!.Value, $"{context}: appointments: 'days-ahead' must be at most {QueueAppointments.MaxDaysAhead}");
        }

        return queue.Errors.Count == errorsBefore
            ? new QueueAppointments(slot!.Value, perSlot!.Value, daysAhead!.Value, notice ?? QueueAppointments.DefaultMinimumNotice)
            : null;
    }

    /// <summary>
    /// A script's <c>appointments: { name: ..., reasons: [ { id, label, queue } ] }</c>: each reason's queue is declared,
    /// of the line's network, and takes appointments; the line has opening hours to cut the slots from.
    /// </summary>
    public static LineAppointments? ParseLine(YamlFields script, string? network, bool hasOpeningHours, QueuesFile queues)
    {
        var mapping = script.Mapping("appointments", required: false);
        if (mapping is null)
        {
            return null;
        }

        const string Context = "appointments";
        var errors = script.Errors;
        var errorsBefore = errors.Count;
        var fields = new YamlFields(mapping, mapping.Start, Context, errors);
        var name = fields.Scalar("name", required: true);
        var list = fields.Sequence("reasons", required: true);
        fields.ReportUnknownFields();
        if (name is not null && !IsLabel(name.Value!))
        {
            errors.At(name.Start, $"{Context}: 'name' must be at most {MaxLabelLength} characters, without control characters");
        }

        if (!hasOpeningHours)
        {
            errors.At(mapping.Start, $"{Context}: the slots are cut from the line's hours; the script needs 'opening-hours'");
        }

        if (list is { Children.Count: 0 })
        {
            errors.At(list.Start, $"{Context}: 'reasons' is empty: give at least one reason");
        }

        var reasons = new List<AppointmentReason>();
        foreach (var item in list?.Children ?? [])
        {
            if (ParseReason(item, network, queues, errors) is { } reason)
            {
                if (reasons.Any(r => r.Id == reason.Id))
                {
                    errors.At(item.Start, $"{Context}: reason id '{reason.Id}' is used twice");
                }
                else if (reasons.Any(r => string.Equals(r.Label, reason.Label, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.At(item.Start, $"{Context}: reason label '{reason.Label}' is used twice");
                }

                reasons.Add(reason);
            }
        }

        return errors.Count == errorsBefore ? new LineAppointments(name!.Value!.Trim(), reasons) : null;
    }

    private static AppointmentReason? ParseReason(YamlNode item, string? network, QueuesFile queues, ErrorSink errors)
    {
        if (item is not YamlMappingNode mapping)
        {
            errors.At(item.Start, "appointments: each reason must be a mapping { id, label, queue }");
            return null;
        }

        var errorsBefore = errors.Count;
        var fields = new YamlFields(mapping, mapping.Start, "appointments: reason", errors);
        var id = fields.Scalar("id", required: true);
        var label = fields.Scalar("label", required: true);
        var queue = fields.Scalar("queue", required: true);
        fields.ReportUnknownFields();
        if (id is not null && !ReasonId().IsMatch(id.Value!))
        {
            errors.At(id.Start, $"appointments: reason id '{id.Value}' must use only a-z, 0-9 and '-', starting with a letter or digit (it is part of URLs)");
        }

        if (label is not null && !IsLabel(label.Value!))
        {
            errors.At(label.Start, $"appointments: reason label must be at most {MaxLabelLength} characters, without control characters");
        }

        if (queue is not null)
        {
            CheckQueue(queue, network, queues, errors);
        }

        return errors.Count == errorsBefore ? new AppointmentReason(id!.Value!, label!.Value!.Trim(), queue!.Value!) : null;
    }

    private static void CheckQueue(YamlScalarNode queue, string? network, QueuesFile queues, ErrorSink errors)
    {
        var id = queue.Value!;
        var definition = queues.Queues.Find(id);
        if (!queues.Declared.Contains(id))
        {
            if (queues.Readable)
            {
                errors.At(queue.Start, $"appointments: queue '{id}' is not declared in {IvrQueues.FileName}");
            }
        }
        else if (definition is null)
        {
            // Declared with errors of its own: reported in the queues file.
        }
        else if (network is not null && definition.Network != network)
        {
            errors.At(queue.Start, $"appointments: queue '{id}' belongs to network {definition.Network}, not {network}");
        }
        else if (definition.Appointments is null)
        {
            errors.At(queue.Start, $"appointments: queue '{id}' takes no appointments: give it 'appointments: {{ slot, per-slot, days-ahead }}' in {IvrQueues.FileName}");
        }
    }

    private static bool IsLabel(string text) => text.Trim().Length <= MaxLabelLength && !text.Any(char.IsControl);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex ReasonId();
}
