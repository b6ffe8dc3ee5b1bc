using System.Globalization;

namespace Telephony.Ivr;

/// <summary>A queue definition in one line, for the simulator and the check summary.</summary>
internal static class QueueInWords
{
    public static string Describe(QueueDefinition queue)
    {
        var parts = new List<string> { $"\"{queue.Name}\"" };
        if (queue.MaxWaiting is { } max)
        {
            parts.Add($"at most {max} waiting");
        }

        if (queue.WhenNoAgent == QueueNoAgentRule.Overflow)
        {
            parts.Add("no agent logged in: overflow");
        }

        if (queue.MayRefuse)
        {
            parts.Add(queue.OverflowQueueId is { } overflow ? $"then overflows to {overflow}" : "then refuses (on-full)");
        }

        parts.Add(queue.MaxWait is { } wait ? $"max wait {Duration(wait)}" : "no max wait");
        parts.Add($"ring {Duration(queue.RingTimeout)}");
        parts.Add($"wrap-up {Duration(queue.WrapUp)}");
        if (queue.AnnouncementInterval is { } every)
        {
            parts.Add($"announcements every {Duration(every)}");
        }

        return string.Join(", ", parts);
    }

    private static string Duration(TimeSpan duration) => duration.TotalSeconds >= 60 && duration.TotalSeconds % 60 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");
}
